import {
  AltegioAuthenticationError,
  AltegioNotFoundError,
  AltegioPaymentRequiredError,
  AltegioPermissionError,
  AltegioRateLimitError,
  AltegioServerError,
  AltegioValidationError,
} from "../../../src/facade/errors.js";

/** Each HTTP failure status and the error class it must become. */
export const STATUS_ERROR_CASES = [
  [400, AltegioValidationError],
  [422, AltegioValidationError],
  [401, AltegioAuthenticationError],
  [402, AltegioPaymentRequiredError],
  [403, AltegioPermissionError],
  [404, AltegioNotFoundError],
  [429, AltegioRateLimitError],
  [500, AltegioServerError],
  [502, AltegioServerError],
  [503, AltegioServerError],
  [504, AltegioServerError],
] as const;

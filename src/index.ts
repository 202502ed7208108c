// Public entry point of altegio-sdk: only what users are meant to import.
export {
  createAltegioClient,
  DEFAULT_BASE_URL,
  type AltegioApi,
  type AltegioClient,
  type AltegioClientOptions,
  type AltegioLocation,
  type AltegioLocationApi,
  type AltegioLoginResult,
  type AltegioV1Api,
  type AltegioV2Api,
  type AuthenticatedUser,
  type V1Paths,
  type V2Paths,
} from "./facade/client.js";
export { ALTEGIO_ACCEPT, type TokenSource } from "./facade/auth.js";
export type { DataMethods } from "./facade/data-methods.js";
export type { LoginCredentials, LoginOptions, TwoFactorChallenge } from "./facade/login.js";
export {
  AltegioAbortError,
  AltegioApiError,
  AltegioAuthenticationError,
  AltegioConfigurationError,
  AltegioConnectionError,
  AltegioError,
  AltegioJsonApiIncludeError,
  AltegioMissingUserTokenError,
  AltegioPathParameterError,
  AltegioNotFoundError,
  AltegioPaginationLoopError,
  AltegioPaymentRequiredError,
  AltegioPermissionError,
  AltegioRateLimitError,
  AltegioRedirectError,
  AltegioResponseTooLargeError,
  AltegioServerError,
  AltegioTimeoutError,
  AltegioValidationError,
  type FieldErrors,
} from "./facade/errors.js";
export {
  createRateLimiter,
  ALTEGIO_RATE_LIMITS,
  type RateLimit,
  type RateLimiter,
  type RateLimiterOptions,
} from "./facade/rate-limiter.js";
export type { RetryOptions } from "./facade/retry.js";
export type { AltegioRequestOptions } from "./facade/transport.js";
export type {
  AltegioLogger,
  RateLimitWaitEvent,
  RequestErrorEvent,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  TransportHooks,
} from "./facade/events.js";
export {
  unwrap,
  type UnwrapOptions,
  type Unwrapped,
  type UnwrappedDocument,
  type UnwrappedResource,
} from "./facade/jsonapi.js";
export { listOperations, type AltegioOperation, type ApiVersion } from "./facade/operation-tables.js";
export type { AuthKind, HttpMethod, LocationParam, PaginationInfo } from "./facade/operations.js";
export type { Page } from "./facade/pagination.js";
export type { PaginatedList, PaginationOptions } from "./facade/paginate-client.js";

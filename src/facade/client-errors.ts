/** Errors of the client layer that are not about an HTTP exchange: both are thrown before any request. */
import { AltegioError, nameErrorClass, type AltegioErrorOptions } from "./errors.js";
import type { OperationInfo } from "./operation-info.js";
import { describeOperation } from "./operations-index.js";

/** The client options are unusable (missing partner token, bad base URL, ...). Thrown at creation. */
export class AltegioConfigurationError extends AltegioError {}
nameErrorClass(AltegioConfigurationError, "AltegioConfigurationError");

/** An operation that needs a user token was called on a client without one. No request was sent. */
export class AltegioMissingUserTokenError extends AltegioError {
  readonly operationId: string;
  /** The operation's path template, e.g. `/company/{location_id}/services`. */
  readonly path: string;

  constructor(operation: OperationInfo, options: AltegioErrorOptions = {}) {
    super(
      `${describeOperation(operation)} needs a user token, but this client has none. ` +
        "Get one with `await altegio.login({ login, password })`, or pass a token you already have with " +
        "`altegio.withUserToken(token)` or the `userToken` option of createAltegioClient.",
      options,
    );
    this.operationId = operation.operationId;
    this.path = operation.path;
  }
}
nameErrorClass(AltegioMissingUserTokenError, "AltegioMissingUserTokenError");

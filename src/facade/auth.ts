/**
 * Authentication and standard headers, set on a Request before it is sent. Which `Authorization` form
 * a request gets is decided per operation from the generated table (looked up by method + schema
 * path): `Bearer <partner>, User <user>` for user operations, `Bearer <partner>` for partner
 * operations; so is `Accept` for operations that answer with a file.
 */
import {
  AltegioAbortError,
  AltegioConfigurationError,
  AltegioError,
  AltegioMissingUserTokenError,
  type AltegioErrorOptions,
} from "./errors.js";
import type { OperationInfo } from "./operations.js";
import { reportedFailure, type TokenWait } from "./transport.js";
import { checkTokenResult } from "./validation.js";

/**
 * A token, or a function returning the current one (called for every request, so rotated tokens
 * are picked up). A user-token function may return `undefined` or `""` to mean "no user token".
 * Leading and trailing whitespace is trimmed (a token read from a file ends in `\n`).
 */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface Credentials {
  readonly partnerToken: TokenSource;
  readonly userToken?: TokenSource | undefined;
}

/** Media type Altegio requires in `Accept` on every request (a plain `application/json` gets 406). */
export const ALTEGIO_ACCEPT = "application/vnd.api.v2+json";

type MaybePromise<T> = T | Promise<T>;

type TokenName = "partnerToken" | "userToken";

/**
 * Synchronous for string tokens (checked when the client was made) and sync providers, so most
 * requests skip an await. What a provider returns is checked on every call: trimmed, and a token a
 * header cannot carry is an AltegioConfigurationError naming the option, never a TypeError holding it.
 */
function resolveToken(
  source: TokenSource | undefined,
  name: TokenName,
  request: Request,
  wait: TokenWait | undefined,
): MaybePromise<string | undefined> {
  if (typeof source !== "function") return source;
  const context = { method: request.method, url: request.url };
  const check = (token: unknown) => checkTokenResult(token, `The ${name} function`, context);
  // What the caller's function throws is kept as `cause`, not quoted: it may hold the token it failed to get.
  const failed = (error: unknown): never => {
    throw reportedFailure(
      error instanceof AltegioError
        ? error
        : new AltegioConfigurationError(`The ${name} function failed; the request was not sent`, { ...context, cause: error }),
    );
  };
  try {
    const token = source();
    if (!(token instanceof Promise)) return check(token);
    return abortable(wait ? wait(request, token) : token, request.signal, context)
      .then(check)
      .catch(failed);
  } catch (error) {
    return failed(error);
  }
}

/** A provider's promise, cut short by the caller's signal: one that never settles must not hang the call. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal, context: AltegioErrorOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new AltegioAbortError({ ...context, cause: signal.reason }));
    // Handled even when the signal has already aborted: an unhandled rejection ends a Node process.
    promise.then(resolve, reject).then(() => signal.removeEventListener("abort", onAbort));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function authorizationValue(partnerToken: string, userToken: string | undefined): string {
  return userToken === undefined ? `Bearer ${partnerToken}` : `Bearer ${partnerToken}, User ${userToken}`;
}

function setAuthorization(request: Request, userToken: string | undefined, partnerToken: string | undefined): Request {
  if (partnerToken === undefined) {
    throw reportedFailure(
      new AltegioConfigurationError("The partnerToken function returned no token", { method: request.method, url: request.url }),
    );
  }
  request.headers.set("Authorization", authorizationValue(partnerToken, userToken));
  return request;
}

/** A user operation without a user token fails here, before the partner token is even resolved. */
function authorizeWithUser(
  request: Request,
  operation: OperationInfo | undefined,
  credentials: Credentials,
  userToken: string | undefined,
  wait: TokenWait | undefined,
): MaybePromise<Request> {
  if (operation?.auth === "user" && userToken === undefined) {
    throw new AltegioMissingUserTokenError(operation, { method: request.method, url: request.url });
  }
  const partnerToken = resolveToken(credentials.partnerToken, "partnerToken", request, wait);
  return partnerToken instanceof Promise
    ? partnerToken.then((partner) => setAuthorization(request, userToken, partner))
    : setAuthorization(request, userToken, partnerToken);
}

/**
 * Sets `Authorization` on a request; nothing reaches the network for a user operation without a
 * user token. `partner-optional-user` operations (the spec and its documented header disagree) and
 * operations missing from the table (not in the spec) get the user token when the client has one,
 * and are never refused for its absence.
 */
function authorize(
  request: Request,
  operation: OperationInfo | undefined,
  credentials: Credentials,
  wait: TokenWait | undefined,
): MaybePromise<Request> {
  const userToken = operation?.auth === "partner" ? undefined : resolveToken(credentials.userToken, "userToken", request, wait);
  return userToken instanceof Promise
    ? userToken.then((user) => authorizeWithUser(request, operation, credentials, user, wait))
    : authorizeWithUser(request, operation, credentials, userToken, wait);
}

/** `Accept` for an operation: Altegio's media type, plus the file types of a download (errors stay JSON). */
function acceptFor(fileMediaTypes: readonly string[] | null | undefined): string {
  return fileMediaTypes ? [ALTEGIO_ACCEPT, ...fileMediaTypes].join(", ") : ALTEGIO_ACCEPT;
}

/**
 * `Accept` defaults to Altegio's media type — with the file types of operations that answer with a
 * file (from the generated table) — and a caller's own `Accept` wins. `Content-Type` is only sent
 * with a body, even when a caller put one in the client-level headers.
 */
function setStandardHeaders(request: Request, operation: OperationInfo | undefined): void {
  const headers = request.headers;
  if (!headers.has("Accept")) headers.set("Accept", acceptFor(operation?.fileMediaTypes));
  if (request.body === null) headers.delete("Content-Type");
}

/**
 * Standard headers and `Authorization` for `operation` (the table's entry, if any), set in place on
 * `request`. Synchronous unless a token provider returns a promise, whose wait `wait` bounds.
 */
export function authorizeRequest(
  request: Request,
  operation: OperationInfo | undefined,
  credentials: Credentials,
  wait?: TokenWait,
): MaybePromise<void> {
  setStandardHeaders(request, operation);
  const authorized = authorize(request, operation, credentials, wait);
  return authorized instanceof Promise ? authorized.then(() => undefined) : undefined;
}

/**
 * Public entry point of altegio-sdk: only what users are meant to import.
 *
 * The layers of src/facade, from the outside in (a request travels down, its answer back up):
 * - client.ts: `createAltegioClient`, composing everything below per API version; derived clients
 *   (`withUserToken`, `location`, `login` in login.ts) share one transport.
 * - surfaces over openapi-fetch: named methods (named.ts, named-types.ts), data-or-throw methods
 *   (data-methods.ts), `paginate` (paginate-client.ts over the HTTP-agnostic pagination.ts and the
 *   Altegio body readers of list-bodies.ts), location scope (location.ts, scoped-client.ts),
 *   JSON:API unwrapping (jsonapi.ts, jsonapi-types.ts); shared types in typed-client.ts.
 * - the request function under every surface (version-request.ts): route check (path-guard.ts), auth
 *   and headers (auth.ts), query styles (query-styles.ts), all driven by the generated operation table
 *   (operations.ts decodes it, operation-tables.ts holds it per version); run by the transport, or as
 *   the first middleware once a caller adds middleware.
 * - the transport, the fetch openapi-fetch calls (transport.ts): rate limiting (rate-limiter.ts),
 *   per-attempt deadlines (deadline.ts, abort.ts), the retry decision (retry.ts), bounded body
 *   reading (response-body.ts), hooks and logging (events.ts).
 * - leaves used everywhere: the error hierarchy (errors.ts), Altegio body reading (api-body.ts),
 *   redaction of secrets (redact.ts), checks of caller input (validation.ts).
 * Subpath entries: altegio-sdk/webhooks, altegio-sdk/redis, altegio-sdk/testing (src/<name>/).
 */
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

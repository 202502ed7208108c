/**
 * Every error class of the SDK, in one hierarchy under `AltegioError`:
 * - thrown before any request: `AltegioConfigurationError`, `AltegioMissingUserTokenError`,
 *   `AltegioPathParameterError`;
 * - no HTTP answer: `AltegioConnectionError`, `AltegioTimeoutError`, `AltegioAbortError`;
 * - an HTTP answer that is a failure: `AltegioApiError` and one subclass per status family;
 * - after a successful answer: `AltegioJsonApiIncludeError` (unwrap), `AltegioPaginationLoopError`;
 * - thrown by the subpath entries only: `AltegioWebhookPayloadError` (altegio-sdk/webhooks),
 *   `AltegioRateLimiterUnavailableError` (altegio-sdk/redis).
 * Errors keep only what is safe to print: the method, a redacted URL, the response status/headers
 * and a redacted copy of the body. Requests and their headers are never stored.
 */
import { apiMessageOf, bodyExcerptOf, fieldErrorsOf, normalizeFieldErrors, parseJsonText, type FieldErrors } from "./api-body.js";
import type { OperationInfo } from "./operations.js";
import { describeOperation } from "./operations.js";
import { isSecretKey, maskCutSecret, REDACTED, redactText, redactUrl, redactValue, textRedactor, TRUNCATED } from "./redact.js";
import { isBodyCut } from "./response-body.js";
import { parseRetryAfter, retryHintOf } from "./retry.js";

export type { FieldErrors };

export interface AltegioErrorOptions {
  /** HTTP method of the request, when the error concerns one. */
  method?: string | null;
  /** Request URL; credentials in it are redacted before it is stored. */
  url?: string | null;
  cause?: unknown;
}

/** Names survive minification and show up in `String(error)` without being an own property. */
function nameErrorClass(errorClass: { prototype: Error }, name: string): void {
  Object.defineProperty(errorClass.prototype, "name", { value: name, writable: true, configurable: true });
}

/** Base class of every error the SDK throws. */
export class AltegioError extends Error {
  readonly method: string | null;
  readonly url: string | null;

  constructor(message: string, options: AltegioErrorOptions = {}) {
    super(redactText(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.method = options.method ?? null;
    this.url = options.url == null ? null : redactUrl(options.url);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, method: this.method, url: this.url };
  }
}
nameErrorClass(AltegioError, "AltegioError");

/**
 * The client options are unusable (missing partner token, bad base URL, ...): thrown at creation. Also
 * thrown before sending when a token function returns an unusable token, or per-request options are bad.
 */
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

/**
 * A path parameter would change which endpoint the request reaches (`..`, `.`, an empty value) or is
 * missing. No request was sent.
 */
export class AltegioPathParameterError extends AltegioError {
  /** The parameter at fault, when one can be named. */
  readonly parameter: string | null;
  /** The operation's path template, e.g. `/locations/{location_id}/attendances/{attendance_id}`. */
  readonly path: string;

  constructor(message: string, parameter: string | null, path: string, options: AltegioErrorOptions = {}) {
    super(message, options);
    this.parameter = parameter;
    this.path = path;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), parameter: this.parameter, path: this.path };
  }
}
nameErrorClass(AltegioPathParameterError, "AltegioPathParameterError");

/** A primary resource lacks linkage for a relationship the caller asked the server to include. */
export class AltegioJsonApiIncludeError extends AltegioError {
  readonly resourceType: unknown;
  readonly resourceId: unknown;
  readonly relationship: string;

  constructor(resourceType: unknown, resourceId: unknown, relationship: string) {
    super(`JSON:API resource ${String(resourceType)} ${String(resourceId)} has no linkage for the included relationship "${relationship}"`);
    this.resourceType = resourceType;
    this.resourceId = resourceId;
    this.relationship = relationship;
  }
}
nameErrorClass(AltegioJsonApiIncludeError, "AltegioJsonApiIncludeError");

/** The server answered a page with the same items as the page before it. */
export class AltegioPaginationLoopError extends AltegioError {
  readonly page: number;
  /** The earlier page whose items `page` repeats. */
  readonly repeats: number;

  constructor(page: number, repeats = page - 1) {
    super(`Pagination loop: page ${page} repeats the items of page ${repeats}; the server seems to ignore the page number`);
    this.page = page;
    this.repeats = repeats;
  }
}
nameErrorClass(AltegioPaginationLoopError, "AltegioPaginationLoopError");

export type WebhookPayloadProblem = "not-json" | "not-an-object" | "invalid-field";

/** A webhook body that is not an Altegio event: not JSON, or a required field missing or of the wrong type. */
export class AltegioWebhookPayloadError extends AltegioError {
  readonly problem: WebhookPayloadProblem;
  /** The field at fault (`company_id`, `resource`, ...), or `null` for the body as a whole. */
  readonly field: string | null;

  constructor(problem: WebhookPayloadProblem, message: string, field: string | null = null) {
    super(`Invalid Altegio webhook: ${message}`);
    this.problem = problem;
    this.field = field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), problem: this.problem, field: this.field };
  }
}
nameErrorClass(AltegioWebhookPayloadError, "AltegioWebhookPayloadError");

/** A shared rate limiter could not reach its store (Redis) for as long as it was allowed to wait; nothing was sent. */
export class AltegioRateLimiterUnavailableError extends AltegioError {
  /** How long the request waited for the store before giving up. */
  readonly waitedMs: number;

  constructor(waitedMs: number, cause: unknown) {
    const reason = cause instanceof Error ? `: ${cause.message}` : "";
    super(`The shared rate limiter's store was unreachable for ${Math.round(waitedMs)} ms; the request was not sent${reason}`, { cause });
    this.waitedMs = waitedMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), waitedMs: this.waitedMs };
  }
}
nameErrorClass(AltegioRateLimiterUnavailableError, "AltegioRateLimiterUnavailableError");

function requestLabel(method: string | null, url: string | null): string {
  return [method, url].filter((part) => part !== null).join(" ");
}

/**
 * The network failed (DNS, refused or dropped connection, TLS): no HTTP response arrived. `cause` is
 * a copy of what fetch threw (same prototype and fields), its messages and stack scrubbed: a custom
 * fetch may put the request URL, query and all, in them.
 */
export class AltegioConnectionError extends AltegioError {
  /**
   * `knownSecrets`: the credentials the request carried. What `fetch` threw is another library's
   * text (a proxy, a test double, a wrapper), which may quote them bare.
   */
  constructor(options: AltegioErrorOptions = {}, knownSecrets: readonly string[] = []) {
    const scrub = knownSecrets.length > 0 ? textRedactor(knownSecrets) : redactText;
    const reason = options.cause instanceof Error ? describeCause(options.cause) : null;
    super(
      `Could not reach the Altegio API: ${requestLabel(options.method ?? null, options.url ?? null)}` +
        (reason ? ` (${scrub(reason)})` : ""),
      { ...options, cause: scrubbedError(options.cause, scrub) },
    );
  }
}
nameErrorClass(AltegioConnectionError, "AltegioConnectionError");

function scrubbedError(error: unknown, scrub: (text: string) => string, depth = 0): unknown {
  if (depth > 3) return TRUNCATED;
  // A plain object (thrown as such, or a field such as `request: { url, headers }`) may hold the URL too.
  if (!(error instanceof Error)) return redactValue(error, scrub);
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  // Own data properties, also where the original has getters (DOMException's `message`, a `stack` accessor).
  for (const key of new Set(["name", "message", "stack", ...Reflect.ownKeys(error)])) {
    const value: unknown = Reflect.get(error, key);
    Object.defineProperty(copy, key, {
      value:
        typeof key === "string" && isSecretKey(key)
          ? REDACTED
          : typeof value === "string"
            ? scrub(value)
            : scrubbedError(value, scrub, depth + 1),
      enumerable: {}.propertyIsEnumerable.call(error, key),
      writable: true,
    });
  }
  return copy;
}

/** undici reports "fetch failed" and hides the useful part (`ECONNRESET`, "other side closed") in `cause`. */
function describeCause(error: Error): string {
  const inner = error.cause instanceof Error ? error.cause : null;
  const code = (inner as { code?: unknown } | null)?.code ?? (error as { code?: unknown }).code;
  const parts = [inner?.message ?? error.message, typeof code === "string" ? code : null];
  return [...new Set(parts.filter((part): part is string => Boolean(part)))].join(", ");
}

/** One attempt took longer than `timeoutMs` (the SDK's per-attempt timeout, not the caller's signal). */
export class AltegioTimeoutError extends AltegioError {
  readonly timeoutMs: number;

  /** `late`: what did not happen in time, when it was not the API's answer (a token function's). */
  constructor(timeoutMs: number, options: AltegioErrorOptions = {}, late = "The Altegio API did not answer") {
    super(`${late} within ${timeoutMs} ms: ${requestLabel(options.method ?? null, options.url ?? null)}`, options);
    this.timeoutMs = timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}
nameErrorClass(AltegioTimeoutError, "AltegioTimeoutError");

/** A success body is larger than `maxResponseBytes`: reading stopped there, and nothing past it was kept. */
export class AltegioResponseTooLargeError extends AltegioError {
  readonly limitBytes: number;

  constructor(limitBytes: number, options: AltegioErrorOptions = {}) {
    super(
      `The Altegio API answered with a body larger than maxResponseBytes (${limitBytes} bytes): ${requestLabel(options.method ?? null, options.url ?? null)}`,
      options,
    );
    this.limitBytes = limitBytes;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limitBytes: this.limitBytes };
  }
}
nameErrorClass(AltegioResponseTooLargeError, "AltegioResponseTooLargeError");

/** The caller aborted (its `AbortSignal` fired) — while waiting, in flight, or reading the body. */
export class AltegioAbortError extends AltegioError {
  constructor(options: AltegioErrorOptions = {}) {
    const label = requestLabel(options.method ?? null, options.url ?? null);
    super(label ? `Request aborted: ${label}` : "Request aborted", options);
  }
}
nameErrorClass(AltegioAbortError, "AltegioAbortError");

export interface ApiErrorDetails {
  status: number;
  statusText: string;
  method: string;
  url: string;
  /** The server's own message (`meta.message`), redacted. */
  apiMessage: string | null;
  requestId: string | null;
  fieldErrors: FieldErrors;
  /** Parsed JSON body with secret fields masked, or `null` when the body was not JSON. */
  body: unknown;
  bodyExcerpt: string | null;
  headers: Headers;
}

/** The API answered, and the answer is a failure (non-2xx, or a 2xx envelope with `success: false` or JSON:API `errors`). */
export class AltegioApiError extends AltegioError {
  declare readonly method: string;
  declare readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly apiMessage: string | null;
  /** Correlation id from `X-Request-Id`-style response headers, for support tickets. */
  readonly requestId: string | null;
  /** Field errors keyed as the server sent them (e.g. `"[date_to]"`); see `normalizedFieldErrors`. */
  readonly fieldErrors: Readonly<FieldErrors>;
  readonly body: unknown;
  /** Short text of a non-JSON body (e.g. "502 Bad Gateway" from an nginx page). */
  readonly bodyExcerpt: string | null;
  /** Response headers (`Set-Cookie` removed). */
  readonly headers: Headers;

  constructor(summary: string, details: ApiErrorDetails) {
    super(composeApiMessage(summary, details), { method: details.method, url: details.url });
    this.status = details.status;
    this.statusText = details.statusText;
    this.apiMessage = details.apiMessage;
    this.requestId = details.requestId;
    this.fieldErrors = details.fieldErrors;
    this.body = details.body;
    this.bodyExcerpt = details.bodyExcerpt;
    this.headers = details.headers;
  }

  /** Field errors keyed by readable paths: `"[date_to]"` → `"date_to"`, `"staff[0][id]"` → `"staff.0.id"`. */
  get normalizedFieldErrors(): FieldErrors {
    return normalizeFieldErrors(this.fieldErrors);
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      statusText: this.statusText,
      apiMessage: this.apiMessage,
      requestId: this.requestId,
      fieldErrors: this.fieldErrors,
      body: this.body,
      bodyExcerpt: this.bodyExcerpt,
    };
  }
}
nameErrorClass(AltegioApiError, "AltegioApiError");

/** The server's text in `message` is cut to this (the fields keep it whole): a 1 MB message stays out of log lines. */
const MESSAGE_DETAIL_CHARS = 500;
const clip = (text: string): string => (text.length > MESSAGE_DETAIL_CHARS ? `${text.slice(0, MESSAGE_DETAIL_CHARS - 1)}…` : text);

function composeApiMessage(summary: string, details: ApiErrorDetails): string {
  const detail = clip(details.apiMessage ?? details.bodyExcerpt ?? "");
  const fields = clip(
    Object.entries(normalizeFieldErrors(details.fieldErrors))
      .slice(0, 3)
      .map(([field, messages]) => `${field}: ${messages.join(", ")}`)
      .join("; "),
  );
  const where = `${details.method} ${redactUrl(details.url)} → HTTP ${details.status}`;
  const requestId = details.requestId ? `, request id ${details.requestId}` : "";
  return `${summary}${detail ? `: ${detail}` : ""}${fields ? ` (${fields})` : ""} [${where}${requestId}]`;
}

/** 400/422, or a `success: false` body that lists field errors. */
export class AltegioValidationError extends AltegioApiError {}
nameErrorClass(AltegioValidationError, "AltegioValidationError");

/** 401: the partner or user token is missing, wrong or expired. */
export class AltegioAuthenticationError extends AltegioApiError {}
nameErrorClass(AltegioAuthenticationError, "AltegioAuthenticationError");

/** 402: the location's Altegio licence has expired (or is unpaid). */
export class AltegioPaymentRequiredError extends AltegioApiError {}
nameErrorClass(AltegioPaymentRequiredError, "AltegioPaymentRequiredError");

/** 403: the user has no right to this location or operation. */
export class AltegioPermissionError extends AltegioApiError {}
nameErrorClass(AltegioPermissionError, "AltegioPermissionError");

/** 404 */
export class AltegioNotFoundError extends AltegioApiError {}
nameErrorClass(AltegioNotFoundError, "AltegioNotFoundError");

/** 429: too many requests (Altegio allows 5 per second and 200 per minute per IP). */
export class AltegioRateLimitError extends AltegioApiError {
  /** From `Retry-After`, else from the wait Altegio names in `meta.message` ("… in 3 seconds"); `null` when neither. */
  readonly retryAfterMs: number | null;

  constructor(summary: string, details: ApiErrorDetails) {
    super(summary, details);
    this.retryAfterMs = parseRetryAfter(details.headers.get("retry-after")) ?? retryHintOf(details.apiMessage);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}
nameErrorClass(AltegioRateLimitError, "AltegioRateLimitError");

/**
 * 3xx: the SDK never follows a redirect (it could carry a body with a password to another origin, or
 * turn a POST into a GET). `location` is where the server pointed, redacted.
 */
export class AltegioRedirectError extends AltegioApiError {
  readonly location: string | null;

  constructor(summary: string, details: ApiErrorDetails) {
    super(summary, details);
    const location = details.headers.get("location");
    this.location = location === null ? null : redactUrl(location);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), location: this.location };
  }
}
nameErrorClass(AltegioRedirectError, "AltegioRedirectError");

/** 5xx, including gateway pages (502/503/504) that are not JSON. */
export class AltegioServerError extends AltegioApiError {}
nameErrorClass(AltegioServerError, "AltegioServerError");

type ApiErrorClass = new (summary: string, details: ApiErrorDetails) => AltegioApiError;

const BY_STATUS: ReadonlyMap<number, [ApiErrorClass, string]> = new Map<number, [ApiErrorClass, string]>([
  [400, [AltegioValidationError, "Invalid request"]],
  [422, [AltegioValidationError, "Validation failed"]],
  [401, [AltegioAuthenticationError, "Authentication failed (check the partner and user tokens)"]],
  [402, [AltegioPaymentRequiredError, "Payment required: the location's Altegio licence has expired or is unpaid"]],
  [403, [AltegioPermissionError, "Permission denied"]],
  [404, [AltegioNotFoundError, "Not found"]],
  [429, [AltegioRateLimitError, "Rate limited by Altegio (5 requests/s, 200 requests/min)"]],
]);

function classify(status: number, ok: boolean, isJson: boolean, fieldErrors: FieldErrors): [ApiErrorClass, string] {
  if (ok) {
    if (!isJson) return [AltegioApiError, "Altegio answered with a body that is not JSON"];
    return Object.keys(fieldErrors).length > 0
      ? [AltegioValidationError, "Validation failed"]
      : [AltegioApiError, "Altegio reported a failure"];
  }
  if ((status >= 300 && status < 400) || status === 0) {
    return [AltegioRedirectError, "Altegio answered with a redirect, which the SDK does not follow"];
  }
  const known = BY_STATUS.get(status);
  if (known) return known;
  if (status >= 500 && status <= 599) return [AltegioServerError, "Altegio server error"];
  return [AltegioApiError, "Altegio API error"];
}

const REQUEST_ID_HEADERS = ["x-request-id", "x-correlation-id", "request-id", "x-amzn-requestid", "cf-ray"];

/** The correlation id a server or gateway put on a response, for support tickets and logs. */
export function requestIdOf(headers: Headers): string | null {
  return REQUEST_ID_HEADERS.map((name) => headers.get(name)).find((id) => id) ?? null;
}

/** The response headers without `Set-Cookie`, secret-named ones masked and the rest scrubbed (a server may echo a token). */
function safeResponseHeaders(headers: Headers, scrub: (text: string) => string): Headers {
  const safe = new Headers();
  headers.forEach((value, name) => {
    if (name !== "set-cookie") safe.set(name, isSecretKey(name) ? REDACTED : scrub(value));
  });
  return safe;
}

export interface ErrorFromResponseInfo {
  method: string;
  url: string;
  response: Response;
  /** The response body as text (the caller reads it; this function never touches `response.body`). */
  bodyText: string;
  /** Raw credentials of the request, scrubbed from any text taken from the body. */
  knownSecrets?: readonly string[];
}

/** Builds the error matching a failed response: by HTTP status, or by the body for a 2xx failure body. */
export function errorFromResponse(info: ErrorFromResponseInfo): AltegioApiError {
  const { response, bodyText } = info;
  const secrets = info.knownSecrets ?? [];
  const scrub = textRedactor(secrets);
  const parsed = parseJsonText(bodyText);
  const headers = safeResponseHeaders(response.headers, scrub);
  // Field names are scrubbed too: a hostile server may echo a password as one.
  const fieldErrors = Object.fromEntries(
    Object.entries(fieldErrorsOf(parsed)).map(([field, messages]) => [scrub(field), messages.map(scrub)]),
  );
  const apiMessage = apiMessageOf(parsed);
  const [ErrorClass, summary] = classify(response.status, response.ok, parsed !== undefined, fieldErrors);
  return new ErrorClass(summary, {
    status: response.status,
    statusText: scrub(response.statusText),
    method: info.method.toUpperCase(),
    url: redactUrl(info.url),
    apiMessage: apiMessage === null ? null : scrub(apiMessage),
    requestId: requestIdOf(headers),
    fieldErrors,
    body: parsed === undefined ? null : redactValue(parsed, scrub),
    bodyExcerpt:
      parsed === undefined
        ? bodyExcerptOf(bodyText, scrub, { cut: isBodyCut(response), maskCutEnd: (head) => maskCutSecret(head, secrets) })
        : null,
    headers,
  });
}

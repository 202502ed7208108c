/**
 * Checks of everything a caller configures — client options, per-request transport settings and
 * tokens — so a mistake becomes an AltegioConfigurationError that names the option, instead of a
 * TypeError or RangeError from deep inside fetch. Secret values (tokens, passwords, header values)
 * are never echoed; other values are, briefly, to help find the mistake.
 */
import { isPlainObject, isRecord } from "./api-body.js";
import type { TokenSource } from "./auth.js";
import type { AltegioClientOptions } from "./client.js";
import { AltegioConfigurationError, type AltegioErrorOptions } from "./errors.js";
import type { RetryOptions } from "./retry.js";
import type { RawInit } from "./typed-client.js";

function fail(message: string, context?: AltegioErrorOptions): never {
  throw new AltegioConfigurationError(message, context);
}

/** A short description of a value that is not secret: `"abc"`, `-1`, `an object`. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a Date";
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}

// ---- Tokens ------------------------------------------------------------------------------------

/** Space, tab, CR and LF: what `Headers` itself strips from the ends of a value (Fetch "HTTP whitespace"). */
function isHttpWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function trimHttpWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isHttpWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function describeTokenCharacter(code: number): string | null {
  if (code === 0x0a) return "a line break (LF)";
  if (code === 0x0d) return "a line break (CR)";
  if (code === 0x00) return "a NUL character";
  if (code === 0x20 || code === 0x09) return "whitespace";
  if (code < 0x20 || code === 0x7f) return "a control character";
  if (code > 0x7e) return "a non-ASCII character";
  // The Authorization value is `Bearer <partner>, User <user>`: a comma would split it.
  if (code === 0x2c) return "a comma";
  return null;
}

/**
 * A token as it goes into `Authorization`: surrounding whitespace (a token read from a file ends in
 * `\n`) is trimmed; `undefined` when nothing is left. Anything inside that a header cannot carry
 * throws, naming `label` and the position but never the token.
 */
export function checkToken(token: string, label: string, context?: AltegioErrorOptions): string | undefined {
  const trimmed = trimHttpWhitespace(token);
  for (let index = 0; index < trimmed.length; index++) {
    const problem = describeTokenCharacter(trimmed.charCodeAt(index));
    if (problem !== null) {
      fail(
        `${label} contains ${problem} at position ${index + 1} of ${trimmed.length}; a token must be printable ASCII ` +
          "without spaces or commas (leading and trailing whitespace is trimmed). The token itself is not shown.",
        context,
      );
    }
  }
  return trimmed === "" ? undefined : trimmed;
}

/** The token a token function returned: a string (checked), or nothing. */
export function checkTokenResult(token: unknown, label: string, context?: AltegioErrorOptions): string | undefined {
  if (token === undefined || token === null) return undefined;
  if (typeof token !== "string") fail(`${label} must resolve to a string or undefined (got ${describeType(token)})`, context);
  return checkToken(token, label, context);
}

function describeType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/**
 * A `partnerToken` / `userToken` option: a function (its results are checked per request), or a
 * string, returned checked and trimmed. `required` explains what to pass when it is missing or empty.
 */
export function checkTokenSource(source: unknown, label: string, required: string): TokenSource {
  if (typeof source === "function") return source as TokenSource;
  const token = typeof source === "string" ? checkToken(source, label) : undefined;
  if (token === undefined) fail(`${label} ${required} (got ${typeof source === "string" ? "an empty string" : describeType(source)})`);
  return token;
}

// ---- Base URL ------------------------------------------------------------------------------------

/** An absolute http(s) URL without credentials, query or fragment; returned without trailing slashes. */
export function checkBaseUrl(baseUrl: unknown): string {
  let parsed: URL | null = null;
  if (typeof baseUrl === "string") {
    try {
      parsed = new URL(baseUrl);
    } catch {
      parsed = null;
    }
  }
  // The value is not echoed: a mistyped URL may still hold a password.
  if (parsed === null) fail(`createAltegioClient: baseUrl must be an absolute http(s) URL (got ${describeType(baseUrl)} that is not one)`);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    fail(`createAltegioClient: baseUrl must be an http(s) URL (got the scheme ${JSON.stringify(parsed.protocol.slice(0, 20))})`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    fail(
      "createAltegioClient: baseUrl must not contain credentials (user:password@); the API authenticates with the partner " +
        "and user tokens. The URL is not shown because it holds a password.",
    );
  }
  if (parsed.search !== "" || parsed.hash !== "") {
    fail("createAltegioClient: baseUrl must not have a query string or a fragment (requests append /v1/... to it)");
  }
  let href = parsed.href;
  while (href.endsWith("/")) href = href.slice(0, -1);
  return href;
}

// ---- Transport options ---------------------------------------------------------------------------

/** A timeout in ms: a number >= 0 (`0` and `Infinity` mean none). */
export function checkTimeoutMs(value: unknown, name: string, context?: AltegioErrorOptions): number {
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    fail(`${name} must be a number of milliseconds >= 0 (0 turns the timeout off); got ${describeValue(value)}`, context);
  }
  return value;
}

function checkDelayMs(value: unknown, name: string, context?: AltegioErrorOptions): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    fail(`${name} must be a finite number of milliseconds >= 0; got ${describeValue(value)}`, context);
  }
}

function isHttpStatus(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 599;
}

const RETRY_DELAY_KEYS = ["baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const;
const RETRY_OPTIONS = Object.keys({
  retries: 0,
  baseDelayMs: 0,
  maxDelayMs: 0,
  maxRetryAfterMs: 0,
  retryOn: 0,
  retryNonIdempotent: 0,
} satisfies Record<keyof RetryOptions, 0>);

/** `false`, `undefined` or retry options whose known fields have the documented types. */
export function checkRetryOptions(value: unknown, name: string, context?: AltegioErrorOptions): RetryOptions | false | undefined {
  if (value === undefined || value === false) return value;
  if (!isRecord(value)) fail(`${name} must be false or an object of retry options; got ${describeValue(value)}`, context);
  refuseUnknown(Object.keys(value), RETRY_OPTIONS, name, context);
  const { retries, retryOn, retryNonIdempotent } = value;
  if (retries !== undefined && !(typeof retries === "number" && Number.isSafeInteger(retries) && retries >= 0)) {
    fail(`${name}.retries must be a whole number >= 0; got ${describeValue(retries)}`, context);
  }
  for (const key of RETRY_DELAY_KEYS) {
    if (value[key] !== undefined) checkDelayMs(value[key], `${name}.${key}`, context);
  }
  if (retryOn !== undefined && !(Array.isArray(retryOn) && retryOn.every(isHttpStatus))) {
    fail(
      `${name}.retryOn must be an array of HTTP status codes (integers 100-599), e.g. [429, 503]; got ${describeValue(retryOn)}`,
      context,
    );
  }
  if (retryNonIdempotent !== undefined && typeof retryNonIdempotent !== "boolean") {
    fail(`${name}.retryNonIdempotent must be a boolean; got ${describeValue(retryNonIdempotent)}`, context);
  }
  return value as RetryOptions;
}

type RequestOptions = { altegioRetry?: RetryOptions | false; altegioTimeoutMs?: number };

const NO_REQUEST_OPTIONS: RequestOptions = Object.freeze({});

/**
 * Per-request settings openapi-fetch copied onto the Request; present ones are checked. Most
 * requests carry none: they cost two property reads, and the URL an error would name is only read
 * for a request that has some.
 */
export function checkRequestOptions(
  request: { readonly url: string; altegioRetry?: unknown; altegioTimeoutMs?: unknown },
  method: string,
): RequestOptions {
  if (request.altegioRetry === undefined && request.altegioTimeoutMs === undefined) return NO_REQUEST_OPTIONS;
  const context: AltegioErrorOptions = { method, url: request.url };
  const result: RequestOptions = {};
  const retry = checkRetryOptions(request.altegioRetry, "altegioRetry", context);
  if (retry !== undefined) result.altegioRetry = retry;
  if (request.altegioTimeoutMs !== undefined)
    result.altegioTimeoutMs = checkTimeoutMs(request.altegioTimeoutMs, "altegioTimeoutMs", context);
  return result;
}

// ---- The remaining client options -------------------------------------------------------------------

const CLIENT_OPTIONS = Object.keys({
  partnerToken: 0,
  userToken: 0,
  baseUrl: 0,
  fetch: 0,
  timeoutMs: 0,
  maxResponseBytes: 0,
  retry: 0,
  rateLimit: 0,
  logger: 0,
  hooks: 0,
  headers: 0,
} satisfies Record<keyof AltegioClientOptions, 0>);

const squash = (name: string): string => name.toLowerCase().replace(/[-_]/g, "");

/**
 * Each option read once (a getter may throw, or answer differently the next time), so what is
 * checked is what is used. An unknown name (`baseURL`, `timeout`) would do nothing: it is refused,
 * with the option of the same first four letters.
 */
export function readClientOptions(options: object): AltegioClientOptions {
  let unknown: string | undefined;
  let read: object;
  try {
    unknown = Object.keys(options).find((name) => !CLIENT_OPTIONS.includes(name));
    read = Object.fromEntries(CLIENT_OPTIONS.map((name) => [name, (options as Record<string, unknown>)[name]]));
  } catch (error) {
    // Not quoted: a getter's message may hold the token it failed to get.
    fail("createAltegioClient: reading the options threw (see cause)", { cause: error });
  }
  if (unknown !== undefined) refuseUnknown([unknown], CLIENT_OPTIONS, "createAltegioClient");
  return read as AltegioClientOptions;
}

/**
 * An option name nothing reads would do nothing: refused, suggesting the known one it spells
 * differently (`retry_on`), contains (`maxRetries`) or starts like (`headerz`).
 */
function refuseUnknown(names: readonly string[], known: readonly string[], label: string, context?: AltegioErrorOptions): void {
  const unknown = names.find((name) => !known.includes(name));
  if (unknown === undefined) return;
  const given = squash(unknown);
  const meant =
    known.find((name) => squash(name) === given) ??
    (given.length < 4 ? undefined : known.find((name) => given.includes(squash(name)) || squash(name).startsWith(given.slice(0, 4))));
  fail(`${label}: unknown option ${describeValue(unknown)}${meant ? `; did you mean ${meant}?` : ""}`, context);
}

const LOGGER_METHODS = ["debug", "info", "warn", "error"] as const;
const HOOK_NAMES = ["onRequest", "onResponse", "onRetry", "onRateLimitWait", "onError"] as const;

function checkFunctions(value: unknown, name: string, keys: readonly string[]): void {
  if (value === undefined) return;
  if (!isRecord(value)) fail(`createAltegioClient: ${name} must be an object; got ${describeValue(value)}`);
  for (const key of keys) {
    if (value[key] !== undefined && typeof value[key] !== "function") {
      fail(`createAltegioClient: ${name}.${key} must be a function; got ${describeValue(value[key])}`);
    }
  }
}

/** Header values may be secrets (an API key): only the header's name is ever shown. */
function checkHeaders(headers: unknown, label: string): void {
  if (headers === undefined || headers instanceof Headers) return;
  if (!isRecord(headers) || Symbol.iterator in headers) {
    try {
      new Headers(headers as ConstructorParameters<typeof Headers>[0]);
      return;
    } catch {
      fail(`${label} must be an object of header names and values, a Headers or a list of pairs`);
    }
  }
  for (const [name, value] of Object.entries(headers)) {
    try {
      new Headers([[name, ""]]);
    } catch {
      fail(`${label} has a key that is not a valid header name (${describeValue(name)})`);
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      // openapi-fetch would send "[object Object]".
      if (!isScalar(item)) fail(`${label}: the value of header ${JSON.stringify(name)} is ${describeValue(item)}`);
      try {
        new Headers([[name, String(item)]]);
      } catch {
        fail(
          `${label}: the value of header ${JSON.stringify(name)} cannot be sent (a line break, NUL or a character outside Latin-1); it is not shown`,
        );
      }
    }
  }
}

/**
 * Checks the options `createAltegioClient` takes besides tokens, base URL and rate limit; `timeoutMs`
 * and `retry` are checked by the transport, which also serves other callers.
 */
export function checkClientCallbacks(options: Record<string, unknown>): void {
  if (options["fetch"] !== undefined && typeof options["fetch"] !== "function") {
    fail(`createAltegioClient: fetch must be a function; got ${describeValue(options["fetch"])}`);
  }
  checkFunctions(options["logger"], "logger", LOGGER_METHODS);
  checkFunctions(options["hooks"], "hooks", HOOK_NAMES);
  checkHeaders(options["headers"], "createAltegioClient: headers");
}

// ---- One call's init -----------------------------------------------------------------------------

const PARSE_AS = ["json", "text", "blob", "arrayBuffer", "stream"];
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const SCALAR_TYPES = ["string", "boolean", "bigint"];

/** A string, a finite number, a boolean or a bigint: what goes into a URL as meant. */
export const isScalar = (value: unknown): boolean =>
  typeof value === "number" ? Number.isFinite(value) : SCALAR_TYPES.includes(typeof value);

const QUERY_SYNTAX = /[#&=+]/;

/** openapi-fetch drops a Date and sends a function's source, `NaN` or `ids=1,null`. */
function isQueryValue(value: unknown): boolean {
  if (value == null || isScalar(value)) return true;
  if (Array.isArray(value)) return value.every(isScalar);
  // A flat object (deepObject: `filter[a]=1`), whose null members are left out.
  return isPlainObject(value) && Object.values(value).every((item) => item == null || isScalar(item));
}

/** openapi-fetch sends URLSearchParams as a form only under exactly this Content-Type, as `{}` otherwise. */
function isFormHeaders(headers: RawInit["headers"]): boolean {
  try {
    return new Headers(headers as ConstructorParameters<typeof Headers>[0]).get("content-type") === "application/x-www-form-urlencoded";
  } catch {
    return false;
  }
}

/** A Node.js stream, an async generator or another library's stream: data to read, not JSON. */
function isStreamLike(value: unknown): value is { constructor?: { name?: string } } {
  return (
    typeof value === "object" &&
    value !== null &&
    (Symbol.asyncIterator in value || typeof (value as { pipe?: unknown }).pipe === "function")
  );
}

/**
 * What openapi-fetch would send wrongly (a query Date dropped, a Blob body sent as `{}`), or fail on
 * with a TypeError (an unknown `parseAs` only once the response is in, after a write was made), is
 * refused before anything is built. Path parameters are the route check's.
 */
export function checkCallInit(method: string, path: unknown, init: RawInit | null | undefined): void {
  // Built only when needed: this runs on every call.
  const label = () => `${String(method).toUpperCase()} ${String(path)}:`;
  let problem = typeof path === "string" ? "" : "the path is not a string";
  if (!HTTP_METHODS.includes(method)) problem = `the method is not one of ${HTTP_METHODS}`;
  const { parseAs, headers, params, body }: RawInit = init ?? NO_REQUEST_OPTIONS;
  if (parseAs !== undefined && !PARSE_AS.includes(parseAs)) problem = `parseAs is not one of ${PARSE_AS}`;
  // Checked here, as openapi-fetch's TypeError would quote a value that may be a secret.
  if (headers != null) checkHeaders(headers, `${label()} headers`);
  if (params?.["header"] != null) checkHeaders(params["header"], `${label()} params.header`);
  const query = params?.query;
  if (isRecord(query) && typeof init?.["querySerializer"] !== "function") {
    for (const name in query) {
      const value = query[name];
      if (!isQueryValue(value)) problem = `the query parameter ${name} is ${describeValue(value)}`;
      // openapi-fetch encodes values, not names or object keys: `#`, `&`, `=` or `+` there would change the query.
      else if (QUERY_SYNTAX.test(name) || (isPlainObject(value) && Object.keys(value).some((key) => QUERY_SYNTAX.test(key)))) {
        problem = `the query parameter ${JSON.stringify(name)} has a name or key holding #, &, = or +, which would be sent unencoded`;
      }
    }
  }
  // JSON.stringify would send `{}` for a Blob, a stream, a Map or URLSearchParams, `{"0":…}` for bytes, nothing for a function,
  // and a Node.js stream's internals (a file stream's path among them).
  if (
    body !== undefined &&
    init?.["bodySerializer"] === undefined &&
    (typeof body === "function" ||
      typeof body === "symbol" ||
      body instanceof Blob ||
      body instanceof ReadableStream ||
      body instanceof ArrayBuffer ||
      ArrayBuffer.isView(body) ||
      body instanceof Map ||
      body instanceof Set ||
      (body instanceof URLSearchParams && !isFormHeaders(headers)) ||
      isStreamLike(body))
  ) {
    const name = isStreamLike(body) ? (body.constructor?.name ?? "stream") : Object.prototype.toString.call(body).slice(8, -1);
    problem = `the body is a ${name}, not JSON (pass a bodySerializer)`;
  }
  if (problem) fail(`${label()} ${problem}; nothing was sent`);
}

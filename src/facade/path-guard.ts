/**
 * Path parameters must never change the route. openapi-fetch percent-encodes a value (so `/` cannot
 * add a segment), but the URL parser still removes dot segments — `.` and `..`, and `%2e`, `%2E%2e`
 * and so on — so `attendance_id: ".."` would turn `/locations/1/attendances/{attendance_id}/appointments`
 * into `/locations/1/appointments`, and a DELETE could reach another endpoint. Encoding cannot help
 * (the parser decodes `%2e` too), so such a request is refused.
 *
 * The check is structural and is the first thing done to every request of the client's surfaces (raw
 * methods, data methods, location scopes, paginate and anything else built on them; see
 * version-request.ts): the URL that was built must have the template's segments, literal ones
 * unchanged and each parameter a non-empty segment of its own — whatever serializer built it.
 */
import { AltegioPathParameterError } from "./errors.js";
import { describeValue, isScalar } from "./validation.js";

const PLACEHOLDER = /^\{([^{}]+)\}$/;

/** A schema path's segments as a URL spells them, and the parameter name of each placeholder segment. */
interface Template {
  readonly expected: readonly string[];
  readonly names: readonly (string | undefined)[];
}

/** Every request is checked, so what depends only on the schema path or the base URL is worked out once. */
const MAX_CACHED = 1024;
const templates = new Map<string, Template>();
const basePaths = new Map<string, string>();

/** `make(key, context)` once per key; `context` instead of a closure, so a lookup allocates nothing. */
function cached<T, Context = undefined>(
  cache: Map<string, T>,
  key: string,
  make: (key: string, context: Context) => T,
  context?: Context,
): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, (value = make(key, context as Context)));
  }
  return value;
}

function templateOf(schemaPath: string): Template {
  return {
    expected: new URL(`http://template.invalid${schemaPath}`).pathname.split("/"),
    names: schemaPath.split("/").map((segment) => PLACEHOLDER.exec(segment)?.[1]),
  };
}

/** A serialised http(s) URL (what `Request.url` holds): its host cannot hold `/`, `?` or `#`. */
const HTTP_URL_PATH = /^https?:\/\/[^/?#]*(\/[^?#]*)/;

function pathnameOf(url: string): string {
  return HTTP_URL_PATH.exec(url)?.[1] ?? new URL(url).pathname;
}

/** True for a value that becomes a dot segment or an empty segment (other shapes are left to the structural check). */
function isRouteChanging(value: unknown): boolean {
  if (typeof value !== "string") return false;
  return value === "" || value === "." || value === "..";
}

function describeRequest(request: Request, schemaPath: string): string {
  return `${request.method.toUpperCase()} ${schemaPath}`;
}

function fail(request: Request, schemaPath: string, parameter: string | null, message: string): never {
  throw new AltegioPathParameterError(message, parameter, schemaPath, { method: request.method.toUpperCase(), url: request.url });
}

const REGEXP_SPECIALS = /[.*+?^${}()|[\]\\]/g;

/**
 * The URLs that keep the route, as one pattern: `baseUrl`'s path, then each segment of the template
 * (a placeholder: any non-empty segment), then the end of the path. What it accepts, the segment by
 * segment check below accepts too; what it rejects goes on to that check (and its error messages).
 */
function keptRoutePatternOf(schemaPath: string, basePath: string): RegExp {
  const { expected, names } = cached(templates, schemaPath, templateOf);
  const segments = expected
    .slice(1)
    .map((segment, index) => (names[index + 1] === undefined ? segment.replace(REGEXP_SPECIALS, "\\$&") : "[^/?#]+"));
  return new RegExp(`^https?://[^/?#]*${basePath.replace(REGEXP_SPECIALS, "\\$&")}/${segments.join("/")}(?:[?#]|$)`);
}

/** By base path, then schema path: both are strings the client holds, so no key is built per request. */
const keptRoutes = new Map<string, Map<string, RegExp>>();

function keptRoutePattern(basePath: string, schemaPath: string): RegExp {
  return cached(cached(keptRoutes, basePath, newRouteMap), schemaPath, keptRoutePatternOf, basePath);
}

const newRouteMap = (): Map<string, RegExp> => new Map();

/** Throws when the Request's URL does not have the shape of `baseUrl` + `schemaPath` with `pathParams` in it. */
export function assertRouteKept(
  request: Request,
  baseUrl: string,
  schemaPath: string,
  pathParams: Record<string, unknown> | undefined,
): void {
  const { expected, names } = cached(templates, schemaPath, templateOf);
  for (const name of names) {
    if (name === undefined) continue;
    const value = pathParams?.[name];
    // Also an object (openapi-fetch would send `a,1`), an array (`1,2`), a function (its source) or NaN.
    if (!isScalar(value)) {
      fail(
        request,
        schemaPath,
        name,
        `${describeRequest(request, schemaPath)}: the path parameter ${name} is ${value == null ? "missing" : `${describeValue(value)}, not a string or a number`}; no request was sent`,
      );
    }
    if (isRouteChanging(value)) {
      fail(
        request,
        schemaPath,
        name,
        `${describeRequest(request, schemaPath)}: the path parameter ${name} is ${JSON.stringify(String(value))}, which would change ` +
          "the endpoint the request reaches (an empty value, `.` or `..`); no request was sent",
      );
    }
  }
  const basePath = cached(basePaths, baseUrl, (url) => new URL(url).pathname.replace(/\/$/, ""));
  const url = request.url;
  if (keptRoutePattern(basePath, schemaPath).test(url)) return;
  const sent = pathnameOf(url);
  const actual = sent.startsWith(basePath) ? sent.slice(basePath.length).split("/") : null;
  const kept =
    actual !== null &&
    actual.length === expected.length &&
    expected.every((segment, index) => (names[index] === undefined ? actual[index] === segment : actual[index] !== ""));
  if (!kept) {
    fail(
      request,
      schemaPath,
      null,
      `${describeRequest(request, schemaPath)}: the path parameters change the endpoint the request reaches; no request was sent`,
    );
  }
}

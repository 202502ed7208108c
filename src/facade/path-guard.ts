/**
 * Path parameters must never change the route. openapi-fetch percent-encodes a value (so `/` cannot
 * add a segment), but the URL parser still removes dot segments — `.` and `..`, and `%2e`, `%2E%2e`
 * and so on — so `attendance_id: ".."` would turn `/locations/1/attendances/{attendance_id}/appointments`
 * into `/locations/1/appointments`, and a DELETE could reach another endpoint. Encoding cannot help
 * (the parser decodes `%2e` too), so such a request is refused.
 *
 * The check is structural and runs as the first middleware of the client every surface calls through
 * (raw methods, data methods, location scopes, paginate and anything else built on it): the URL that
 * was built must have the template's segments, literal ones unchanged and each parameter a non-empty
 * segment of its own — whatever serializer built it.
 */
import type { Middleware } from "openapi-fetch";
import { AltegioPathParameterError } from "./errors.js";

const PLACEHOLDER = /^\{([^{}]+)\}$/;

function pathnameOf(url: string): string {
  return new URL(url).pathname;
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

/** Throws when the Request's URL does not have the shape of `baseUrl` + `schemaPath` with `pathParams` in it. */
export function assertRouteKept(
  request: Request,
  baseUrl: string,
  schemaPath: string,
  pathParams: Record<string, unknown> | undefined,
): void {
  const template = schemaPath.split("/");
  const names = template.map((segment) => PLACEHOLDER.exec(segment)?.[1]);
  for (const name of names) {
    if (name === undefined) continue;
    const value = pathParams?.[name];
    if (value === undefined || value === null) {
      fail(
        request,
        schemaPath,
        name,
        `${describeRequest(request, schemaPath)}: the path parameter ${name} is missing; no request was sent`,
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
  const basePath = pathnameOf(baseUrl).replace(/\/$/, "");
  const sent = pathnameOf(request.url);
  const expected = pathnameOf(`http://template.invalid${schemaPath}`).split("/");
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

/** The middleware form, to register first on every openapi-fetch client the SDK builds. */
export function createPathGuardMiddleware(): Middleware {
  return {
    onRequest({ request, schemaPath, params, options }) {
      assertRouteKept(request, options.baseUrl, schemaPath, params.path as Record<string, unknown> | undefined);
    },
  };
}

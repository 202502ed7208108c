/**
 * Typed MSW request handlers for the Altegio API, on openapi-msw: `mocks.v1.get("/company/{location_id}",
 * resolver)` takes only paths the API has for that method, gives the resolver the path parameters by
 * name (`params`), typed `query` and `request`, and checks its answer against the body the client
 * resolves to for that operation. Without a resolver the handler answers the spec's example.
 */
import type { DefaultBodyType, HttpHandler, HttpResponse, RequestHandlerOptions } from "msw";
import { createOpenApiHttp, type ResponseResolverInfo } from "openapi-msw";
import { DEFAULT_BASE_URL } from "../facade/client.js";
import type { V1Paths, V2Paths } from "../facade/client.js";
import type { PathsWithMethod, SuccessBodyOf } from "../facade/typed-client.js";
import { defaultResolver, operationExample, type ApiVersion, type SentBody } from "./defaults.js";
import type { AltegioFailureResponse } from "./replies.js";

/** The methods Altegio's operations use. */
export type MockedMethod = "get" | "post" | "put" | "patch" | "delete";

/** The success body a handler's answer is checked against: what the client resolves to (`null` for no content). */
export type MockBody<Paths, Path extends keyof Paths, Method extends MockedMethod> = [SuccessBodyOf<Paths, Path, Method>] extends [never]
  ? null
  : SentBody<SuccessBodyOf<Paths, Path, Method>>;

/**
 * What a resolver may answer: a success reply typed by the operation's success body (`ok(...)`,
 * `jsonApi(...)`, `HttpResponse.json(...)`, openapi-msw's `response(200).json(...)`), a failure
 * (`fail(...)`, `rateLimited()`), or nothing, to let the next handler answer (as in MSW).
 */
export type MockAnswer<Body> = HttpResponse<Body extends DefaultBodyType ? Body : never> | AltegioFailureResponse | undefined;

/** The request body an operation declares for the wildcard media type: the client sends it as JSON. */
type AnyMediaRequestBody<Paths, Path extends keyof Paths, Method extends MockedMethod> =
  Paths[Path] extends Record<Method, infer Operation>
    ? Operation extends { requestBody?: infer RequestBody }
      ? NonNullable<RequestBody> extends { content: infer Content }
        ? Content extends { "*/*": infer Body }
          ? Body
          : never
        : never
      : never
    : never;

/** A request whose `json()` reads the body the client sends. */
export interface MockJsonRequest<Body> extends Request {
  clone(): MockJsonRequest<Body>;
  json(): Promise<Body>;
}

/**
 * What a resolver gets: openapi-msw's info (`params`, `query`, `request`, `cookies`, `response`, ...).
 * openapi-msw types `request.json()` only from a JSON media type; a body the spec declares for any
 * media type (the wildcard, 19 v1 operations) is sent as JSON, and typed so here.
 */
export type MockRequestInfo<Paths, Path extends keyof Paths, Method extends MockedMethod> = [
  AnyMediaRequestBody<Paths, Path, Method>,
] extends [never]
  ? ResponseResolverInfo<Paths & {}, Path, Method>
  : Omit<ResponseResolverInfo<Paths & {}, Path, Method>, "request"> & {
      request: MockJsonRequest<AnyMediaRequestBody<Paths, Path, Method>>;
    };

/** `void` too: a resolver that returns nothing lets the next handler answer, as in MSW. */
export type MockResolver<Paths, Path extends keyof Paths, Method extends MockedMethod> = (
  info: MockRequestInfo<Paths, Path, Method>,
) => MockAnswer<MockBody<Paths, Path, Method>> | void | Promise<MockAnswer<MockBody<Paths, Path, Method>> | void>;

/** `mocks.v1.get(path, resolver?, options?)`: an MSW handler for one operation. */
export type MockMethod<Paths, Method extends MockedMethod> = <Path extends PathsWithMethod<Paths, Method>>(
  path: Path,
  resolver?: MockResolver<Paths, Path, Method>,
  options?: RequestHandlerOptions,
) => HttpHandler;

export type MockApi<Paths> = { readonly [Method in MockedMethod]: MockMethod<Paths, Method> };

export interface AltegioMocks {
  readonly v1: MockApi<V1Paths>;
  readonly v2: MockApi<V2Paths>;
}

export interface AltegioMocksOptions {
  /** The `baseUrl` your client is created with. Default `https://api.alteg.io/api`. */
  baseUrl?: string;
}

const METHODS: readonly MockedMethod[] = ["get", "post", "put", "patch", "delete"];

function mockApi<Paths>(version: ApiVersion, baseUrl: string): MockApi<Paths> {
  const http = createOpenApiHttp<Record<string, Record<MockedMethod, unknown>>>({ baseUrl: `${baseUrl}/${version}` });
  const forMethod = (method: MockedMethod) => {
    const handler = (path: string, resolver?: (info: never) => unknown, options?: RequestHandlerOptions): HttpHandler => {
      if (resolver) operationExample(version, method, path);
      const answer = resolver ?? defaultResolver(version, method, path);
      return http[method](path, async (info) => (await answer(info as never)) as never, options);
    };
    return handler as unknown as MockMethod<Paths, typeof method>;
  };
  return Object.freeze(Object.fromEntries(METHODS.map((method) => [method, forMethod(method)]))) as MockApi<Paths>;
}

/**
 * `baseUrl` as the client normalises it (port, %-encoding, `..`), escaped where MSW's path syntax
 * would misread it: an IPv6 host's `:`, and `(`, `)`, `+` and a `:` starting no name in the path
 * (MSW reads `:name` there as a parameter, which matches `name` too, and `:8/` as a port).
 */
function mockBaseUrl(baseUrl: string): string {
  const { protocol, hostname, port, pathname } = new URL(baseUrl);
  const path = pathname.replace(/[()+]|:(?!\w)/g, "\\$&").replace(/\/+$/, "");
  return `${protocol}//${hostname.replaceAll(":", "\\:")}${port && `:${port}`}${path}`;
}

/** Handlers for both API versions under `baseUrl` (the one your client uses). */
export function createAltegioMocks(options: AltegioMocksOptions = {}): AltegioMocks {
  const baseUrl = mockBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  return Object.freeze({ v1: mockApi<V1Paths>("v1", baseUrl), v2: mockApi<V2Paths>("v2", baseUrl) });
}

/** Handlers under the default base URL, `https://api.alteg.io/api`. */
export const altegio: AltegioMocks = createAltegioMocks();

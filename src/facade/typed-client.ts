/**
 * Types shared by the typed surfaces built on openapi-fetch (data methods, location scope, paginate),
 * derived from openapi-fetch's own types so they stay in step with `client.GET(...)`, and the one
 * untyped view of an openapi-fetch client those surfaces are implemented against.
 */
import type { Client, FetchOptions, FetchResponse, Middleware, ParseAs, ParseAsResponse } from "openapi-fetch";
import type { HttpMethod } from "./operations.js";

export type { HttpMethod };

type MediaType = `${string}/${string}`;

export type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** Paths of `Paths` that have an operation for `Method`. */
export type PathsWithMethod<Paths, Method extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [M in Method]: object } ? P : never;
}[keyof Paths];

/** The operation object of `Method` on `Path`. */
export type OperationOf<Paths, Path extends keyof Paths, Method extends HttpMethod> = Paths[Path][keyof Paths[Path] & Method];

/** openapi-fetch's `init` for an operation: required exactly when the operation has required params or body. */
export type InitOf<Operation> =
  RequiredKeysOf<FetchOptions<Operation>> extends never ? FetchOptions<Operation> | undefined : FetchOptions<Operation>;

/** The `...init` rest parameter, optional when nothing in it is required (as openapi-fetch does it). */
export type InitArgs<Init> =
  RequiredKeysOf<Init> extends never ? [init?: Init & { [key: string]: unknown }] : [init: Init & { [key: string]: unknown }];

/** The statuses openapi-fetch counts as success. */
type OkStatus = 200 | 201 | 202 | 203 | 204 | 206 | 207 | "2XX";

/** The body of each 2xx response of `Operation`, as openapi-fetch reads it (every media type). */
type SuccessContentOf<Operation> = Operation extends { responses: infer Responses }
  ? {
      [Status in keyof Responses & OkStatus]: Responses[Status] extends { content: infer Content }
        ? Content extends Record<string, unknown>
          ? Content[keyof Content & MediaType]
          : Content
        : Responses[Status] extends { content?: infer Content }
          ? Content
          : never;
    }[keyof Responses & OkStatus]
  : never;

/**
 * A body type as openapi-fetch's `Readable` makes it, without its bug: `Readable` drops every
 * property typed `null` (it tests `NonNullable<T[K]>`, which is `never` for them;
 * openapi-typescript#1637), so a reply's `data: null` or a reserved `null` field vanished from the
 * type. Like `Readable`, it drops properties that can hold no value (`never`: how
 * `Record<string, never>` becomes `{}`); the generated types carry no `$Read`/`$Write` markers.
 */
export type ReadBody<T> = T extends (infer Item)[]
  ? ReadBody<Item>[]
  : T extends object
    ? { [K in keyof T as [Exclude<T[K], undefined>] extends [never] ? never : K]: ReadBody<T[K]> }
    : T;

/** What openapi-fetch resolves to for `Operation` called with `Init`, the success body read as {@link ReadBody}. */
export type ResponseOf<Operation, Init> =
  Operation extends Record<string | number, unknown>
    ?
        | { data: ParseAsResponse<ReadBody<SuccessContentOf<Operation>>, Init>; error?: never; response: Response }
        | Exclude<FetchResponse<Operation, Init, MediaType>, { error?: never }>
    : never;

/** The success body of a response union: `data` of the branch without `error`. */
export type SuccessBody<Response> = Response extends { error?: never; data: infer Data } ? Data : never;

/** The success body type of `Method` on `Path`, as `client.get(...)` returns it. */
export type SuccessBodyOf<Paths, Path extends keyof Paths, Method extends HttpMethod, Init = {}> = SuccessBody<
  ResponseOf<OperationOf<Paths, Path, Method>, Init>
>;

/**
 * What a data method asks of a call besides its options: the body read as `parseAs` (text, which it
 * parses itself), and the Request as it was sent (after every middleware) recorded in `sent`, to name
 * it in errors and scrub its credentials from them. Apart from `init`, so the caller's options go to
 * openapi-fetch copied once.
 */
export interface DataCall {
  readonly parseAs: ParseAs;
  readonly sent: { request?: Request };
}

/** An `init` as every surface sees it at runtime: openapi-fetch's options, untyped. */
export interface RawInit {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; [key: string]: unknown };
  parseAs?: ParseAs;
  middleware?: Middleware[];
  [key: string]: unknown;
}

export interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** openapi-fetch's `client.request(method, path, init)` without its types. */
export type RawRequest = (method: HttpMethod, path: string, init: RawInit | undefined, data?: DataCall) => Promise<RawResult>;

interface UntypedClient {
  request(method: string, path: string, init?: RawInit): Promise<RawResult>;
}

/** The untyped `request` of an openapi-fetch client, which every typed surface calls through. */
export function rawRequestOf<Paths extends {}>(client: Client<Paths>): RawRequest {
  const untyped = client as unknown as UntypedClient;
  return (method, path, init) => untyped.request(method, path, init);
}

/**
 * Headers as openapi-fetch reads them: it takes only a Headers as headers, and the entries of
 * anything else, none for a Map or another implementation's Headers, `0: X-A, 1` for a list of pairs.
 */
export function headersOf<H>(headers: H): H | Headers {
  return typeof headers === "object" && headers !== null && !(headers instanceof Headers) && Symbol.iterator in headers
    ? new Headers(headers as unknown as [string, string][])
    : headers;
}

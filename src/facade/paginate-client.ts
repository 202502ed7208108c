/**
 * `client.paginate(path, init?, options?)`: the pagination engine wired to a typed client. Only GET
 * operations the generated table marks as paginated are accepted (by type, and checked at runtime).
 * Every page is an ordinary data-method call on the same client, so auth, retries, the rate limiter,
 * timeouts and abort signals apply to each page; a failed page throws the usual typed error.
 * The page number and size query parameters belong to the paginator: set them with the `startPage`
 * and `pageSize` options (values for them in `init` are replaced). v2 items come unwrapped from
 * JSON:API (`{ id, type, ...attributes, ...relationships }`).
 */
import { isPlainObject } from "./api-body.js";
import { followSignals } from "./abort.js";
import { AltegioConfigurationError } from "./errors.js";
import { requestData } from "./data-methods.js";
import type { JsonApiDocument } from "./jsonapi-types.js";
import type { ApiVersion } from "./operation-tables.js";
import { describeOperation, type OperationIndex, type OperationInfo, type PaginationInfo } from "./operations.js";
import { v1PageFromBody, v2PageFromBody } from "./list-bodies.js";
import {
  paginateItems,
  paginatePages,
  throwIfAborted,
  type FetchPage,
  type ItemIterable,
  type Page,
  type PageResult,
  type PaginateOptions,
} from "./pagination.js";
import type { InitArgs, InitOf, OperationOf, PathsWithMethod, RawInit, RawRequest, SuccessBodyOf } from "./typed-client.js";

export type { ApiVersion };

/** Paths whose `Method` operation the generated facts mark as paginated. */
export type PaginatedPath<Paginated, Method extends string = "get"> = {
  [P in keyof Paginated]: Method extends Paginated[P] ? P : never;
}[keyof Paginated];

/** What one item of a list body is: a v1 `data[]` element, or an unwrapped v2 resource. */
export type PageItem<Version extends ApiVersion, Body> = Version extends "v2"
  ? Body extends JsonApiDocument
    ? ReturnType<typeof v2PageFromBody<Body>>["items"][number]
    : unknown
  : ReturnType<typeof v1PageFromBody<Body>>["items"][number];

export type PaginationOptions = Omit<PaginateOptions, "pagination">;

/** Items, lazily fetched page by page; `pages()` gives whole pages; `toArray({ max })` collects. */
export interface PaginatedList<Item> extends ItemIterable<Item> {
  pages(): AsyncIterable<Page<Item>>;
}

type PaginateArgs<Init> = [...InitArgs<Init>, options?: PaginationOptions];

export type Paginate<Paths, Paginated, Version extends ApiVersion> = <
  Path extends PaginatedPath<Paginated> & PathsWithMethod<Paths, "get">,
  Init extends InitOf<OperationOf<Paths, Path, "get">>,
>(
  url: Path,
  ...args: PaginateArgs<Init>
) => PaginatedList<PageItem<Version, SuccessBodyOf<Paths, Path, "get", Init>>>;

export interface PaginateMethod<Paths, Paginated, Version extends ApiVersion> {
  /** Iterate a paginated list operation; see PaginatedList. */
  paginate: Paginate<Paths, Paginated, Version>;
}

type PageFromBody = (body: unknown, pagination: PaginationInfo) => PageResult<unknown>;

const PAGE_READERS: Record<ApiVersion, PageFromBody> = {
  v1: (body, pagination) => v1PageFromBody(body, pagination),
  v2: (body, pagination) => v2PageFromBody((body ?? {}) as JsonApiDocument, pagination),
};

function paginatedOperation(operations: OperationIndex, path: string): OperationInfo & { readonly pagination: PaginationInfo } {
  const operation = operations.find("get", path);
  if (operation?.pagination) return { ...operation, pagination: operation.pagination };
  throw new AltegioConfigurationError(
    operation ? `${describeOperation(operation)} is not a paginated list operation` : `GET ${path} is not an operation of this API version`,
  );
}

/**
 * Pages of one paginated operation: a GET list (page parameters in the query) or a POST search
 * (page parameters in the JSON body), each page an ordinary data-method call.
 */
export function paginateOperation(
  request: RawRequest,
  operation: OperationInfo & { readonly pagination: PaginationInfo },
  version: ApiVersion,
  init: RawInit | undefined,
  options: PaginationOptions = {},
): PaginatedList<unknown> {
  const readPage = PAGE_READERS[version];
  const { pagination, method, path } = operation;
  const initSignal = init?.signal instanceof AbortSignal ? init.signal : undefined;
  // `init.signal` and `options.signal` both stop the walk: the engine checks the options' one, each page follows both.
  // Not an AbortSignal: left to the request's check, which refuses it.
  const alsoFollowed = options.signal instanceof AbortSignal && initSignal !== options.signal ? initSignal : undefined;
  const body = init?.["body"];
  const plainBody = body == null || isPlainObject(body);
  const fetchPage: FetchPage<unknown> = async ({ page, size, signal }) => {
    const pageParams: Record<string, unknown> = { [pagination.pageParam]: page };
    if (pagination.sizeParam !== null && size !== null) pageParams[pagination.sizeParam] = size;
    // Spreading a string, an array or FormData into the page's body would send something else.
    if (pagination.in === "body" && !plainBody) {
      throw new AltegioConfigurationError(`${describeOperation(operation)} pages through its JSON body: the body must be a plain object`);
    }
    const pageInit: RawInit =
      pagination.in === "body"
        ? { ...init, body: { ...(body as object | undefined), ...pageParams } }
        : { ...init, params: { ...init?.params, query: { ...init?.params?.query, ...pageParams } } };
    if (signal === undefined || alsoFollowed === undefined) {
      return readPage(await requestData(request, method, path, signal ? { ...pageInit, signal } : pageInit), pagination);
    }
    throwIfAborted(alsoFollowed);
    const following = followSignals([signal, alsoFollowed]);
    try {
      return readPage(await requestData(request, method, path, { ...pageInit, signal: following.signal }), pagination);
    } finally {
      following.dispose();
    }
  };
  const signal = options.signal ?? initSignal;
  const engineOptions: PaginateOptions = { ...options, pagination, ...(signal ? { signal } : {}) };
  const items = paginateItems(fetchPage, engineOptions);
  return {
    [Symbol.asyncIterator]: () => items[Symbol.asyncIterator](),
    toArray: (collect) => items.toArray(collect ?? undefined),
    pages: () => paginatePages(fetchPage, engineOptions),
  };
}

export function createPaginate<Paths, Paginated, Version extends ApiVersion>(
  request: RawRequest,
  operations: OperationIndex,
  version: Version,
): PaginateMethod<Paths, Paginated, Version> {
  const paginate = (path: string, init?: RawInit, options?: PaginationOptions): PaginatedList<unknown> =>
    paginateOperation(request, paginatedOperation(operations, path), version, init, options ?? undefined);
  // One runtime function serves every typed signature; the table decides what is paginated.
  return { paginate: paginate as unknown as Paginate<Paths, Paginated, Version> };
}

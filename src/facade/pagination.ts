/**
 * Pagination engine: walks `page`-numbered list operations through a page-fetching callback, so it
 * knows nothing about HTTP. Pages are fetched lazily (page n + 1 only once the consumer asks for
 * more than page n holds) and nothing is accumulated: at most one page is held at a time.
 *
 * When to stop:
 * - a page without items;
 * - with a total (from any page so far): once the items up to this page reach it;
 * - without a total: after a short page — fewer items than the requested page size, or than the
 *   first page held when the operation takes no size parameter. This trusts the server to honour
 *   the size we ask for (the largest the spec allows, by default); a list that is an exact
 *   multiple of the page size costs one extra, empty page request;
 * - `maxPages` pages fetched or `maxItems` items delivered.
 * A page whose item ids are the previous page's again (a server ignoring `page`) throws
 * `AltegioPaginationLoopError` rather than looping forever.
 */
import { isRecord, metaOf } from "./api-body.js";
import { AltegioAbortError, AltegioError, AltegioPaginationLoopError } from "./errors.js";
import { unwrap, type UnwrapOptions } from "./jsonapi.js";
import type { JsonApiDocument, PrimaryResource, RelationshipName, Unwrapped } from "./jsonapi-types.js";
import type { PaginationInfo, TotalLocation } from "./operations.js";

/** Page size used when the spec gives no maximum for the operation's size parameter. */
export const DEFAULT_PAGE_SIZE = 100;

export interface PageRequest {
  /** 1-based page number. */
  readonly page: number;
  /** Items per page, or `null` when the operation takes no size parameter. */
  readonly size: number | null;
  readonly signal?: AbortSignal;
}

export interface PageResult<TItem> {
  readonly items: readonly TItem[];
  readonly total: number | null;
}

export type FetchPage<TItem> = (request: PageRequest) => Promise<PageResult<TItem>>;

export interface PaginateOptions {
  readonly pagination: PaginationInfo;
  /** Defaults to the operation's maximum, or DEFAULT_PAGE_SIZE when the spec states none. */
  readonly pageSize?: number;
  /** Defaults to 1. */
  readonly startPage?: number;
  readonly maxPages?: number;
  readonly maxItems?: number;
  /** Checked before every page request and passed on to `fetchPage`. */
  readonly signal?: AbortSignal;
}

export interface Page<TItem> {
  readonly page: number;
  readonly size: number | null;
  readonly items: readonly TItem[];
  /** Total item count reported so far, or `null` when the operation reports none. */
  readonly total: number | null;
}

export interface ItemIterable<TItem> extends AsyncIterable<TItem> {
  /** Collects the items into an array, stopping (and fetching nothing more) after `max`. */
  toArray(options?: { readonly max?: number }): Promise<TItem[]>;
}

interface Settings {
  readonly size: number | null;
  readonly startPage: number;
  readonly maxPages: number;
  readonly maxItems: number;
  readonly signal: AbortSignal | undefined;
}

function checkCount(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/** The page size to request: an explicit `pageSize` (checked against the spec), else the largest allowed. */
export function resolvePageSize(pagination: PaginationInfo, pageSize?: number): number | null {
  if (pagination.sizeParam === null) {
    if (pageSize !== undefined) {
      throw new RangeError("pageSize was given, but this operation takes no page size parameter");
    }
    return null;
  }
  checkCount("pageSize", pageSize, 1);
  const max = pagination.maxSize;
  if (pageSize === undefined) return max ?? DEFAULT_PAGE_SIZE;
  if (max !== null && pageSize > max) {
    throw new RangeError(`pageSize ${pageSize} exceeds the operation's maximum ${max} (${pagination.sizeParam})`);
  }
  return pageSize;
}

function settingsOf(options: PaginateOptions): Settings {
  checkCount("startPage", options.startPage, 1);
  checkCount("maxPages", options.maxPages, 0);
  checkCount("maxItems", options.maxItems, 0);
  return {
    size: resolvePageSize(options.pagination, options.pageSize),
    startPage: options.startPage ?? 1,
    maxPages: options.maxPages ?? Number.POSITIVE_INFINITY,
    maxItems: options.maxItems ?? Number.POSITIVE_INFINITY,
    signal: options.signal,
  };
}

type ItemId = string | number;

function idsOf(items: readonly unknown[]): ItemId[] | null {
  const ids: ItemId[] = [];
  for (const item of items) {
    const id = typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined;
    if (typeof id !== "string" && typeof id !== "number") return null;
    ids.push(id);
  }
  return ids;
}

function repeats(previous: ReadonlySet<ItemId> | null, ids: readonly ItemId[] | null): boolean {
  if (previous === null || ids === null || ids.length !== previous.size) return false;
  return ids.every((id) => previous.has(id));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AltegioAbortError({ cause: signal.reason });
}

async function* generatePages<TItem>(fetchPage: FetchPage<TItem>, settings: Settings): AsyncGenerator<Page<TItem>> {
  const { size, startPage, maxPages, maxItems, signal } = settings;
  let total: number | null = null;
  let firstPageLength: number | null = null;
  let received = 0;
  let delivered = 0;
  let previousIds: Set<ItemId> | null = null;

  for (let page = startPage; page - startPage < maxPages && delivered < maxItems; page++) {
    throwIfAborted(signal);
    const result = await fetchPage(signal === undefined ? { page, size } : { page, size, signal });
    const items = result.items;
    if (items.length === 0) return;

    const ids = idsOf(items);
    if (repeats(previousIds, ids)) throw new AltegioPaginationLoopError(page);
    previousIds = ids === null ? null : new Set(ids);

    total = result.total ?? total;
    firstPageLength ??= items.length;
    received += items.length;
    const pageItems = items.length > maxItems - delivered ? items.slice(0, maxItems - delivered) : items;
    delivered += pageItems.length;
    yield { page, size, items: pageItems, total };

    const isLast = total !== null ? (startPage - 1) * firstPageLength + received >= total : items.length < (size ?? firstPageLength);
    if (isLast) return;
  }
}

/** Iterates a list operation page by page. Each iteration starts over from `startPage`. */
export function paginatePages<TItem>(fetchPage: FetchPage<TItem>, options: PaginateOptions): AsyncIterable<Page<TItem>> {
  const settings = settingsOf(options);
  return { [Symbol.asyncIterator]: () => generatePages(fetchPage, settings) };
}

async function* generateItems<TItem>(fetchPage: FetchPage<TItem>, settings: Settings): AsyncGenerator<TItem> {
  for await (const page of generatePages(fetchPage, settings)) yield* page.items;
}

/** Iterates a list operation item by item. Each iteration starts over from `startPage`. */
export function paginateItems<TItem>(fetchPage: FetchPage<TItem>, options: PaginateOptions): ItemIterable<TItem> {
  const settings = settingsOf(options);
  return {
    [Symbol.asyncIterator]: () => generateItems(fetchPage, settings),
    async toArray(collect = {}) {
      checkCount("max", collect.max, 0);
      const maxItems = Math.min(settings.maxItems, collect.max ?? Number.POSITIVE_INFINITY);
      const items: TItem[] = [];
      for await (const item of generateItems(fetchPage, { ...settings, maxItems })) items.push(item);
      return items;
    },
  };
}

/** Reads the total item count where the operation reports it; `null` when absent or not a count. */
export function totalFromBody(body: unknown, location: TotalLocation | null): number | null {
  if (location === null || !isRecord(body)) return null;
  const value = metaOf(body)[location === "meta.total_count" ? "total_count" : "count"];
  const total = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof total === "number" && Number.isSafeInteger(total) && total >= 0 ? total : null;
}

function listFrom(value: unknown, what: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value == null) return [];
  throw new AltegioError(`Expected a list response, but ${what} is not an array`);
}

type V1Item<B> = B extends { readonly data?: infer L } ? (NonNullable<L> extends readonly (infer I)[] ? I : unknown) : unknown;

/** Items and total of a v1 list body `{ success, data: [...], meta: { total_count | count } }`. */
export function v1PageFromBody<B>(body: B, pagination: PaginationInfo): PageResult<V1Item<B>> {
  const data = isRecord(body) ? body["data"] : undefined;
  return {
    items: listFrom(data, "its data") as readonly V1Item<B>[],
    total: totalFromBody(body, pagination.total),
  };
}

/** Items (unwrapped JSON:API resources) and total of a v2 list document. */
export function v2PageFromBody<D extends JsonApiDocument, const Included extends RelationshipName<PrimaryResource<D>> = never>(
  body: D,
  pagination: PaginationInfo,
  options?: UnwrapOptions<Included>,
): PageResult<Unwrapped<PrimaryResource<D>, Included>> {
  const { data } = unwrap(body, options);
  return {
    items: listFrom(data, "the document's data") as readonly Unwrapped<PrimaryResource<D>, Included>[],
    total: totalFromBody(body, pagination.total),
  };
}

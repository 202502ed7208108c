/**
 * Pagination engine: walks `page`-numbered list operations through a page-fetching callback, so it
 * knows nothing about HTTP or Altegio's bodies (those are read in list-bodies.ts). Pages are fetched
 * lazily (page n + 1 only once the consumer asks for more than page n holds) and nothing is
 * accumulated: at most one page is held at a time, plus a hash of each of the last
 * RECENT_PAGES pages.
 *
 * When to stop:
 * - a page without items;
 * - with a total (from any page so far): once the items up to this page reach it;
 * - without a total: after a short page — fewer items than the server's page size. The first page
 *   tells that size: a full first page confirms the size we asked for; a first page shorter than
 *   asked is either the whole list or a server capping the size, so the next page is fetched to
 *   find out (empty: done; more items: the server's cap is the first page's length). A list without
 *   a total therefore costs one extra, empty page request when it fits in one page, or when it is
 *   an exact multiple of the page size;
 * - `maxPages` pages fetched or `maxItems` items delivered.
 * A page whose content repeats one of the last RECENT_PAGES pages (a server ignoring `page`, or
 * cycling through a few pages) throws `AltegioPaginationLoopError` rather than looping forever, except
 * when the page repeated is a short first page: that server ignores `page` and has sent all it has.
 */
import { AltegioAbortError, AltegioPaginationLoopError } from "./errors.js";
import type { PaginationInfo } from "./operations.js";

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
  /**
   * The page's content in a form that compares equal exactly when two pages hold the same items
   * (e.g. the JSON the server sent). Default: `JSON.stringify(items)`.
   */
  readonly key?: string;
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

/** How many recent pages a page is compared with (covers A/B alternation and short cycles). */
export const RECENT_PAGES = 64;

/** 53-bit string hash (cyrb53): recent pages are remembered by a number, not by their content. */
function hashOf(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** `null` when the items do not serialise (a cycle): such pages are not compared. */
function pageHashOf(result: PageResult<unknown>): number | null {
  if (result.key !== undefined) return hashOf(result.key);
  try {
    return hashOf(JSON.stringify(result.items));
  } catch {
    return null;
  }
}

/** The hashes of the last RECENT_PAGES pages, with the page each came from. */
class RecentPages {
  readonly #pages = new Map<number, number>();

  /** The page an identical page came from, if it is recent. */
  pageOf(hash: number | null): number | undefined {
    return hash === null ? undefined : this.#pages.get(hash);
  }

  add(hash: number | null, page: number): void {
    if (hash === null) return;
    this.#pages.set(hash, page);
    if (this.#pages.size > RECENT_PAGES) this.#pages.delete(this.#pages.keys().next().value as number);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AltegioAbortError({ cause: signal.reason });
}

async function* generatePages<TItem>(fetchPage: FetchPage<TItem>, settings: Settings): AsyncGenerator<Page<TItem>> {
  const { size, startPage, maxPages, maxItems, signal } = settings;
  let total: number | null = null;
  /** Items per page as the server sends them: learnt from the first page. */
  let serverSize: number | null = null;
  /** The first page was shorter than asked and no total says whether more exist. */
  let firstPageShort = false;
  let received = 0;
  let delivered = 0;
  const recent = new RecentPages();

  for (let page = startPage; page - startPage < maxPages && delivered < maxItems; page++) {
    throwIfAborted(signal);
    const result = await fetchPage(signal === undefined ? { page, size } : { page, size, signal });
    const items = result.items;
    if (items.length === 0) return;

    const hash = pageHashOf(result);
    const repeated = recent.pageOf(hash);
    if (repeated !== undefined) {
      // A short first page sent again: the server ignores `page` and has sent all it has.
      if (firstPageShort && repeated === startPage && page === startPage + 1) return;
      throw new AltegioPaginationLoopError(page, repeated);
    }
    recent.add(hash, page);

    total = result.total ?? total;
    const isFirst = serverSize === null;
    serverSize ??= items.length;
    received += items.length;
    const pageItems = items.length > maxItems - delivered ? items.slice(0, maxItems - delivered) : items;
    delivered += pageItems.length;
    yield { page, size, items: pageItems, total };

    if (isFirst) {
      // Shorter than asked and no total: the whole list, or a server capping the size. Page 2 tells.
      firstPageShort = total === null && size !== null && items.length < size;
    }
    const isLast = total !== null ? (startPage - 1) * serverSize + received >= total : !isFirst && items.length < serverSize;
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

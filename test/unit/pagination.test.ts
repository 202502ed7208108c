import { describe, expect, it } from "vitest";
import { AltegioAbortError, AltegioPaginationLoopError } from "../../src/facade/errors.js";
import type { PaginationInfo } from "../../src/facade/operations.js";
import { v1PageFromBody, v2PageFromBody } from "../../src/facade/list-bodies.js";
import { DEFAULT_PAGE_SIZE, paginateItems, paginatePages, type FetchPage, type PaginateOptions } from "../../src/facade/pagination.js";
import { faults, type FaultHandler } from "../helpers/fault-server.js";
import { useFaultServer } from "../helpers/fault-server-hooks.js";
import { rejectionOf } from "../helpers/rejection.js";

interface Item {
  id: number;
  name: string;
}
interface V1Body {
  success: boolean;
  data: Item[];
  meta: { total_count?: number; count?: number } | [];
}
interface Owner {
  type: "owner";
  id: string;
  attributes: { name: string };
}
interface V2Item {
  type: "item";
  id: string;
  attributes: { name: string };
  relationships: { owner: { data: { type: string; id: string } } };
}
interface V2Body {
  data: V2Item[];
  included: Owner[];
}

const countWithTotal: PaginationInfo = { pageParam: "page", sizeParam: "count", maxSize: null, total: "meta.total_count" };
const countNoTotal: PaginationInfo = { pageParam: "page", sizeParam: "count", maxSize: null, total: null };
const limitV2: PaginationInfo = { pageParam: "page", sizeParam: "limit", maxSize: 250, total: null };
const noSizeParam: PaginationInfo = { pageParam: "page", sizeParam: null, maxSize: null, total: "meta.count" };

interface Catalogue {
  items: number;
  pagination: PaginationInfo;
  /** The server ignores `page` and always answers the first page. */
  ignoresPage?: boolean;
  /** The server answers at most this many items per page, whatever was asked. */
  cap?: number;
  /** Page size when the request names none. */
  defaultSize?: number;
  /** Overrides the total the server reports. */
  reportedTotal?: number;
}

/** Serves items 1..N page by page, as a v1 envelope or a v2 JSON:API document (path /v2/...). */
function catalogueHandler(catalogue: Catalogue): FaultHandler {
  return (request) => {
    const url = new URL(request.url, "http://127.0.0.1");
    const { pagination } = catalogue;
    const page = catalogue.ignoresPage ? 1 : Number(url.searchParams.get("page"));
    const asked = pagination.sizeParam === null ? null : url.searchParams.get(pagination.sizeParam);
    const size = Math.min(asked === null ? (catalogue.defaultSize ?? 20) : Number(asked), catalogue.cap ?? Infinity);
    const ids: number[] = [];
    for (let id = (page - 1) * size + 1; id <= Math.min(page * size, catalogue.items); id++) ids.push(id);
    const total = catalogue.reportedTotal ?? catalogue.items;
    if (url.pathname.startsWith("/v2/")) {
      const owners = [...new Set(ids.map((id) => id % 3))];
      return faults.json({
        data: ids.map((id) => ({
          type: "item",
          id: String(id),
          attributes: { name: `item ${id}` },
          relationships: { owner: { data: { type: "owner", id: String(id % 3) } } },
        })),
        included: owners.map((owner) => ({ type: "owner", id: String(owner), attributes: { name: `owner ${owner}` } })),
      } satisfies V2Body);
    }
    const meta = pagination.total === null ? [] : { [pagination.total.slice("meta.".length)]: total };
    return faults.json({ success: true, data: ids.map((id) => ({ id, name: `item ${id}` })), meta });
  };
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

const server = useFaultServer();

function serve(catalogue: Catalogue): void {
  server().setFallback(catalogueHandler(catalogue));
}

async function getJson(path: string, pagination: PaginationInfo, page: number, size: number | null, signal?: AbortSignal) {
  const url = new URL(path, server().url);
  url.searchParams.set("page", String(page));
  if (size !== null && pagination.sizeParam !== null) url.searchParams.set(pagination.sizeParam, String(size));
  const response = await fetch(url, { signal: signal ?? null });
  const text = await response.text();
  if (!response.ok) throw new HttpStatusError(response.status);
  return JSON.parse(text) as unknown;
}

const v1Fetcher =
  (pagination: PaginationInfo): FetchPage<Item> =>
  async ({ page, size, signal }) =>
    v1PageFromBody((await getJson("/items", pagination, page, size, signal)) as V1Body, pagination);

const v2Fetcher =
  (pagination: PaginationInfo) =>
  async ({ page, size, signal }: { page: number; size: number | null; signal?: AbortSignal }) =>
    v2PageFromBody((await getJson("/v2/items", pagination, page, size, signal)) as V2Body, pagination, {
      include: ["owner"],
    });

/** Page and size of every request the server received. */
function requested(): { page: number; size: string | null }[] {
  return server().requests.map((request) => {
    const params = new URL(request.url, "http://127.0.0.1").searchParams;
    return { page: Number(params.get("page")), size: params.get("count") ?? params.get("limit") };
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function collectIds(options: PaginateOptions): Promise<number[]> {
  const ids: number[] = [];
  for await (const item of paginateItems(v1Fetcher(options.pagination), options)) ids.push(item.id);
  return ids;
}

describe("paginate: when to stop", () => {
  it("stops on the total when the server reports one", async () => {
    serve({ items: 20, pagination: countWithTotal });
    expect(await collectIds({ pagination: countWithTotal, pageSize: 10 })).toEqual(range(1, 20));
    expect(requested().map((r) => r.page)).toEqual([1, 2]);
  });

  it("keeps going past short pages while the total says more items exist (server caps the page size)", async () => {
    serve({ items: 12, pagination: countWithTotal, cap: 5 });
    expect(await collectIds({ pagination: countWithTotal, pageSize: 10 })).toEqual(range(1, 12));
    expect(requested().map((r) => r.page)).toEqual([1, 2, 3]);
  });

  it("stops on a short last page when there is no total", async () => {
    serve({ items: 25, pagination: countNoTotal });
    expect(await collectIds({ pagination: countNoTotal, pageSize: 10 })).toEqual(range(1, 25));
    expect(requested().map((r) => r.page)).toEqual([1, 2, 3]);
  });

  it("needs one extra, empty page when the count is an exact multiple of the page size and there is no total", async () => {
    serve({ items: 20, pagination: countNoTotal });
    expect(await collectIds({ pagination: countNoTotal, pageSize: 10 })).toEqual(range(1, 20));
    expect(requested().map((r) => r.page)).toEqual([1, 2, 3]);
  });

  it("fetches one page and yields nothing for an empty list", async () => {
    serve({ items: 0, pagination: countWithTotal });
    const pages = [];
    for await (const page of paginatePages(v1Fetcher(countWithTotal), { pagination: countWithTotal })) pages.push(page);
    expect(pages).toEqual([]);
    expect(server().requests).toHaveLength(1);
  });

  it("stops on an empty page even when the total promises more", async () => {
    serve({ items: 15, pagination: countWithTotal, reportedTotal: 1000 });
    expect(await collectIds({ pagination: countWithTotal, pageSize: 10 })).toEqual(range(1, 15));
    expect(requested().map((r) => r.page)).toEqual([1, 2, 3]);
  });

  it("uses the first page's length as the page size when the operation takes no size parameter", async () => {
    serve({ items: 25, pagination: { ...noSizeParam, total: null }, defaultSize: 10 });
    const pagination = { ...noSizeParam, total: null };
    expect(await collectIds({ pagination })).toEqual(range(1, 25));
    expect(requested()).toEqual([
      { page: 1, size: null },
      { page: 2, size: null },
      { page: 3, size: null },
    ]);
  });

  it("starts at startPage and counts the skipped pages against the total", async () => {
    serve({ items: 25, pagination: countWithTotal });
    expect(await collectIds({ pagination: countWithTotal, pageSize: 10, startPage: 2 })).toEqual(range(11, 25));
    expect(requested().map((r) => r.page)).toEqual([2, 3]);
  });
});

describe("paginate: page size", () => {
  it("asks for the operation's maximum, or DEFAULT_PAGE_SIZE when the spec states none", async () => {
    serve({ items: 3, pagination: limitV2 });
    await v2Items(limitV2);
    serve({ items: 3, pagination: countNoTotal });
    await collectIds({ pagination: countNoTotal });
    // Each list fits in its first page and reports no total: page 2 (empty) confirms the end.
    expect(requested().map((r) => r.size)).toEqual(["250", "250", String(DEFAULT_PAGE_SIZE), String(DEFAULT_PAGE_SIZE)]);
  });

  it("rejects a page size above the maximum, a size for an operation without one, and nonsense counts", () => {
    const fetchPage = v1Fetcher(limitV2);
    expect(() => paginateItems(fetchPage, { pagination: limitV2, pageSize: 251 })).toThrow(/exceeds the operation's maximum 250/);
    expect(() => paginateItems(fetchPage, { pagination: noSizeParam, pageSize: 10 })).toThrow(RangeError);
    expect(() => paginateItems(fetchPage, { pagination: limitV2, pageSize: 0 })).toThrow(RangeError);
    expect(() => paginatePages(fetchPage, { pagination: limitV2, startPage: 0 })).toThrow(RangeError);
    expect(() => paginatePages(fetchPage, { pagination: limitV2, maxItems: 1.5 })).toThrow(RangeError);
    expect(() => paginatePages(fetchPage, { pagination: limitV2, maxPages: -1 })).toThrow(RangeError);
    expect(server().requests).toHaveLength(0);
  });
});

async function v2Items(pagination: PaginationInfo) {
  const items = [];
  for await (const item of paginateItems(v2Fetcher(pagination), { pagination })) items.push(item);
  return items;
}

describe("paginate: guards", () => {
  it("delivers at most maxItems items and fetches no page beyond them", async () => {
    serve({ items: 100, pagination: countWithTotal });
    expect(await collectIds({ pagination: countWithTotal, pageSize: 10, maxItems: 25 })).toEqual(range(1, 25));
    expect(server().requests).toHaveLength(3);

    server().reset();
    serve({ items: 100, pagination: countWithTotal });
    const pages = [];
    for await (const page of paginatePages(v1Fetcher(countWithTotal), { pagination: countWithTotal, pageSize: 10, maxItems: 20 })) {
      pages.push(page.items.length);
    }
    expect(pages).toEqual([10, 10]);
    expect(server().requests).toHaveLength(2);
  });

  it("fetches at most maxPages pages", async () => {
    serve({ items: 100, pagination: countNoTotal });
    const pages = [];
    for await (const page of paginatePages(v1Fetcher(countNoTotal), { pagination: countNoTotal, pageSize: 10, maxPages: 2 })) {
      pages.push({ page: page.page, first: page.items[0]?.id, total: page.total });
    }
    expect(pages).toEqual([
      { page: 1, first: 1, total: null },
      { page: 2, first: 11, total: null },
    ]);
    expect(server().requests).toHaveLength(2);
  });

  it.each([
    ["without a total", countNoTotal],
    ["with a total", countWithTotal],
  ])("throws AltegioPaginationLoopError when a page repeats the previous page's items (%s)", async (_, pagination) => {
    serve({ items: 100, pagination, ignoresPage: true });
    const seen: number[] = [];
    const run = async () => {
      for await (const item of paginateItems(v1Fetcher(pagination), { pagination, pageSize: 10 })) seen.push(item.id);
    };
    const error = await rejectionOf(run(), AltegioPaginationLoopError);
    expect(error).toMatchObject({ name: "AltegioPaginationLoopError", page: 2 });
    expect(seen).toEqual(range(1, 10));
    expect(server().requests).toHaveLength(2);
  });

  it("propagates a failing page's error (a 503 the transport would retry) and fetches nothing after it", async () => {
    serve({ items: 30, pagination: countWithTotal });
    const fetchPage = v1Fetcher(countWithTotal);
    const failingOnPage2: FetchPage<Item> = (request) => {
      if (request.page === 2) server().enqueue(faults.status(503));
      return fetchPage(request);
    };
    const seen: number[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const item of paginateItems(failingOnPage2, { pagination: countWithTotal, pageSize: 10 })) seen.push(item.id);
      })(),
      HttpStatusError,
    );
    expect(error.status).toBe(503);
    expect(seen).toEqual(range(1, 10));
    expect(requested().map((r) => r.page)).toEqual([1, 2]);
  });
});

describe("paginate: laziness and cancellation", () => {
  it("fetches the next page only when the consumer asks for more, and nothing after a break", async () => {
    serve({ items: 100, pagination: countWithTotal });
    const seen: number[] = [];
    for await (const item of paginateItems(v1Fetcher(countWithTotal), { pagination: countWithTotal, pageSize: 10 })) {
      seen.push(item.id);
      expect(server().requests).toHaveLength(Math.ceil(item.id / 10));
      if (item.id === 10) break;
    }
    expect(seen).toEqual(range(1, 10));
    expect(server().requests).toHaveLength(1);

    server().reset();
    serve({ items: 100, pagination: countWithTotal });
    for await (const page of paginatePages(v1Fetcher(countWithTotal), { pagination: countWithTotal, pageSize: 10 })) {
      if (page.page === 2) break;
    }
    expect(server().requests).toHaveLength(2);
  });

  it("toArray collects up to max and stops fetching there; each iteration starts over", async () => {
    serve({ items: 100, pagination: countWithTotal });
    const items = paginateItems(v1Fetcher(countWithTotal), { pagination: countWithTotal, pageSize: 10 });
    expect((await items.toArray({ max: 15 })).map((item) => item.id)).toEqual(range(1, 15));
    expect(server().requests).toHaveLength(2);
    expect((await items.toArray({ max: 3 })).map((item) => item.id)).toEqual([1, 2, 3]);
    expect(requested().map((r) => r.page)).toEqual([1, 2, 1]);
    server().reset();
    serve({ items: 30, pagination: countWithTotal });
    expect((await items.toArray()).map((item) => item.id)).toEqual(range(1, 30));
  });

  it("honours the abort signal between pages and hands it to the page fetcher", async () => {
    serve({ items: 100, pagination: countWithTotal });
    const controller = new AbortController();
    const signals: (AbortSignal | undefined)[] = [];
    const fetchPage = v1Fetcher(countWithTotal);
    const recording: FetchPage<Item> = (request) => {
      signals.push(request.signal);
      return fetchPage(request);
    };
    const seen: number[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const item of paginateItems(recording, { pagination: countWithTotal, pageSize: 10, signal: controller.signal })) {
          seen.push(item.id);
          if (item.id === 10) controller.abort(new Error("user gave up"));
        }
      })(),
      AltegioAbortError,
    );
    expect(error.cause).toEqual(new Error("user gave up"));
    expect(seen).toEqual(range(1, 10));
    expect(server().requests).toHaveLength(1);
    expect(signals).toEqual([controller.signal]);
  });

  it("fetches nothing when the signal is already aborted", async () => {
    serve({ items: 100, pagination: countWithTotal });
    const items = paginateItems(v1Fetcher(countWithTotal), { pagination: countWithTotal, signal: AbortSignal.abort() });
    await expect(items.toArray()).rejects.toBeInstanceOf(AltegioAbortError);
    expect(server().requests).toHaveLength(0);
  });
});

describe("paginate: v2 JSON:API lists", () => {
  it("yields unwrapped resources with their relationships resolved, page by page", async () => {
    serve({ items: 7, pagination: limitV2 });
    const items = [];
    for await (const item of paginateItems(v2Fetcher(limitV2), { pagination: limitV2, pageSize: 3 })) items.push(item);
    expect(items.map((item) => item.id)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(items[4]).toStrictEqual({
      id: "5",
      type: "item",
      name: "item 5",
      owner: { id: "2", type: "owner", name: "owner 2" },
    });
    expect(requested()).toEqual([
      { page: 1, size: "3" },
      { page: 2, size: "3" },
      { page: 3, size: "3" },
    ]);
  });
});

describe("paginate: repeated pages", () => {
  /** A fetcher serving fixed pages (by page number); pages past the end are empty. */
  const fixedPages =
    <T>(pages: readonly (readonly T[])[], total: number | null = null): FetchPage<T> =>
    async ({ page }) => ({ items: pages[page - 1] ?? [], total });
  const walk = async <T>(fetchPage: FetchPage<T>, pagination: PaginationInfo, pageSize?: number) => {
    const seen: T[] = [];
    const options = pageSize === undefined ? { pagination } : { pagination, pageSize };
    const error = await rejectionOf(
      (async () => {
        for await (const item of paginateItems(fetchPage, options)) seen.push(item);
      })(),
      AltegioPaginationLoopError,
    );
    return { seen, page: error.page };
  };

  it("detects a repeated page of items that have no id, by their content", async () => {
    const page = [{ amount: 1 }, { amount: 2 }];
    const { seen, page: at } = await walk(fixedPages([page, page, page]), countNoTotal, 2);
    expect(seen).toEqual(page);
    expect(at).toBe(2);
  });

  it("detects A/B alternation and a 3-page cycle", async () => {
    const a = [{ id: 1 }, { id: 2 }];
    const b = [{ id: 3 }, { id: 4 }];
    const c = [{ id: 5 }, { id: 6 }];
    const alternating = await walk(fixedPages([a, b, a, b, a, b]), countNoTotal, 2);
    expect(alternating).toEqual({ seen: [...a, ...b], page: 3 });
    const cycling = await walk(fixedPages([a, b, c, a, b, c, a]), countNoTotal, 2);
    expect(cycling).toEqual({ seen: [...a, ...b, ...c], page: 4 });
  });

  it("treats v2 pages with the same ids but another type as different pages", async () => {
    const resources = (type: string) => ({
      data: [
        { type, id: "1", attributes: { name: `${type} 1` } },
        { type, id: "2", attributes: { name: `${type} 2` } },
      ],
    });
    const bodies = [resources("staff"), resources("resource"), { data: [] }];
    const fetchPage: FetchPage<unknown> = async ({ page }) => v2PageFromBody(bodies[page - 1]!, limitV2);
    const items = await paginateItems(fetchPage, { pagination: limitV2, pageSize: 2 }).toArray();
    expect(items).toEqual([
      { type: "staff", id: "1", name: "staff 1" },
      { type: "staff", id: "2", name: "staff 2" },
      { type: "resource", id: "1", name: "resource 1" },
      { type: "resource", id: "2", name: "resource 2" },
    ]);
  });
});

describe("paginate: a server capping the page size without a total", () => {
  it("delivers every item when the server sends 50 of the 100 asked per page", async () => {
    serve({ items: 1_000, pagination: countNoTotal, cap: 50 });
    expect(await collectIds({ pagination: countNoTotal, pageSize: 100 })).toEqual(range(1, 1_000));
    // 20 full pages of the server's 50, then an empty one.
    expect(requested().map((r) => r.page)).toEqual(range(1, 21));
  });

  it("costs one extra, empty request for a list that fits in one page", async () => {
    serve({ items: 30, pagination: countNoTotal });
    expect(await collectIds({ pagination: countNoTotal, pageSize: 100 })).toEqual(range(1, 30));
    expect(requested().map((r) => r.page)).toEqual([1, 2]);
  });

  it("ends quietly when a short first page comes back again (the server ignores page and sent all it has)", async () => {
    serve({ items: 30, pagination: countNoTotal, ignoresPage: true });
    expect(await collectIds({ pagination: countNoTotal, pageSize: 100 })).toEqual(range(1, 30));
    expect(requested().map((r) => r.page)).toEqual([1, 2]);
  });
});

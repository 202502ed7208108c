import { describe, expect, it } from "vitest";
import { AltegioAbortError, AltegioError, AltegioPaginationLoopError } from "../../src/facade/errors.js";
import { v1PageFromBody, v2PageFromBody } from "../../src/facade/list-bodies.js";
import type { PaginationInfo } from "../../src/facade/operations.js";
import { paginateItems, type FetchPage } from "../../src/facade/pagination.js";
import { faults } from "../helpers/fault-server.js";
import { clientFor, rejectionOf, USER, useFaultServer } from "./client/harness.js";

const server = useFaultServer();
const countNoTotal: PaginationInfo = { pageParam: "page", sizeParam: "count", maxSize: null, total: null };
const limitV2: PaginationInfo = { pageParam: "page", sizeParam: "limit", maxSize: 250, total: null };

describe("paginate: a hostile server", () => {
  it("throws AltegioPaginationLoopError when a server ignoring page sends the same items in another order", async () => {
    // 100 items, rotated by one on every request: the same page never comes back in the same order.
    const items = Array.from({ length: 100 }, (_, i) => ({ id: String(i + 1), name: `client ${i + 1}` }));
    const fetchPage: FetchPage<unknown> = async ({ page }) =>
      v1PageFromBody({ success: true, data: [...items.slice(page % 100), ...items.slice(0, page % 100)], meta: [] }, countNoTotal);
    let delivered = 0;
    const error = await rejectionOf(
      (async () => {
        for await (const _ of paginateItems(fetchPage, { pagination: countNoTotal, pageSize: 100, maxPages: 200 })) delivered++;
      })(),
      AltegioPaginationLoopError,
    );
    expect(error).toMatchObject({ page: 2, repeats: 1 });
    expect(delivered).toBe(100);
  });

  it("treats v2 pages holding the same resources in another order as a repeat", async () => {
    const resources = Array.from({ length: 3 }, (_, i) => ({ type: "service", id: String(i + 1), attributes: { title: `s${i}` } }));
    const fetchPage: FetchPage<unknown> = async ({ page }) =>
      v2PageFromBody({ data: page % 2 === 0 ? [...resources].reverse() : resources }, limitV2);
    const error = await rejectionOf(paginateItems(fetchPage, { pagination: limitV2, pageSize: 3, maxPages: 10 }).toArray());
    expect(error).toMatchObject({ name: "AltegioPaginationLoopError", page: 2 });
  });

  it("rejects a page nested too deeply to compare with an AltegioError, not a RangeError", () => {
    const depth = 100_000;
    const v1 = JSON.parse(`{"success":true,"data":[${"[".repeat(depth)}${"]".repeat(depth)}],"meta":[]}`) as unknown;
    expect(() => v1PageFromBody(v1, countNoTotal)).toThrow(AltegioError);
    const v2 = JSON.parse(`{"data":[{"type":"a","id":"1","attributes":{"x":${"[".repeat(depth)}${"]".repeat(depth)}}}]}`) as never;
    expect(() => v2PageFromBody(v2, limitV2)).toThrow(AltegioError);
  });
});

describe("paginate: a signal in init and another in options", () => {
  it.each(["init", "options"] as const)("stops before the next page when the %s signal aborts", async (which) => {
    const fromInit = new AbortController();
    const fromOptions = new AbortController();
    const aborted = which === "init" ? fromInit : fromOptions;
    server().setFallback((request) => {
      const page = Number(new URL(request.url, "http://x").searchParams.get("page"));
      return faults.ok([{ id: 2 * page - 1 }, { id: 2 * page }], { total_count: 6 });
    });
    const list = clientFor(server(), { userToken: USER }).v1.paginate(
      "/clients/{location_id}",
      { params: { path: { location_id: 1 } }, signal: fromInit.signal },
      { pageSize: 2, signal: fromOptions.signal },
    );
    const seen: unknown[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const item of list) {
          seen.push(item);
          aborted.abort(new Error("stop"));
        }
      })(),
      AltegioAbortError,
    );
    expect(error.cause).toEqual(new Error("stop"));
    expect(seen).toEqual([{ id: 1 }, { id: 2 }]);
    expect(server().requests).toHaveLength(1);
  });
});

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { PaginationInfo } from "../../src/facade/operations.js";
import { paginateItems, type FetchPage } from "../../src/facade/pagination.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const pagination: PaginationInfo = { pageParam: "page", sizeParam: "limit", maxSize: 250, total: null };
const TOTAL = 100_000;

describe("paginateItems memory", () => {
  it("iterates 100k items while holding no more than the current page", async () => {
    const pageRefs: WeakRef<object>[] = [];
    let liveEarlierPages = 0;
    const fetchPage: FetchPage<{ id: number; payload: string }> = async ({ page, size }) => {
      if (page % 20 === 0) {
        // Let the engine drop what it no longer needs, then count earlier pages still reachable. Up
        // to five turns and collections: on a loaded machine one, and once two, have left a dead page
        // behind (a collection can finish a marking that began while the page was still in use). A
        // page the engine really holds stays reachable however often the collector runs.
        let live = pageRefs.length;
        for (let turn = 0; turn < 5 && live > 0; turn++) {
          await nextTurn();
          collectGarbage();
          live = pageRefs.filter((ref) => ref.deref() !== undefined).length;
        }
        liveEarlierPages = Math.max(liveEarlierPages, live);
      }
      const first = (page - 1) * size!;
      const count = Math.max(0, Math.min(size!, TOTAL - first));
      const items = Array.from({ length: count }, (_, i) => ({ id: first + i + 1, payload: "x".repeat(64) }));
      if (page % 20 === 1) pageRefs.push(new WeakRef(items));
      return { items, total: null };
    };

    let count = 0;
    let last = 0;
    for await (const item of paginateItems(fetchPage, { pagination })) {
      count++;
      last = item.id;
    }
    expect(count).toBe(TOTAL);
    expect(last).toBe(TOTAL);
    expect(pageRefs.length).toBeGreaterThan(5);
    // Tracked pages are 1, 21, 41, ... and the count is taken when pages 20, 40, ... are requested,
    // so the page just consumed (which the repeated-page guard may still hold) is never among them:
    // every tracked page is older and must be gone.
    expect(liveEarlierPages).toBe(0);
  }, 180_000);
});

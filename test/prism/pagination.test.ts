import { describe, expect, inject, it } from "vitest";
import { PaginationLoopError, createAltegioClient } from "../../src/index.js";

// Paginated operations against Prism. A static mock answers every page with the same example
// items, which is exactly the server misbehaviour the repeated-page guard exists for.

const altegio = createAltegioClient({
  partnerToken: "partner-token",
  userToken: "user-token",
  baseUrl: inject("prismBaseUrl"),
  rateLimit: false,
  retry: false,
});

describe("paginate against Prism", () => {
  it("v1: GET /clients/{location_id} yields the data items of a page, with page + count accepted by the mock", async () => {
    const pages = [];
    for await (const page of altegio.location(4564).v1.paginate("/clients/{location_id}", undefined, { maxPages: 1 }).pages()) {
      pages.push(page);
    }
    expect(pages).toHaveLength(1);
    expect(pages[0]?.page).toBe(1);
    expect(pages[0]?.items.length).toBeGreaterThan(0);
    expect(typeof pages[0]?.items[0]?.id).toBe("number");
    expect(pages[0]?.total).toEqual(expect.any(Number));
  });

  it("v1: a server that repeats the same page stops with PaginationLoopError instead of looping", async () => {
    const walk = altegio.location(4564).v1.paginate("/clients/{location_id}", undefined, { pageSize: 1, maxPages: 50 });
    const error = await walk.toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect((error as PaginationLoopError).page).toBe(2);
  });

  it("v2: GET /locations/{location_id}/appointments is walked with page + limit and unwrapped", async () => {
    const first = await altegio
      .location(4564)
      .v2.paginate("/locations/{location_id}/appointments", undefined, { maxPages: 1 })
      .toArray();
    expect(first.length).toBeGreaterThan(0);
    expect(first[0]).toHaveProperty("id");
    expect(first[0]).toHaveProperty("type");
    expect(first[0]).not.toHaveProperty("attributes");
  });
});

import { describe, expect, it } from "vitest";
import { AltegioPaginationLoopError } from "../../src/index.js";
import { rejectionOf } from "../helpers/rejection.js";
import { PRISM_USER_TOKEN, prismClient } from "./sdk-client.js";

// Paginated operations against Prism. A static mock answers every page with the same example
// items, which is exactly the server misbehaviour the repeated-page guard exists for.

const altegio = prismClient({ userToken: PRISM_USER_TOKEN });

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

  it("v1: a server that repeats the same page stops with AltegioPaginationLoopError instead of looping", async () => {
    const walk = altegio.location(4564).v1.paginate("/clients/{location_id}", undefined, { pageSize: 1, maxPages: 50 });
    const error = await rejectionOf(walk.toArray(), AltegioPaginationLoopError);
    expect(error.page).toBe(2);
  });

  it("v2: GET /locations/{location_id}/appointments is walked with page + limit and unwrapped", async () => {
    const first = await altegio.location(4564).v2.paginate("/locations/{location_id}/appointments", undefined, { maxPages: 1 }).toArray();
    expect(first.length).toBeGreaterThan(0);
    for (const appointment of first) {
      expect(appointment).toMatchObject({ id: expect.any(String), type: expect.any(String) });
      expect(appointment).not.toHaveProperty("attributes");
      expect(appointment).not.toHaveProperty("relationships");
    }
  });
});

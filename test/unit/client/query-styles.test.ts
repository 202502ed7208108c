import { describe, expect, it } from "vitest";
import { styledQuerySerializer } from "../../../src/facade/query-styles.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();

const TRANSACTIONS = "/chain/{chain_id}/loyalty/transactions";
const transactionsQuery = {
  created_after: "2024-01-01",
  created_before: "2024-01-31",
  types: ["1", "5"] as ("1" | "5")[],
  company_ids: [10, 20],
  visit_ids: [3],
};

const urls = () => server().requests.map((request) => request.url);

describe("query parameters go on the wire in the style the spec declares", () => {
  it("raw GET and request(): explode: false arrays comma-joined, the other parameters as usual", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    await altegio.v1.GET(TRANSACTIONS, { params: { path: { chain_id: 7 }, query: transactionsQuery } });
    await altegio.v1.request("get", TRANSACTIONS, { params: { path: { chain_id: 7 }, query: transactionsQuery } });
    const expected =
      "/v1/chain/7/loyalty/transactions?created_after=2024-01-01&created_before=2024-01-31&types=1,5&company_ids=10,20&visit_ids=3";
    expect(urls()).toEqual([expected, expected]);
  });

  it("data method: comma-joined ids, and an empty list left out", async () => {
    const altegio = clientFor(server());
    await altegio.v1.get("/chain/{chain_id}/loyalty/abonements", {
      params: { path: { chain_id: 7 }, query: { abonements_ids: [1, 2, 3], page: 2 } },
    });
    await altegio.v1.get("/chain/{chain_id}/loyalty/abonements", { params: { path: { chain_id: 7 }, query: { abonements_ids: [] } } });
    expect(urls()).toEqual(["/v1/chain/7/loyalty/abonements?abonements_ids=1,2,3&page=2", "/v1/chain/7/loyalty/abonements"]);
  });

  it("location scope: declared styles kept; exploded arrays stay exploded (v1 and v2)", async () => {
    const salon = clientFor(server(), { userToken: USER }).location(4564);
    await salon.v1.get(TRANSACTIONS, { params: { path: { chain_id: 7 }, query: transactionsQuery } });
    await salon.v1.get("/company/{location_id}/staff/schedule", {
      params: {
        query: { start_date: "2024-01-01", end_date: "2024-01-07", staff_ids: [1, 2], include: ["busy_intervals", "off_day_type"] },
      },
    });
    await salon.v2.GET("/locations/{location_id}/services", { params: { query: { include: ["resources", "service_composite"] } } });
    expect(urls()).toEqual([
      "/v1/chain/7/loyalty/transactions?created_after=2024-01-01&created_before=2024-01-31&types=1,5&company_ids=10,20&visit_ids=3",
      "/v1/company/4564/staff/schedule?start_date=2024-01-01&end_date=2024-01-07&staff_ids=1&staff_ids=2&include=busy_intervals&include=off_day_type",
      "/v2/locations/4564/services?include=resources&include=service_composite",
    ]);
  });

  it("paginate: every page keeps the declared style next to the page parameters", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.ok([{ id: 1 }, { id: 2 }], { count: 3 }), faults.ok([{ id: 3 }], { count: 3 }));
    const items = await altegio.v1
      .paginate(TRANSACTIONS, { params: { path: { chain_id: 7 }, query: transactionsQuery } }, { pageSize: 2 })
      .toArray();
    expect(items).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const styled = "created_after=2024-01-01&created_before=2024-01-31&types=1,5&company_ids=10,20&visit_ids=3";
    expect(urls()).toEqual([
      `/v1/chain/7/loyalty/transactions?${styled}&page=1&count=2`,
      `/v1/chain/7/loyalty/transactions?${styled}&page=2&count=2`,
    ]);
  });

  it("a caller's own querySerializer wins", async () => {
    await clientFor(server()).v1.get("/chain/{chain_id}/loyalty/abonements", {
      params: { path: { chain_id: 7 }, query: { abonements_ids: [1, 2] } },
      querySerializer: { array: { style: "form", explode: true } },
    });
    expect(urls()).toEqual(["/v1/chain/7/loyalty/abonements?abonements_ids=1&abonements_ids=2"]);
  });
});

describe("styledQuerySerializer", () => {
  it("applies each declared style to its own parameter and openapi-fetch's defaults to the rest", () => {
    const serialize = styledQuerySerializer({
      spaced: { style: "spaceDelimited", explode: false },
      piped: { style: "pipeDelimited", explode: false },
      joined: { style: "form", explode: false },
      deep: { style: "deepObject", explode: true },
    });
    expect(
      serialize({
        spaced: ["a b", "c"],
        piped: [1, 2],
        joined: { x: 1, y: "z&" },
        deep: { x: 1 },
        plain: ["p", "q"],
        name: "Ann & Bob",
        missing: undefined,
      }),
    ).toBe("spaced=a%20b%20c&piped=1|2&joined=x,1,y,z%26&deep[x]=1&plain=p&plain=q&name=Ann%20%26%20Bob");
  });

  it("ignores a style that does not fit the value (a primitive, or an array declared deepObject)", () => {
    const serialize = styledQuerySerializer({ id: { style: "form", explode: false }, deep: { style: "deepObject", explode: true } });
    expect(serialize({ id: 5, deep: [1, 2] })).toBe("id=5&deep=1&deep=2");
  });
});

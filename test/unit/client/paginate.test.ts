import { describe, expect, it } from "vitest";
import { AltegioAbortError, AltegioConfigurationError, AltegioServerError } from "../../../src/index.js";
import { faults, type RecordedRequest } from "../../helpers/fault-server.js";
import { clientFor, header, rejectionOf, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();

function query(request: RecordedRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URL(request?.url ?? "/", "http://x").searchParams);
}

/** A v2 JSON:API list document of services `ids`, all linked to one shared resource. */
function servicesDocument(ids: number[]) {
  return {
    data: ids.map((id) => ({
      type: "service",
      id: String(id),
      attributes: { title: `Service ${id}` },
      relationships: { resources: { data: [{ type: "resource", id: "r1" }] } },
    })),
    included: [{ type: "resource", id: "r1", attributes: { title: "Chair 1" } }],
    meta: {},
  };
}

describe("paginate", () => {
  it("walks v1 pages with the operation's page and size parameters until the total is reached", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.ok([{ id: 1 }, { id: 2 }], { total_count: 3 }), faults.ok([{ id: 3 }], { total_count: 3 }));
    const items = await altegio.v1
      .paginate("/clients/{location_id}", { params: { path: { location_id: 4564 }, query: { fullname: "Ann" } } }, { pageSize: 2 })
      .toArray();
    expect(items).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(server().requests.map((request) => new URL(request.url, "http://x").pathname)).toEqual(["/v1/clients/4564", "/v1/clients/4564"]);
    expect(server().requests.map(query)).toEqual([
      { fullname: "Ann", page: "1", count: "2" },
      { fullname: "Ann", page: "2", count: "2" },
    ]);
    expect(header(server(), 1, "authorization")).toContain(`User ${USER}`);
  });

  it("unwraps v2 items and uses limit (at most the spec's maximum) as page size", async () => {
    const salon = clientFor(server(), { userToken: USER }).location(4564);
    server().enqueue(faults.json(servicesDocument([1, 2])), faults.json(servicesDocument([])));
    const services = await salon.v2.paginate("/locations/{location_id}/services").toArray();
    expect(query(server().requests[0])).toEqual({ page: "1", limit: "250" });
    // No total, and fewer items than asked: page 2 tells whether the server capped the page.
    expect(query(server().requests[1])).toEqual({ page: "2", limit: "250" });
    expect(server().requests[0]?.url).toMatch(/^\/v2\/locations\/4564\/services\?/);
    expect(services).toHaveLength(2);
    expect(services[0]).toMatchObject({ id: "1", type: "service", title: "Service 1", resources: [{ title: "Chair 1" }] });
    expect(services[1]?.resources?.[0]).toBe(services[0]?.resources?.[0]);
  });

  it("yields whole pages from pages(), fetching lazily", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.json(servicesDocument([1, 2])), faults.json(servicesDocument([3, 4])), faults.json(servicesDocument([5])));
    const list = altegio.v2.paginate("/locations/{location_id}/services", { params: { path: { location_id: 1 } } }, { pageSize: 2 });
    const seen: number[] = [];
    for await (const page of list.pages()) {
      seen.push(page.page);
      expect(server().requests).toHaveLength(page.page);
      if (page.page === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect(server().requests).toHaveLength(2);
  });

  it("stops fetching once toArray({ max }) has enough", async () => {
    server().enqueue(faults.ok([{ id: 1 }, { id: 2 }], { total_count: 10 }), faults.ok([{ id: 3 }, { id: 4 }]));
    const firstThree = await clientFor(server(), { userToken: USER })
      .location(1)
      .v1.paginate("/clients/{location_id}", undefined, { pageSize: 2 })
      .toArray({ max: 3 });
    expect(firstThree).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(server().requests).toHaveLength(2);
  });

  it("sends every page through the transport: a failing page is retried, then throws typed", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.status(503), faults.ok([{ id: 1 }]), faults.ok([]));
    await expect(altegio.v1.paginate("/companies").toArray()).resolves.toEqual([{ id: 1 }]);
    expect(server().requests).toHaveLength(3);

    server().reset();
    server().enqueue(faults.ok([{ id: 1 }, { id: 2 }]), faults.html502());
    const error = await rejectionOf(
      clientFor(server(), { userToken: USER, retry: false }).v1.paginate("/companies", undefined, { pageSize: 2 }).toArray(),
    );
    expect(error).toBeInstanceOf(AltegioServerError);
  });

  it("stops before the next page when the caller's signal aborts", async () => {
    const controller = new AbortController();
    server().enqueue(faults.ok([{ id: 1 }, { id: 2 }]));
    const list = clientFor(server(), { userToken: USER }).v1.paginate("/companies", { signal: controller.signal }, { pageSize: 2 });
    const seen: unknown[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const item of list) {
          seen.push(item);
          controller.abort();
        }
      })(),
    );
    expect(error).toBeInstanceOf(AltegioAbortError);
    expect(seen).toEqual([{ id: 1 }, { id: 2 }]); // the page already fetched is delivered
    expect(server().requests).toHaveLength(1);
  });

  it("refuses operations the table does not mark as paginated", () => {
    const altegio = clientFor(server(), { userToken: USER });
    const paginate = altegio.v1.paginate as (path: string, init?: unknown) => unknown;
    expect(() => paginate("/company/{location_id}", { params: { path: { location_id: 1 } } })).toThrow(AltegioConfigurationError);
    expect(() => paginate("/company/{location_id}")).toThrow(/get_location \(GET \/company\/\{location_id\}\)/);
    expect(server().requests).toHaveLength(0);
  });
});

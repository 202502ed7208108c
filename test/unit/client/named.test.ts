import { describe, expect, it } from "vitest";
import { AltegioConfigurationError, AltegioNotFoundError, listOperations } from "../../../src/index.js";
import { faults, type RecordedRequest } from "../../helpers/fault-server.js";
import { clientFor, header, rejectionOf, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();

const pathOf = (request: RecordedRequest | undefined): string => new URL(request?.url ?? "/", "http://x").pathname;
const queryOf = (request: RecordedRequest | undefined): string => new URL(request?.url ?? "/", "http://x").search;

describe("named methods", () => {
  it("call the operation by name, with path and query parameters in one object, and resolve to the envelope's data", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.ok([{ id: 7 }], { total_count: 1 }));
    const staff = await altegio.v1.getTeamMemberSchedule({
      location_id: 4564,
      team_member_id: 7,
      start_date: "2026-01-01",
      end_date: "2026-01-31",
    });
    expect(staff).toEqual([{ id: 7 }]);
    expect(server().requests[0]?.method).toBe("GET");
    expect(pathOf(server().requests[0])).toBe("/v1/schedule/4564/7/2026-01-01/2026-01-31");
    expect(header(server(), 0, "authorization")).toContain(`User ${USER}`);
  });

  it("reach the same operation through its tag group, and send query parameters in the query", async () => {
    const altegio = clientFor(server());
    server().enqueue(faults.ok({ id: 4564, title: "Salon" }));
    const company = await altegio.v1.locations.getLocation({ location_id: 4564, my: 1 });
    expect(company).toEqual({ id: 4564, title: "Salon" });
    expect(pathOf(server().requests[0])).toBe("/v1/company/4564");
    expect(queryOf(server().requests[0])).toBe("?my=1");
    expect(altegio.v1.locations.getLocation).toBe(altegio.v1.getLocation);
    expect("getLocation" in altegio.v1 && "locations" in altegio.v1).toBe(true);
  });

  it("take the body as its own argument and per-call options last", async () => {
    const altegio = clientFor(server());
    server().enqueue(faults.ok({ user_token: "t" }));
    await altegio.v1.authorizeUser({ login: "owner@example.com", password: "pw" }, { headers: { "X-Trace": "abc" } });
    expect(server().requests[0]?.method).toBe("POST");
    expect(JSON.parse(server().requests[0]?.text ?? "")).toEqual({ login: "owner@example.com", password: "pw" });
    expect(header(server(), 0, "x-trace")).toBe("abc");
  });

  it("give meta and the Response with .withResponse(), from one request", async () => {
    const altegio = clientFor(server());
    server().enqueue(faults.ok({ id: 1 }, { note: "m" }));
    const { data, meta, response } = await altegio.v1.getLocation({ location_id: 1 }).withResponse();
    expect(data).toEqual({ id: 1 });
    expect(meta).toEqual({ note: "m" });
    expect(response.status).toBe(200);
    expect(server().requests).toHaveLength(1);
  });

  it("throw the typed API errors", async () => {
    const altegio = clientFor(server());
    server().enqueue(faults.status(404));
    const error = await rejectionOf(altegio.v1.getLocation({ location_id: 1 }));
    expect(error).toBeInstanceOf(AltegioNotFoundError);
  });

  it("fill the location parameter on a location scope, so the call needs nothing else", async () => {
    const salon = clientFor(server(), { userToken: USER }).location(4564);
    server().enqueue(faults.ok({ id: 4564 }), faults.json({ data: [], meta: {} }));
    await salon.v1.getLocation();
    await salon.v2.teamMembers.listPositions();
    expect(server().requests.map(pathOf)).toEqual(["/v1/company/4564", "/v2/locations/4564/positions"]);
  });

  it("resolve v2 calls to the unwrapped document, with the include the caller passed", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(
      faults.json({
        data: {
          type: "service",
          id: "2",
          attributes: { title: "Cut" },
          relationships: { resources: { data: [{ type: "resource", id: "r1" }] } },
        },
        included: [{ type: "resource", id: "r1", attributes: { title: "Chair" } }],
        meta: {},
      }),
    );
    const doc = await altegio.v2.getService({ location_id: 1, service_id: 2, include: ["resources"] });
    expect(doc.data).toEqual({ id: "2", type: "service", title: "Cut", resources: [{ id: "r1", type: "resource", title: "Chair" }] });
    expect(queryOf(server().requests[0])).toBe("?include=resources");
  });

  it("await a paginated method for its first page, and iterate it for every item", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.ok([{ id: 1 }, { id: 2 }], { total_count: 3 }));
    expect(await altegio.v1.getLocationList({ count: 2 })).toEqual([{ id: 1 }, { id: 2 }]);
    expect(queryOf(server().requests[0])).toBe("?count=2");

    server().enqueue(faults.ok([{ id: 1 }, { id: 2 }], { total_count: 3 }), faults.ok([{ id: 3 }], { total_count: 3 }));
    const items: unknown[] = [];
    for await (const item of altegio.v1.getLocationList({}, { pageSize: 2 })) items.push(item);
    expect(items).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(server().requests.slice(1).map(queryOf)).toEqual(["?page=1&count=2", "?page=2&count=2"]);
  });

  it("send nothing for a paginated call until it is awaited or iterated", async () => {
    const altegio = clientFor(server());
    const pending = altegio.v1.getLocationList();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server().requests).toHaveLength(0);
    server().enqueue(faults.ok([]));
    expect(await pending).toEqual([]);
    expect(server().requests).toHaveLength(1);
  });

  it("paginate POST searches through the page parameters of the body", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.ok([{ id: 1 }, { id: 2 }], { total_count: 3 }), faults.ok([{ id: 3 }], { total_count: 3 }));
    const clients = await altegio
      .location(4564)
      .v1.getClientList({ fields: ["id"] }, { pageSize: 2 })
      .toArray();
    expect(clients).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(server().requests.map((request) => [request.method, pathOf(request), JSON.parse(request.text)])).toEqual([
      ["POST", "/v1/company/4564/clients/search", { fields: ["id"], page: 1, page_size: 2 }],
      ["POST", "/v1/company/4564/clients/search", { fields: ["id"], page: 2, page_size: 2 }],
    ]);
  });

  it("reject bad arguments with a typed error before sending anything", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    const call = altegio.v1.getLocation as unknown as (...args: unknown[]) => Promise<unknown>;
    await expect(call("4564")).rejects.toThrow(AltegioConfigurationError);
    await expect(call({})).rejects.toThrow(/needs the path parameter "location_id"/);
    const noQuery = altegio.v1.getTeamMemberSchedule as unknown as (...args: unknown[]) => Promise<unknown>;
    await expect(noQuery({ location_id: 1, team_member_id: 2, start_date: 1, end_date: 2, extra: 1 })).rejects.toThrow(
      /has no parameter "extra"/,
    );
    await expect(call({ location_id: 1 }, {}, {})).rejects.toThrow(/at most 2 arguments/);
    const list = altegio.v1.getLocationList as unknown as (...args: unknown[]) => AsyncIterable<unknown>;
    await expect(
      (async () => {
        for await (const _ of list("bad")) return;
      })(),
    ).rejects.toThrow(AltegioConfigurationError);
    expect(server().requests).toHaveLength(0);
  });

  it("are looked up, not built: unknown names are undefined and the client's own members win", () => {
    const altegio = clientFor(server());
    expect((altegio.v1 as unknown as Record<string, unknown>)["noSuchOperation"]).toBeUndefined();
    expect(typeof altegio.v1.get).toBe("function");
    expect(Object.keys(altegio.v1)).not.toContain("getLocation");
  });
});

describe("listOperations", () => {
  it("lists all 301 operations (the callback path the normaliser drops is not one) with method name, tag group and doc link", () => {
    const operations = listOperations();
    expect(operations).toHaveLength(301);
    expect(listOperations("v2")).toHaveLength(42);
    expect(operations.find((op) => op.operationId === "get_team_member_schedule")).toMatchObject({
      version: "v1",
      methodName: "getTeamMemberSchedule",
      tag: "Schedule & Resources",
      tagGroup: "scheduleAndResources",
      method: "get",
      path: "/schedule/{location_id}/{team_member_id}/{start_date}/{end_date}",
      auth: "user",
      docUrl: "https://developer.alteg.io/en/b2b-v1/openapi/schedule-and-resources/get_team_member_schedule.md",
    });
  });
});

describe("named methods for file downloads", () => {
  it("resolve to a Blob and ask for the file's media type", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.respond(200, "%PDF-1.7 receipt", { "content-type": "application/pdf" }));
    const receipt = await altegio.v1.getVisitReceiptPdf({ visit_id: 5 });
    expect(receipt).toBeInstanceOf(Blob);
    expect(await receipt.text()).toBe("%PDF-1.7 receipt");
    expect(header(server(), 0, "accept")).toBe("application/vnd.api.v2+json, application/pdf");
  });
});

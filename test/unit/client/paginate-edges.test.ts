import { describe, expect, it } from "vitest";
import { AltegioConfigurationError, AltegioError } from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, rejectionOf, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();
type Untyped = (path: string, init?: unknown, options?: unknown) => { toArray(collect?: unknown): Promise<unknown[]> };

describe("paginate: a list body that is not an object", () => {
  it.each(['[{"id":1}]', "5", '"text"', "true"])(
    "rejects a v1 or v2 page whose body is %s with an AltegioError, not an empty list",
    async (body) => {
      const altegio = clientFor(server(), { userToken: USER });
      server().enqueue(faults.respond(200, body), faults.respond(200, body));
      await rejectionOf(altegio.v1.paginate("/companies").toArray(), AltegioError);
      await rejectionOf(altegio.location(1).v2.paginate("/locations/{location_id}/services").toArray(), AltegioError);
      expect(server().requests).toHaveLength(2);
    },
  );
});

describe("paginate: a careless caller", () => {
  it.each([
    ["a JSON string", '{"fields":["id"]}'],
    ["an array", [{ fields: ["id"] }]],
    ["FormData", new FormData()],
  ])("refuses %s as the body of a POST search it pages through, before sending it mangled", async (_, body) => {
    const search = clientFor(server(), { userToken: USER }).location(4564).v1.getClientList as unknown as (
      body: unknown,
    ) => AsyncIterable<unknown> & { toArray(): Promise<unknown[]> };
    await rejectionOf(search(body).toArray(), AltegioConfigurationError);
    expect(server().requests).toHaveLength(0);
  });

  it("refuses an options signal that is not an AbortSignal with an AltegioConfigurationError, also beside an init signal", async () => {
    const paginate = clientFor(server(), { userToken: USER }).v1.paginate as unknown as Untyped;
    for (const init of [undefined, { signal: new AbortController().signal }]) {
      await rejectionOf(paginate("/companies", init, { signal: {} }).toArray(), AltegioConfigurationError);
    }
    expect(server().requests).toHaveLength(0);
  });

  it("treats null options and toArray(null) as none given", async () => {
    server().setFallback(() => faults.ok([{ id: 1 }], { total_count: 1 }));
    const paginate = clientFor(server(), { userToken: USER }).location(1).v1.paginate as unknown as Untyped;
    await expect(paginate("/clients/{location_id}", undefined, null).toArray()).resolves.toEqual([{ id: 1 }]);
    await expect(paginate("/clients/{location_id}").toArray(null)).resolves.toEqual([{ id: 1 }]);
  });
});

import { describe, expect, it } from "vitest";
import { AltegioJsonApiIncludeError, unwrap } from "../../src/index.js";
import { faults } from "../helpers/fault-server.js";
import { clientFor, USER, useFaultServer } from "./client/harness.js";

const server = useFaultServer();

describe("unwrap: hostile documents", () => {
  it.each([5, "r1", true])("throws AltegioJsonApiIncludeError for an included relationship whose data is %j, not linkage", (data) => {
    const document = { data: [{ type: "service", id: "1", relationships: { resources: { data } } }] } as never;
    expect(() => unwrap(document, { include: ["resources"] as never })).toThrow(AltegioJsonApiIncludeError);
  });

  it("unwraps the nothing that v2.get resolves to for an empty 200 body as data: null", async () => {
    server().enqueue(faults.respond(200, ""));
    const document = await clientFor(server(), { userToken: USER }).location(1).v2.get("/locations/{location_id}/services");
    expect(unwrap(document)).toEqual({ data: null, meta: undefined, links: undefined });
    expect(unwrap(null as never).data).toBeNull();
  });
});

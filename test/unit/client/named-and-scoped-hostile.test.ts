/**
 * Named methods, location scopes, the operation listing and the styled query serializer given what a
 * plain-JavaScript caller can pass: sent as meant, or a typed AltegioError before anything is sent.
 */
import { describe, expect, it } from "vitest";
import { styledQuerySerializer } from "../../../src/facade/query-styles.js";
import { AltegioConfigurationError, createAltegioClient, listOperations } from "../../../src/index.js";
import { rejectionOf } from "./harness.js";

type Call = (...args: unknown[]) => Promise<unknown>;

function stubClient() {
  const sent: string[] = [];
  const fetch = async (request: Request) => {
    const url = new URL(request.url);
    sent.push(`${request.method} ${url.pathname}${url.search}`);
    return Response.json({ success: true, data: [], meta: {} });
  };
  const client = createAltegioClient({ partnerToken: "p", userToken: "u", rateLimit: false, retry: false, fetch });
  return { client, sent, v1: client.v1 as unknown as Record<string, Call> };
}

const circular: Record<string, unknown> = {};
circular["self"] = circular;

describe("values JSON cannot show", () => {
  it.each([
    ["a bigint", 4564n],
    ["a circular object", circular],
  ])("a location scope refuses %s as its id with an AltegioConfigurationError", (_, id) => {
    const { client } = stubClient();
    expect(() => client.location(id as never)).toThrow(AltegioConfigurationError);
  });

  it("a named call rejects a bigint for params or options with an AltegioConfigurationError, sending nothing", async () => {
    const { v1, sent } = stubClient();
    for (const args of [[4564n], [[1n]], [{ location_id: 1 }, 5n]]) {
      await rejectionOf(v1["getLocation"]?.(...args) ?? Promise.resolve(), AltegioConfigurationError);
    }
    expect(sent).toEqual([]);
  });
});

describe("params parsed from JSON", () => {
  it("send a __proto__ key as that query parameter, not its members or nothing", async () => {
    const { v1, sent } = stubClient();
    await v1["getLocation"]?.(JSON.parse('{"location_id":1,"__proto__":{"my":1}}'));
    await v1["getLocation"]?.(JSON.parse('{"location_id":2,"__proto__":5}'));
    expect(sent).toEqual(["GET /api/v1/company/1?__proto__[my]=1", "GET /api/v1/company/2?__proto__=5"]);
  });
});

describe("listOperations", () => {
  it.each(["v3", "V1", null, "__proto__", "constructor"])("refuses the version %s with an AltegioConfigurationError", (version) => {
    expect(() => listOperations(version as never)).toThrow(AltegioConfigurationError);
  });
});

describe("styledQuerySerializer", () => {
  it("leaves out null members of an object in a declared style, as the default style does", () => {
    const serialize = styledQuerySerializer({ joined: { style: "form", explode: false }, other: { style: "form", explode: false } });
    expect(serialize({ joined: { x: 1, y: null, z: undefined }, other: { y: null }, id: 2 })).toBe("joined=x,1&id=2");
  });
});

import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAltegioClient } from "../../../src/index.js";
import { altegio, createAltegioMocks, ok, rateLimited, responseExample } from "../../../src/testing/index.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const clientFor = (baseUrl?: string) =>
  createAltegioClient({
    partnerToken: "partner",
    userToken: "user",
    rateLimit: false,
    retry: false,
    timeoutMs: 5_000,
    ...(baseUrl ? { baseUrl } : {}),
  });

describe("altegio-sdk/testing under the base URL the client is given", () => {
  // The client normalises its baseUrl (default port, %-encoding, dot segments); MSW reads ':', '(', ')' and '+' as its path syntax.
  for (const baseUrl of [
    "https://api.alteg.io:443/api",
    "http://127.0.0.1:80/api",
    "http://127.0.0.1:9/my proxy/api",
    "http://127.0.0.1:9/café",
    "http://127.0.0.1:9/a/../api",
    "http://[::1]:9/api",
    "http://127.0.0.1:9/api+v",
    "http://127.0.0.1:9/api(eu)",
    "http://127.0.0.1/a:/api",
    "http://127.0.0.1/a:8/api",
  ]) {
    it(`answers a client created with baseUrl ${baseUrl}`, async () => {
      server.use(createAltegioMocks({ baseUrl }).v1.get("/company/{location_id}", ({ params }) => ok({ id: Number(params.location_id) })));
      expect(await clientFor(baseUrl).v1.getLocation({ location_id: 5 })).toEqual({ id: 5 });
    });
  }

  it("a mock under an IPv6 base URL leaves the other handlers answering", async () => {
    server.use(
      createAltegioMocks({ baseUrl: "http://[::1]:9/api" }).v1.get("/company/{location_id}", () => ok({ id: 2 })),
      altegio.v1.get("/company/{location_id}", () => ok({ id: 1 })),
    );
    expect(await clientFor().v1.getLocation({ location_id: 1 })).toEqual({ id: 1 });
  });
});

describe("responseExample", () => {
  it("hands out a copy: changing it changes neither later defaults nor later calls", async () => {
    const example = responseExample("v1", "get", "/company/{location_id}");
    if (example === undefined) throw new Error("no default");
    const title = example.body.data.title;
    example.body.data.title = "changed by one test";
    expect(responseExample("v1", "get", "/company/{location_id}")?.body.data.title).toBe(title);
    server.use(altegio.v1.get("/company/{location_id}"));
    expect((await clientFor().v1.getLocation({ location_id: 1 })).title).toBe(title);
  });

  it("is undefined, not a TypeError, for a version the API does not have (a JavaScript caller)", () => {
    expect(responseExample("v3" as "v1", "get", "/company/{location_id}")).toBeUndefined();
  });
});

describe("no-content operations", () => {
  it("take openapi-msw's response(204).empty() (type-checked by tsc) and the client resolves", async () => {
    server.use(altegio.v1.delete("/services/{location_id}/{service_id}", ({ response }) => response(204).empty()));
    const { response } = await clientFor().v1.DELETE("/services/{location_id}/{service_id}", {
      params: { path: { location_id: 1, service_id: 2 } },
    });
    expect(response.status).toBe(204);
  });

  it("still reject a body (checked by tsc)", () => {
    const service = "/services/{location_id}/{service_id}";
    altegio.v1.delete(service, () => new HttpResponse(null, { status: 204 }));
    // @ts-expect-error the operation answers no content
    altegio.v1.delete(service, () => ok({ id: 1 }));
    expect(true).toBe(true);
  });
});

describe("a handler for a path the API does not have (a JavaScript caller, or a path gone from the spec)", () => {
  type Untyped = Record<"get", (path: string, resolver?: () => Response) => unknown>;
  it("is refused when it is made, with or without a resolver, not left never matching", () => {
    const mocks = altegio.v1 as unknown as Untyped;
    expect(() => mocks.get("/company/{locationid}", () => ok({ id: 1 }))).toThrow(/GET \/company\/\{locationid\} is not a v1 operation/);
    expect(() => mocks.get("/company/{locationid}")).toThrow(TypeError);
    expect(() => (altegio.v2 as unknown as Untyped).get("/company/{location_id}", () => ok({ id: 1 }))).toThrow(TypeError);
  });
});

describe("rateLimited", () => {
  it("refuses a wait that is not a safe whole number of seconds, which no message or header could carry as one", () => {
    for (const retryAfterSeconds of [1e21, Number.MAX_SAFE_INTEGER + 1, 1.5, -1]) {
      expect(() => rateLimited({ retryAfterSeconds })).toThrow(RangeError);
    }
    expect(rateLimited({ retryAfterSeconds: Number.MAX_SAFE_INTEGER, announce: "header" }).headers.get("retry-after")).toBe(
      String(Number.MAX_SAFE_INTEGER),
    );
  });
});

/**
 * What a plain-JavaScript caller can pass that the types forbid: every such value is a typed
 * AltegioError before anything is sent, or is sent as meant — never a request to a wrong URL, a
 * parameter or body silently dropped or mangled, or a TypeError from deep inside openapi-fetch.
 */
import { PassThrough, Readable } from "node:stream";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  AltegioConfigurationError,
  AltegioError,
  AltegioPathParameterError,
  createAltegioClient,
  type AltegioClientOptions,
} from "../../../src/index.js";
import { rejectionOf } from "./harness.js";

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
}

type Call = (...args: unknown[]) => Promise<unknown>;
/** The surfaces the tests call, untyped, as a JavaScript caller sees them. */
type Untyped = Record<"get" | "GET" | "put" | "PUT" | "post" | "POST" | "delete" | "getLocation" | "authorizeUser", Call>;

/** A client whose fetch records each request and answers with an empty v1 envelope. */
function stubClient(options: Partial<AltegioClientOptions> = {}) {
  const sent: Sent[] = [];
  const fetch = async (request: Request) => {
    sent.push({
      method: request.method,
      url: new URL(request.url).pathname + new URL(request.url).search,
      headers: Object.fromEntries(request.headers),
    });
    return Response.json({ success: true, data: [], meta: {} });
  };
  const altegio = createAltegioClient({
    partnerToken: "partner-token",
    userToken: "user-token",
    rateLimit: false,
    retry: false,
    fetch,
    ...options,
  });
  return {
    altegio: altegio as never as Record<"v1" | "v2", Untyped>,
    client: altegio,
    sent,
  };
}

const LOCATION = "/company/{location_id}";
const STAFF = "/staff/{location_id}/{team_member_id}";

describe("path parameters a caller bypassing the types can pass", () => {
  it.each([
    ["an object", { id: 7 }],
    ["an array", [7, 8]],
    ["a function", () => 7],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
  ])("refuses %s on every surface instead of building a URL from it", async (_, value) => {
    const { altegio, client, sent } = stubClient();
    const salon = client.location(1).v1 as never as Untyped;
    const attempts = [
      () => altegio.v1.get(LOCATION, { params: { path: { location_id: value } } }),
      () => altegio.v1.GET(STAFF, { params: { path: { location_id: 1, team_member_id: value } } }),
      () => altegio.v1.delete(STAFF, { params: { path: { location_id: 1, team_member_id: value } } }),
      () => altegio.v1.getLocation({ location_id: value }),
      () => salon.get(STAFF, { params: { path: { team_member_id: value } } }),
    ];
    for (const attempt of attempts) {
      const error = await rejectionOf(attempt(), AltegioPathParameterError);
      expect(error.parameter).toMatch(/^(location_id|team_member_id)$/);
      expect(error.message).toMatch(/no request was sent/);
    }
    expect(sent).toEqual([]);
  });

  it("refuses a symbol with an AltegioError, not a TypeError", async () => {
    const { altegio, sent } = stubClient();
    await rejectionOf(altegio.v1.get(LOCATION, { params: { path: { location_id: Symbol("id") } } }), AltegioError);
    expect(sent).toEqual([]);
  });

  it("still sends numbers, numeric strings and bigints", async () => {
    const { altegio, sent } = stubClient();
    for (const value of [7, "7", 7n, -1]) await altegio.v1.get(LOCATION, { params: { path: { location_id: value } } });
    expect(sent.map((request) => request.url)).toEqual([
      "/api/v1/company/7",
      "/api/v1/company/7",
      "/api/v1/company/7",
      "/api/v1/company/-1",
    ]);
  });
});

describe("query values a caller bypassing the types can pass", () => {
  it.each([
    ["a Date (openapi-fetch drops it)", new Date(0)],
    ["a function (its source would be sent)", () => "2026-01-01"],
    ["NaN", Number.NaN],
    ["a nested object", { range: { from: 1 } }],
    ["an array of objects", [{ id: 1 }]],
    ["a symbol", Symbol("x")],
  ])("refuses %s, naming the parameter, before anything is sent", async (_, value) => {
    const { altegio, sent } = stubClient();
    const attempts = [
      () => altegio.v1.get(LOCATION, { params: { path: { location_id: 1 }, query: { my: value } } }),
      () => altegio.v1.GET(LOCATION, { params: { path: { location_id: 1 }, query: { my: value } } }),
      () => altegio.v1.getLocation({ location_id: 1, my: value }),
    ];
    for (const attempt of attempts) {
      const error = await rejectionOf(attempt(), AltegioConfigurationError);
      expect(error.message).toMatch(/query parameter my .*nothing was sent/);
    }
    expect(sent).toEqual([]);
  });

  it.each([
    ["a name holding # (the rest becomes a fragment)", { "my#": 1 }],
    ["a name holding & (it splits in two)", { "a&b": 1 }],
    ["a name holding = or + (the server reads another name)", { "a=b": 1, "a+b": 2 }],
    ["an object key holding # or & (filter[c#]=2)", { my: { "c#": 2 } }],
  ])("refuses %s, which openapi-fetch sends unencoded, before anything is sent", async (_, query) => {
    const { altegio, sent } = stubClient();
    await rejectionOf(altegio.v1.get(LOCATION, { params: { path: { location_id: 1 }, query } }), AltegioConfigurationError);
    await rejectionOf(altegio.v1.getLocation({ location_id: 1, ...query }), AltegioConfigurationError);
    expect(sent).toEqual([]);
  });

  it("still sends strings, numbers, booleans, arrays of them and flat objects", async () => {
    const { altegio, sent } = stubClient();
    await altegio.v1.get(LOCATION, {
      params: {
        path: { location_id: 1 },
        query: { a: "x", b: 2, c: true, d: [1, 2], e: { f: 1 }, g: null, h: undefined, i: 3n, "ids[]": [4], j: "#&=+" },
      },
    });
    expect(sent.map((request) => request.url)).toEqual(["/api/v1/company/1?a=x&b=2&c=true&d=1&d=2&e[f]=1&i=3&ids[]=4&j=%23%26%3D%2B"]);
  });
});

describe("bodies a JSON operation cannot carry", () => {
  const stream = () => new ReadableStream({ start: (controller) => controller.close() });
  it.each([
    ["a Blob (sent as {})", () => new Blob(['{"name":"Anna"}'])],
    ["a ReadableStream (sent as {})", stream],
    ['a Uint8Array (sent as {"0":…})', () => new TextEncoder().encode('{"name":"Anna"}')],
    ["an ArrayBuffer (sent as {})", () => new ArrayBuffer(4)],
    ["a function (the body is dropped)", () => () => ({ name: "Anna" })],
    ["a Map (sent as {})", () => new Map([["name", "Anna"]])],
    ["a Set (sent as {})", () => new Set(["Anna"])],
    ["URLSearchParams without a form Content-Type (sent as {})", () => new URLSearchParams({ name: "Anna" })],
    ["a Node.js Readable (sent as a dump of its internals)", () => Readable.from(['{"name":"Anna"}'])],
    ["a Node.js PassThrough", () => new PassThrough()],
    [
      "an async generator (sent as {})",
      () =>
        (async function* () {
          yield '{"name":"Anna"}';
        })(),
    ],
  ])("refuses %s before the write is sent", async (_, body) => {
    const { altegio, sent } = stubClient();
    const path = { location_id: 1, team_member_id: 2 };
    await rejectionOf(altegio.v1.put(STAFF, { params: { path }, body: body() }), AltegioConfigurationError);
    await rejectionOf(altegio.v1.PUT(STAFF, { params: { path }, body: body() }), AltegioConfigurationError);
    await rejectionOf(altegio.v1.authorizeUser(body()), AltegioConfigurationError);
    expect(sent).toEqual([]);
  });

  it.each([
    [
      "a circular object",
      () => {
        const body: Record<string, unknown> = { name: "Anna" };
        body["self"] = body;
        return body;
      },
    ],
    ["a bigint", () => ({ id: 1n })],
  ])("turns %s, which JSON cannot serialise, into an AltegioConfigurationError", async (_, body) => {
    const { altegio, sent } = stubClient();
    const error = await rejectionOf(altegio.v1.post("/auth", { body: body() }), AltegioConfigurationError);
    expect(error.cause).toBeInstanceOf(TypeError);
    await rejectionOf(altegio.v1.POST("/auth", { body: body() }), AltegioConfigurationError);
    expect(sent).toEqual([]);
  });

  it("still sends FormData as multipart and a bodySerializer's output as is", async () => {
    const { altegio, sent } = stubClient();
    const form = new FormData();
    form.set("a", "b");
    await altegio.v1.post("/images/{entity}", { params: { path: { entity: "master" } }, body: form });
    await altegio.v1.post("/auth", { body: new Blob(["x"]), bodySerializer: (blob: Blob) => blob });
    expect(sent.map((request) => request.url)).toEqual(["/api/v1/images/master", "/api/v1/auth"]);
    expect(sent[0]?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("sends URLSearchParams as a form when the call says the body is one", async () => {
    const bodies: string[] = [];
    const altegio = createAltegioClient({
      partnerToken: "partner-token",
      rateLimit: false,
      retry: false,
      fetch: async (request: Request) => {
        bodies.push(await request.text());
        return Response.json({ success: true, data: [], meta: {} });
      },
    });
    const form = new URLSearchParams({ login: "anna", password: "secret" });
    for (const headers of [
      { "Content-Type": "application/x-www-form-urlencoded" },
      [["content-type", "application/x-www-form-urlencoded"]],
    ]) {
      await altegio.v1.post("/auth", { body: form as never, headers: headers as never });
    }
    expect(bodies).toEqual(["login=anna&password=secret", "login=anna&password=secret"]);
  });
});

describe("per-call headers and options", () => {
  it("refuses a header value that cannot be sent without showing it, on raw and named calls", async () => {
    const { altegio, sent } = stubClient();
    const headers = { "X-Api-Key": "key-secret\nvalue" };
    const errors = [
      await rejectionOf(altegio.v1.get(LOCATION, { params: { path: { location_id: 1 } }, headers }), AltegioConfigurationError),
      await rejectionOf(altegio.v1.getLocation({ location_id: 1 }, { headers }), AltegioConfigurationError),
      await rejectionOf(altegio.v1.get(LOCATION, { params: { path: { location_id: 1 }, header: headers } }), AltegioConfigurationError),
    ];
    for (const error of errors) {
      expect(error.message).toMatch(/X-Api-Key/);
      expect(JSON.stringify(error)).not.toMatch(/secret/);
    }
    await rejectionOf(
      altegio.v1.get(LOCATION, { params: { path: { location_id: 1 } }, headers: { "X Key": "1" } }),
      AltegioConfigurationError,
    );
    expect(sent).toEqual([]);
  });

  it("sends headers given as a list of pairs (client and call) as those headers", async () => {
    const { altegio, sent } = stubClient({ headers: [["X-Client", "c"]] });
    await altegio.v1.get(LOCATION, { params: { path: { location_id: 1 } }, headers: [["X-Call", "d"]] });
    expect(sent[0]?.headers).toMatchObject({ "x-client": "c", "x-call": "d" });
    expect(sent[0]?.headers).not.toHaveProperty("0");
  });

  it("refuses an unknown parseAs before a write is sent (it failed only after the response)", async () => {
    const { altegio, sent } = stubClient();
    for (const parseAs of ["xml", "formData", "clone"]) {
      await rejectionOf(altegio.v1.post("/auth", { body: { login: "a", password: "b" }, parseAs }), AltegioConfigurationError);
      await rejectionOf(altegio.v1.POST("/auth", { body: { login: "a", password: "b" }, parseAs }), AltegioConfigurationError);
    }
    expect(sent).toEqual([]);
  });

  it("turns a signal that is not an AbortSignal and params: null into AltegioConfigurationError", async () => {
    const { altegio, sent } = stubClient();
    await rejectionOf(altegio.v1.get(LOCATION, { params: { path: { location_id: 1 } }, signal: {} }), AltegioConfigurationError);
    await rejectionOf(altegio.v1.getLocation({ location_id: 1 }, { signal: "stop" }), AltegioConfigurationError);
    await rejectionOf(altegio.v1.GET("/companies", { params: null }), AltegioConfigurationError);
    expect(sent).toEqual([]);
  });

  it("rejects a path template that is not a string instead of throwing a TypeError", async () => {
    const { altegio, client, sent } = stubClient();
    const salon = client.location(1).v1 as never as Untyped;
    for (const path of [undefined, 7, {}]) {
      await rejectionOf(altegio.v1.get(path), AltegioConfigurationError);
      await rejectionOf(salon.get(path), AltegioConfigurationError);
      await rejectionOf(
        Promise.resolve().then(() => altegio.v1.GET(path)),
        AltegioConfigurationError,
      );
    }
    expect(sent).toEqual([]);
  });

  it("leaves the caller's init and options objects as they were", async () => {
    const { altegio, client } = stubClient();
    const init = { params: { path: { location_id: 1 }, query: { my: 1 } }, headers: { "X-A": "1" } };
    const options = { headers: { "X-A": "1" }, timeoutMs: 1_000 };
    const before = JSON.stringify([init, options]);
    await altegio.v1.get(LOCATION, init);
    await (client.location(2).v1 as never as Untyped).get(LOCATION, init);
    await altegio.v1.getLocation({ location_id: 1 }, options);
    expect(JSON.stringify([init, options])).toBe(before);
  });
});

describe("named results", () => {
  it("iterating a call that is not paginated is an AltegioConfigurationError", async () => {
    const { altegio } = stubClient();
    const result = altegio.v1.getLocation({ location_id: 1 }) as unknown as AsyncIterable<unknown>;
    expect(() => result[Symbol.asyncIterator]()).toThrow(AltegioConfigurationError);
    await result;
  });

  it("request() with a method that is not an HTTP method rejects with an AltegioConfigurationError, on the client and a scope", async () => {
    const { client, sent } = stubClient();
    const surfaces = [client.v1, client.location(1).v1] as unknown as { request: Call }[];
    for (const surface of surfaces) {
      for (const method of ["bogus", Symbol("get"), 7]) {
        const call = () => surface.request(method, LOCATION, { params: { path: { location_id: 1 } } });
        await rejectionOf(call(), AltegioConfigurationError);
      }
      await surface.request("GET", LOCATION, { params: { path: { location_id: 1 } } });
    }
    expect(sent.map((request) => request.method)).toEqual(["GET", "GET"]);
  });

  it("a tag group turns into a string and is inspected like a plain object", () => {
    const { client } = stubClient();
    const group = (client.v1 as unknown as Record<string, object>)["locations"];
    expect(typeof group).toBe("object");
    expect(`${group}`).toBe("[object Object]");
    expect(inspect(group)).toBe("{}");
  });

  it("a failing call iterated by mistake leaves no unhandled rejection (it was told by the throw)", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const failing = () => Promise.resolve(Response.json({ success: false, data: null, meta: { message: "gone" } }, { status: 404 }));
      const { altegio } = stubClient({ fetch: failing });
      const result = altegio.v1.getLocation({ location_id: 1 }) as unknown as AsyncIterable<unknown>;
      expect(() => result[Symbol.asyncIterator]()).toThrow(AltegioConfigurationError);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

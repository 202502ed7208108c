/**
 * Client options from a careless JavaScript caller: a mistyped option name, getters that throw or
 * change between reads, headers in a shape openapi-fetch would drop, observers that misbehave in
 * ways beyond throwing. Each is a typed error when the client is made, or works as meant.
 */
import { describe, expect, it } from "vitest";
import { AltegioConfigurationError, createAltegioClient, type AltegioClientOptions } from "../../../src/index.js";

const PARTNER = "partner-token-1234";

/** A fetch that records each request's headers and answers with an empty v1 envelope. */
function sentFetch(sent: Headers[]) {
  return async (request: Request) => {
    sent.push(request.headers);
    return Response.json({ success: true, data: [], meta: [] });
  };
}

/** A client made by `make()` from `options`, whose fetch records what it sends. */
function recording(options: Record<string, unknown>) {
  const sent: Headers[] = [];
  const fetch = sentFetch(sent);
  const make = () => createAltegioClient({ partnerToken: PARTNER, rateLimit: false, retry: false, fetch, ...options } as never);
  return { sent, make };
}

function thrownBy(make: () => unknown): AltegioConfigurationError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(AltegioConfigurationError);
    return error as AltegioConfigurationError;
  }
  throw new Error("expected an error");
}

describe("option names", () => {
  it.each([
    ["baseURL", "http://127.0.0.1:1/api", "baseUrl"],
    ["timeout", 5_000, "timeoutMs"],
    ["retries", 0, "retry"],
    ["partner_token", PARTNER, "partnerToken"],
    ["rateLimiter", { acquire: async () => undefined }, "rateLimit"],
    ["user_token", "user-token-1", "userToken"],
    ["header", { "X-A": "1" }, "headers"],
  ])("refuses the unknown option %s, which would do nothing, naming it and the one meant", (name, value, meant) => {
    const { make, sent } = recording({ [name]: value });
    const error = thrownBy(make);
    expect(error.message).toContain(`unknown option "${name}"`);
    expect(error.message).toContain(meant);
    expect(sent).toEqual([]);
  });

  it("refuses an unknown option that looks like none, and still takes options from a prototype or a null-prototype object", async () => {
    expect(thrownBy(recording({ colour: "red" }).make).message).toContain('unknown option "colour"');
    const sent: Headers[] = [];
    const fetch = sentFetch(sent);
    await createAltegioClient(Object.create({ partnerToken: PARTNER, fetch }) as AltegioClientOptions).v1.get("/companies");
    await createAltegioClient(Object.assign(Object.create(null), { partnerToken: PARTNER, fetch })).v1.get("/companies");
    expect(sent).toHaveLength(2);
  });
});

describe("options read through getters", () => {
  it.each(["partnerToken", "fetch", "headers", "hooks"])(
    "a %s getter that throws is an AltegioConfigurationError that does not quote it",
    (name) => {
      const options = { partnerToken: PARTNER };
      Object.defineProperty(options, name, {
        enumerable: true,
        get() {
          throw new Error("vault said no to SECRET-9f3a");
        },
      });
      const error = thrownBy(() => createAltegioClient(options as AltegioClientOptions));
      expect(String(error)).not.toContain("SECRET-9f3a");
      expect((error.cause as Error).message).toContain("vault said no");
    },
  );

  it("uses the headers it checked, even when a getter returns other ones on the next read", async () => {
    let reads = 0;
    const sent: Headers[] = [];
    const options = {
      partnerToken: PARTNER,
      rateLimit: false,
      fetch: sentFetch(sent),
      get headers() {
        return reads++ === 0 ? { "X-Checked": "1" } : { "X-Unchecked": "2" };
      },
    };
    await createAltegioClient(options).v1.get("/companies");
    expect(sent[0]?.get("x-checked")).toBe("1");
    expect(sent[0]?.has("x-unchecked")).toBe(false);
  });
});

describe("client headers in shapes openapi-fetch would drop or mangle", () => {
  it("sends headers given as a Map, or as a Headers from another implementation (an iterable of pairs)", async () => {
    const foreign = {
      *[Symbol.iterator]() {
        yield ["X-Foreign", "f"];
      },
    };
    for (const headers of [new Map([["X-Map", "m"]]), foreign]) {
      const { make, sent } = recording({ headers });
      await make().v1.get("/companies");
      expect([...(sent[0] ?? [])].filter(([name]) => name.startsWith("x-"))).toEqual([...new Headers(headers as never)]);
    }
  });

  it("sends a call's own headers given as a Map or an iterable of pairs", async () => {
    const foreign = {
      *[Symbol.iterator]() {
        yield ["X-Foreign", "f"];
      },
    };
    for (const headers of [new Map([["X-Map", "m"]]), foreign]) {
      const { make, sent } = recording({});
      await make().v1.get("/companies", { headers: headers as never });
      expect([...(sent[0] ?? [])].filter(([name]) => name.startsWith("x-"))).toEqual([...new Headers(headers as never)]);
    }
  });

  it("refuses a Map whose header value cannot be sent, without quoting it, and a header value that is an object", () => {
    const bad = thrownBy(recording({ headers: new Map([["X-Api-Key", "SECRET-77\r\nX-Evil: 1"]]) }).make);
    expect(String(bad)).not.toContain("SECRET-77");
    const object = thrownBy(recording({ headers: { "X-Meta": { region: "eu" } } }).make);
    expect(object.message).toContain("X-Meta");
  });
});

describe("observers that misbehave beyond throwing", () => {
  it("a hook whose getter throws, or that throws or rejects with a value that cannot be made a string, leaves the call alone", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const warnings: unknown[] = [];
    const logger = { warn: (_message: string, data: unknown) => void warnings.push(data) };
    try {
      let reads = 0;
      const hooks = [
        {
          get onRequest() {
            // read once when the client is checked, then on each request
            if (reads++ > 1) throw new Error("getter bug");
            return undefined;
          },
        },
        {
          onResponse: () => {
            throw Object.create(null);
          },
        },
        { onResponse: async () => Promise.reject(Object.create(null)) },
      ];
      for (const hook of hooks) {
        const altegio = recording({ hooks: hook, logger }).make();
        await altegio.v1.get("/companies");
        await altegio.v1.get("/companies");
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(warnings).toContainEqual({ source: "hooks.onRequest", error: "getter bug" });
  });
});

import { describe, expect, it } from "vitest";
import { AltegioConfigurationError, createAltegioClient, DEFAULT_BASE_URL, type AltegioClientOptions } from "../../../src/index.js";
import { clientFor, PARTNER, rejectionOf, useFaultServer } from "./harness.js";

const server = useFaultServer();

/** A fetch that records what it was asked and answers with an Altegio success envelope. */
function recordingFetch() {
  const urls: string[] = [];
  const fetch = async (request: Request) => {
    urls.push(request.url);
    return Response.json({ success: true, data: [], meta: [] });
  };
  return { urls, fetch };
}

describe("createAltegioClient options", () => {
  it.each<[string, unknown]>([
    ["no options", undefined],
    ["no partner token", { userToken: "u" }],
    ["an empty partner token", { partnerToken: "" }],
    ["a partner token of the wrong type", { partnerToken: 42 }],
    ["an empty user token", { partnerToken: PARTNER, userToken: "" }],
    ["a base URL that is not a URL", { partnerToken: PARTNER, baseUrl: "api.alteg.io" }],
    ["a non-http base URL", { partnerToken: PARTNER, baseUrl: "ftp://api.alteg.io/api" }],
    ["a negative timeout", { partnerToken: PARTNER, timeoutMs: -1 }],
    ["a bad retry count", { partnerToken: PARTNER, retry: { retries: -2 } }],
    ["impossible rate limits", { partnerToken: PARTNER, rateLimit: { limits: [{ requests: 0, perMs: 1000 }] } }],
    ["a rate limit of the wrong type", { partnerToken: PARTNER, rateLimit: "fast" }],
  ])("rejects %s at creation with AltegioConfigurationError", (_, options) => {
    expect(() => createAltegioClient(options as AltegioClientOptions)).toThrow(AltegioConfigurationError);
  });

  it("names the missing partner token", () => {
    expect(() => createAltegioClient({} as AltegioClientOptions)).toThrow(/partnerToken is required/);
  });

  it("defaults to the production API and sends v1/v2 under it", async () => {
    const { urls, fetch } = recordingFetch();
    const altegio = createAltegioClient({ partnerToken: PARTNER, fetch, rateLimit: false });
    await altegio.v1.get("/companies");
    await altegio.withUserToken("u").v2.get("/locations/{location_id}/services", { params: { path: { location_id: 1 } } });
    expect(DEFAULT_BASE_URL).toBe("https://api.alteg.io/api");
    expect(urls).toEqual(["https://api.alteg.io/api/v1/companies", "https://api.alteg.io/api/v2/locations/1/services"]);
  });

  it("uses a custom base URL, with or without a trailing slash", async () => {
    await clientFor(server(), { baseUrl: `${server().url}/gateway/api/` }).v1.get("/companies");
    expect(server().requests[0]?.url).toBe("/gateway/api/v1/companies");
  });

  it("waits for a RateLimiter given as rateLimit before every request", async () => {
    const events: string[] = [];
    const limiter = {
      acquire: async () => {
        events.push("acquire");
      },
    };
    const { fetch } = recordingFetch();
    const altegio = createAltegioClient({
      partnerToken: PARTNER,
      fetch: async (request) => {
        events.push(`fetch ${new URL(request.url).pathname}`);
        return fetch(request);
      },
      rateLimit: limiter,
    });
    await altegio.v1.get("/companies");
    await altegio.v1.get("/company/{location_id}", { params: { path: { location_id: 2 } } });
    expect(events).toEqual(["acquire", "fetch /api/v1/companies", "acquire", "fetch /api/v1/company/2"]);
  });

  it("applies custom limits", async () => {
    const { urls, fetch } = recordingFetch();
    const altegio = createAltegioClient({ partnerToken: PARTNER, fetch, rateLimit: { limits: [{ requests: 1, perMs: 150 }] } });
    const started = performance.now();
    await Promise.all([altegio.v1.get("/companies"), altegio.v1.get("/companies"), altegio.v1.get("/companies")]);
    expect(urls).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("reports options to hooks", async () => {
    const statuses: number[] = [];
    await clientFor(server(), { hooks: { onResponse: (event) => void statuses.push(event.status) } }).v1.get("/companies");
    expect(statuses).toEqual([200]);
  });
});

/** The error `make()` throws; fails the test when it throws nothing. */
function thrownBy(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("option values", () => {
  it.each<[string, Partial<AltegioClientOptions>, RegExp]>([
    [
      "a timeout that is a string",
      { timeoutMs: "abc" as unknown as number },
      /timeoutMs must be a number of milliseconds >= 0 .*got "abc"/,
    ],
    ["a NaN timeout", { timeoutMs: Number.NaN }, /timeoutMs must be a number/],
    ["retryOn with a string", { retry: { retryOn: "503" as unknown as number[] } }, /retry\.retryOn must be an array of HTTP status codes/],
    ["retryOn with a string status", { retry: { retryOn: ["503"] as unknown as number[] } }, /retry\.retryOn/],
    ["retryOn with a status out of range", { retry: { retryOn: [5030] } }, /retry\.retryOn/],
    ["a fractional retry count", { retry: { retries: 1.5 } }, /retry\.retries must be a whole number >= 0; got 1\.5/],
    ["an infinite retry count", { retry: { retries: Number.POSITIVE_INFINITY } }, /retry\.retries/],
    ["a string delay", { retry: { baseDelayMs: "10" as unknown as number } }, /retry\.baseDelayMs must be a finite number/],
    ["an infinite Retry-After cap", { retry: { maxRetryAfterMs: Number.POSITIVE_INFINITY } }, /retry\.maxRetryAfterMs/],
    [
      "retryNonIdempotent as a string",
      { retry: { retryNonIdempotent: "yes" as unknown as boolean } },
      /retryNonIdempotent must be a boolean/,
    ],
    ["retry: true", { retry: true as unknown as false }, /retry must be false or an object/],
    [
      "an unknown retry option (it kept the default)",
      { retry: { maxRetries: 0 } as never },
      /retry: unknown option "maxRetries"; did you mean retries\?/,
    ],
    ["fetch that is not a function", { fetch: "fetch" as unknown as typeof fetch }, /fetch must be a function/],
    ["a logger method that is not a function", { logger: { warn: "console" as unknown as () => void } }, /logger\.warn must be a function/],
    ["a hook that is not a function", { hooks: { onRetry: 1 as unknown as () => void } }, /hooks\.onRetry must be a function/],
  ])("rejects %s with AltegioConfigurationError naming the option", (_, options, message) => {
    const error = thrownBy(() => createAltegioClient({ partnerToken: PARTNER, ...options }));
    expect(error).toBeInstanceOf(AltegioConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it("still accepts 0 and Infinity as 'no timeout' and an empty retryOn", () => {
    expect(() => createAltegioClient({ partnerToken: PARTNER, timeoutMs: 0 })).not.toThrow();
    expect(() => createAltegioClient({ partnerToken: PARTNER, timeoutMs: Number.POSITIVE_INFINITY })).not.toThrow();
    expect(() => createAltegioClient({ partnerToken: PARTNER, retry: { retryOn: [] } })).not.toThrow();
  });

  it("rejects a client-level header value a request could not carry, naming the header but not its value", () => {
    const error = thrownBy(() => createAltegioClient({ partnerToken: PARTNER, headers: { "X-Api-Key": "key-SECRET9f3a\r\nX-Evil: 1" } }));
    expect(error).toBeInstanceOf(AltegioConfigurationError);
    expect((error as Error).message).toMatch(/the value of header "X-Api-Key" cannot be sent/);
    expect((error as Error).message).not.toContain("SECRET9f3a");
  });

  it.each([
    ["a password", "https://owner:hunter2-SECRET@api.alteg.io/api"],
    ["a user name only", "https://owner-SECRET@api.alteg.io/api"],
  ])("rejects a base URL with %s and never echoes it", (_, baseUrl) => {
    const error = thrownBy(() => createAltegioClient({ partnerToken: PARTNER, baseUrl }));
    expect(error).toBeInstanceOf(AltegioConfigurationError);
    expect((error as Error).message).toMatch(/baseUrl must not contain credentials \(user:password@\)/);
    expect(JSON.stringify(error)).not.toContain("SECRET");
    expect(String(error)).not.toContain("SECRET");
  });

  it("does not echo a base URL that fails to parse (it may hold a password)", () => {
    const error = thrownBy(() => createAltegioClient({ partnerToken: PARTNER, baseUrl: "https://owner:SECRET@[bad-host/api" }));
    expect(error).toBeInstanceOf(AltegioConfigurationError);
    expect(String(error)).not.toContain("SECRET");
  });

  it("rejects a base URL with a query string or fragment", () => {
    expect(() => createAltegioClient({ partnerToken: PARTNER, baseUrl: "https://api.alteg.io/api?x=1" })).toThrow(/query string/);
    expect(() => createAltegioClient({ partnerToken: PARTNER, baseUrl: "https://api.alteg.io/api#top" })).toThrow(/fragment/);
  });
});

describe("per-request transport settings", () => {
  const path = "/company/{location_id}" as const;
  const params = { path: { location_id: 1 } };

  it.each<[string, Record<string, unknown>, RegExp]>([
    ["a string timeout", { altegioTimeoutMs: "5s" }, /altegioTimeoutMs must be a number of milliseconds >= 0/],
    ["a negative timeout", { altegioTimeoutMs: -5 }, /altegioTimeoutMs must be a number of milliseconds >= 0/],
    ["a negative retry count", { altegioRetry: { retries: -1 } }, /altegioRetry\.retries must be a whole number >= 0; got -1/],
    ["a NaN delay", { altegioRetry: { baseDelayMs: Number.NaN } }, /altegioRetry\.baseDelayMs must be a finite number/],
    ["retryOn as a string", { altegioRetry: { retryOn: "503" } }, /altegioRetry\.retryOn must be an array/],
    ["retries turned on with true", { altegioRetry: true }, /altegioRetry must be false or an object/],
    ["an unknown retry option", { altegioRetry: { retry_on: [503] } }, /altegioRetry: unknown option "retry_on"; did you mean retryOn\?/],
  ])("rejects %s with AltegioConfigurationError before sending, on raw and data methods", async (_, settings, message) => {
    const altegio = clientFor(server());
    const fromData = await rejectionOf(altegio.v1.get(path, { params, ...settings }), AltegioConfigurationError);
    const fromRaw = await rejectionOf(altegio.v1.GET(path, { params, ...settings }), AltegioConfigurationError);
    for (const error of [fromData, fromRaw]) {
      expect(error.message).toMatch(message);
      expect(error.method).toBe("GET");
    }
    expect(server().requests).toHaveLength(0);
  });
});

import { describe, expect, it } from "vitest";
import { AltegioConfigurationError, createAltegioClient, DEFAULT_BASE_URL, type AltegioClientOptions } from "../../../src/index.js";
import { clientFor, PARTNER, useFaultServer } from "./harness.js";

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

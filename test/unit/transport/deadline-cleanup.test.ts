import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAltegioClient } from "../../../src/facade/client.js";
import { createTransport } from "../../../src/facade/transport.js";

/** The per-attempt deadline is the only timer these calls arm (no retries, no limiter). */
const BODY = JSON.stringify({ success: true, data: { id: 1 }, meta: [] });
const answer = async (): Promise<Response> => new Response(BODY, { status: 200, headers: { "content-type": "application/json" } });

function transport() {
  return createTransport({ fetch: answer, retry: false, rateLimiter: null, timeoutMs: 30_000 });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("per-attempt deadline", () => {
  it("stays armed while the body is unread", async () => {
    await transport()(new Request("http://127.0.0.1/x"));
    expect(vi.getTimerCount()).toBe(1);
  });

  it.each(["text", "json", "arrayBuffer", "blob"] as const)("is cleared once %s() has read the body", async (reader) => {
    const response = await transport()(new Request("http://127.0.0.1/x"));
    await response[reader]();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("is cleared once the body stream has been read to the end", async () => {
    const response = await transport()(new Request("http://127.0.0.1/x"));
    const text = await new Response(response.body).text();
    expect(JSON.parse(text)).toEqual(JSON.parse(BODY));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("is cleared when the body stream is cancelled", async () => {
    const response = await transport()(new Request("http://127.0.0.1/x"));
    await response.body?.cancel();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("is cleared at once for a response without a body", async () => {
    const noBody = createTransport({ fetch: async () => new Response(null, { status: 204 }), retry: false, rateLimiter: null });
    await noBody(new Request("http://127.0.0.1/x"));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("leaves no timer behind after many client calls", async () => {
    const altegio = createAltegioClient({ partnerToken: "p", baseUrl: "http://127.0.0.1/api", fetch: answer, rateLimit: false });
    for (let call = 0; call < 20; call++) {
      const { data } = await altegio.v1.GET("/company/{location_id}", { params: { path: { location_id: 1 } } });
      expect(data?.data?.id).toBe(1);
      await expect(altegio.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } })).resolves.toMatchObject({
        success: true,
      });
    }
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps the response usable: status, headers, clone and bodyUsed behave as before", async () => {
    const response = await transport()(new Request("http://127.0.0.1/x"));
    expect(response).toBeInstanceOf(Response);
    expect(response.headers.get("content-type")).toBe("application/json");
    const copy = response.clone();
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe(BODY);
    expect(response.bodyUsed).toBe(true);
    expect(await copy.text()).toBe(BODY);
  });
});

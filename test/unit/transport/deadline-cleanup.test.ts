import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAltegioClient } from "../../../src/facade/client.js";
import { createTransport, keepBodyStreamed } from "../../../src/facade/transport.js";

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
  it("is cleared once the attempt has read its body, before the response is handed back", async () => {
    await transport()(new Request("http://127.0.0.1/x"));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stays armed while the caller reads a streamed body, and is cleared once it has been read or cancelled", async () => {
    for (const finish of [(body: ReadableStream) => new Response(body).text(), (body: ReadableStream) => body.cancel()]) {
      const request = new Request("http://127.0.0.1/x");
      keepBodyStreamed(request);
      const response = await transport()(request);
      expect(vi.getTimerCount()).toBe(1);
      await finish(response.body!);
      expect(vi.getTimerCount()).toBe(0);
    }
  });

  it("lets go of the caller's signal once a streamed body has been read (one listener per call otherwise)", async () => {
    const caller = new AbortController();
    const send = transport();
    const request = new Request("http://127.0.0.1/x", { signal: caller.signal });
    keepBodyStreamed(request);
    const response = await send(request);
    // The transport follows the Request's signal (which follows the caller's).
    const whileReading = EventEmitter.getEventListeners(request.signal, "abort").length;
    expect(whileReading).toBeGreaterThan(0);
    expect(await new Response(response.body).text()).toBe(BODY);
    expect(EventEmitter.getEventListeners(request.signal, "abort").length).toBe(whileReading - 1);
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
});

describe("the response handed back (its body read by the attempt)", () => {
  it.each(["text", "json", "arrayBuffer", "blob", "bytes"] as const)("still reads with %s(), once", async (reader) => {
    const response = await transport()(new Request("http://127.0.0.1/x"));
    const read: unknown = await (response as Response & { bytes(): Promise<Uint8Array> })[reader]();
    const text =
      typeof read === "string"
        ? read
        : read instanceof Blob
          ? await read.text()
          : read instanceof ArrayBuffer || read instanceof Uint8Array
            ? new TextDecoder().decode(read)
            : JSON.stringify(read);
    expect(JSON.parse(text)).toEqual(JSON.parse(BODY));
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toBeInstanceOf(TypeError);
  });

  it("keeps status, headers, clone, bodyUsed and body as a stream", async () => {
    const response = await transport()(new Request("http://127.0.0.1/x"));
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const copy = response.clone();
    expect(response.bodyUsed).toBe(false);
    expect(await new Response(response.body).text()).toBe(BODY);
    expect(response.bodyUsed).toBe(true);
    expect(() => response.clone()).toThrow(TypeError);
    expect(await copy.text()).toBe(BODY);
  });
});

describe("attempts sharing one deadline", () => {
  it("raise no MaxListenersExceededWarning: up to 64 attempts share a deadline's signal by design", async () => {
    vi.useRealTimers();
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const altegio = createAltegioClient({ partnerToken: "partner", fetch: answer, rateLimit: false, retry: false });
      const calls = Array.from({ length: 40 }, () =>
        altegio.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } }, signal: new AbortController().signal }),
      );
      await Promise.all(calls);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((name) => name === "MaxListenersExceededWarning")).toEqual([]);
  });
});

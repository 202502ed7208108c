/** Faults of the wire as get() and GET() see them: bodies cut short, redirects, oversized bodies, Altegio's 429. */
import { describe, expect, it, vi } from "vitest";
import {
  AltegioAbortError,
  AltegioConnectionError,
  AltegioRateLimitError,
  AltegioRedirectError,
  AltegioResponseTooLargeError,
  type RequestErrorEvent,
  type RetryEvent,
} from "../../../src/index.js";
import { faults, startFaultServer } from "../../helpers/fault-server.js";
import { clientFor, PARTNER, rejectionOf, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();
const COMPANY = "/company/{location_id}" as const;
const INIT = { params: { path: { location_id: 1 } } };

describe("a connection dropped mid-body", () => {
  it("is an AltegioConnectionError from get(), retried for a GET, with one onError event", async () => {
    server().setFallback(() => faults.dropBody());
    const errors: RequestErrorEvent[] = [];
    const altegio = clientFor(server(), { userToken: USER, hooks: { onError: (event) => void errors.push(event) } });
    const error = await rejectionOf(altegio.v1.get(COMPANY, INIT), AltegioConnectionError);
    expect(error.method).toBe("GET");
    expect(server().requests).toHaveLength(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ attempt: 3, method: "GET" });
    expect(errors[0]!.error).toBe(error);
  });

  it("is an AltegioConnectionError from GET(), and a retry that gets the whole body recovers", async () => {
    server().enqueue(faults.dropBody());
    server().setFallback(() => faults.ok({ id: 1 }));
    const altegio = clientFor(server(), { userToken: USER });
    const { data } = await altegio.v1.GET(COMPANY, INIT);
    expect(data).toEqual({ success: true, data: { id: 1 }, meta: [] });
    expect(server().requests).toHaveLength(2);

    server().reset();
    server().setFallback(() => faults.dropBody());
    await expect(clientFor(server(), { userToken: USER, retry: false }).v1.GET(COMPANY, INIT)).rejects.toBeInstanceOf(
      AltegioConnectionError,
    );
  });

  it("is not retried for a POST", async () => {
    server().setFallback(() => faults.dropBody());
    const altegio = clientFor(server(), { userToken: USER });
    await expect(altegio.v1.post("/auth", { body: { login: "a@example.com", password: "pw-12345" } })).rejects.toBeInstanceOf(
      AltegioConnectionError,
    );
    expect(server().requests).toHaveLength(1);
  });
});

describe("redirects", () => {
  it("are not followed: a 307 from POST /auth to another origin sends the password nowhere else", async () => {
    const elsewhere = await startFaultServer();
    try {
      server().enqueue(faults.respond(307, "", { location: `${elsewhere.url}/v1/auth` }));
      const error = await rejectionOf(clientFor(server()).login({ login: "a@example.com", password: "pw-12345" }), AltegioRedirectError);
      expect(error.status).toBe(307);
      expect(error.location).toBe(`${elsewhere.url}/v1/auth`);
      expect(elsewhere.requests).toHaveLength(0);
      expect(server().requests).toHaveLength(1);
    } finally {
      await elsewhere.close();
    }
  });

  it("make post() throw on a 302 instead of returning the body of a GET it was turned into", async () => {
    server().enqueue(faults.respond(302, "", { location: "/v1/company/1" }), faults.ok({ id: 1 }));
    const altegio = clientFor(server());
    await expect(altegio.v1.post("/auth", { body: { login: "a@example.com", password: "pw-12345" } })).rejects.toBeInstanceOf(
      AltegioRedirectError,
    );
    expect(server().requests).toHaveLength(1);
  });

  it("come back from GET() as the 3xx response, in `error`", async () => {
    server().enqueue(faults.respond(301, "", { location: "https://elsewhere.example/" }));
    const { error, response } = await clientFor(server(), { userToken: USER }).v1.GET(COMPANY, INIT);
    expect(response.status).toBe(301);
    expect(error).toBeDefined();
    expect(server().requests).toHaveLength(1);
  });
});

describe("body limits", () => {
  const big = (bytes: number): string => JSON.stringify({ success: true, data: { text: "x".repeat(bytes) }, meta: [] });

  it("a success body above maxResponseBytes is an AltegioResponseTooLargeError, not buffered (Content-Length)", async () => {
    server().enqueue(faults.respond(200, big(5_000), { "content-type": "application/json" }));
    const altegio = clientFor(server(), { userToken: USER, maxResponseBytes: 1_000 });
    const error = await rejectionOf(altegio.v1.get(COMPANY, INIT), AltegioResponseTooLargeError);
    expect(error.limitBytes).toBe(1_000);
    expect(server().requests).toHaveLength(1);
  });

  it("counts a chunked body as it arrives", async () => {
    server().enqueue(faults.chunked(Array.from({ length: 20 }, () => "y".repeat(500))));
    const altegio = clientFor(server(), { userToken: USER, maxResponseBytes: 4_000 });
    await expect(altegio.v1.GET(COMPANY, INIT)).rejects.toBeInstanceOf(AltegioResponseTooLargeError);
  });

  it("a body at the limit is read", async () => {
    const body = big(900);
    server().enqueue(faults.chunked([body.slice(0, 100), body.slice(100)]));
    const altegio = clientFor(server(), { userToken: USER, maxResponseBytes: body.length });
    await expect(altegio.v1.get(COMPANY, INIT)).resolves.toMatchObject({ data: { text: "x".repeat(900) } });
  });

  it("a body whose Content-Length is the limit is read; one byte more is refused", async () => {
    const body = big(900);
    server().enqueue(faults.respond(200, body, { "content-type": "application/json" }), faults.respond(200, `${body} `));
    const altegio = clientFor(server(), { userToken: USER, maxResponseBytes: body.length });
    await expect(altegio.v1.get(COMPANY, INIT)).resolves.toMatchObject({ data: { text: "x".repeat(900) } });
    await expect(altegio.v1.get(COMPANY, INIT)).rejects.toBeInstanceOf(AltegioResponseTooLargeError);
  });

  it("hands the body back byte for byte, whichever reader the caller uses", async () => {
    // A byte order mark is what a decode-and-re-encode would lose.
    const sent = Buffer.from(`\uFEFF${JSON.stringify({ success: true, data: { name: "Café" }, meta: [] })}`);
    server().setFallback(() => faults.respond(200, sent.toString("utf8"), { "content-type": "application/json" }));
    const altegio = clientFor(server(), { userToken: USER });
    const { data, response } = await altegio.v1.GET(COMPANY, { ...INIT, parseAs: "arrayBuffer" });
    expect(Buffer.from(data!).equals(sent)).toBe(true);
    expect(response.bodyUsed).toBe(true);
    const blob = (await altegio.v1.GET(COMPANY, { ...INIT, parseAs: "blob" })).data!;
    expect(Buffer.from(await blob.arrayBuffer()).equals(sent)).toBe(true);
    // text() drops the mark, as Response.text() does.
    const { data: text } = await altegio.v1.GET(COMPANY, { ...INIT, parseAs: "text" });
    expect(text).toBe(sent.toString("utf8").slice(1));
  });

  it("an error body is read up to 64 KiB and no further", async () => {
    server().enqueue(faults.respond(500, "z".repeat(1_000_000), { "content-type": "text/plain" }));
    const { error, response } = await clientFor(server(), { userToken: USER, retry: false }).v1.GET(COMPANY, INIT);
    expect(response.status).toBe(500);
    expect(error).toBe("z".repeat(64 * 1024));
  });

  it("rejects a maxResponseBytes that is not a positive integer", () => {
    for (const maxResponseBytes of [0, -1, 1.5, Number.NaN]) {
      expect(() => clientFor(server(), { maxResponseBytes })).toThrow(/maxResponseBytes/);
    }
  });
});

describe("Altegio's 429 without Retry-After", () => {
  const tooMany = (message: string) => faults.json({ success: false, data: null, meta: { message } }, 429);

  it("waits the seconds its message names", async () => {
    server().enqueue(tooMany("Превышен лимит запросов. Повторите попытку через 1 секунду"), faults.ok({ id: 1 }));
    const retries: RetryEvent[] = [];
    const altegio = clientFor(server(), { userToken: USER, hooks: { onRetry: (event) => void retries.push(event) } });
    await expect(altegio.v1.get(COMPANY, INIT)).resolves.toMatchObject({ data: { id: 1 } });
    expect(retries).toMatchObject([{ reason: "status", status: 429 }]);
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(1_000);
    expect(server().requests[1]!.receivedAt - server().requests[0]!.receivedAt).toBeGreaterThanOrEqual(990);
  });

  it("reports the hint as retryAfterMs when retries run out", async () => {
    server().enqueue(tooMany("Too many requests. Try again in 3 seconds"));
    const error = await rejectionOf(clientFor(server(), { userToken: USER, retry: false }).v1.get(COMPANY, INIT), AltegioRateLimitError);
    expect(error.retryAfterMs).toBe(3_000);
  });
});

describe("signals", () => {
  it("a caller's signal still aborts a request in flight at once", async () => {
    server().setFallback(() => faults.hang());
    const controller = new AbortController();
    const pending = clientFor(server(), { userToken: USER }).v1.get(COMPANY, { ...INIT, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(pending).rejects.toBeInstanceOf(AltegioAbortError);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(server().requests).toHaveLength(1);
  });
});

describe("a runtime whose Response keeps `body` higher on the prototype chain (Cloudflare workerd)", () => {
  it("still hands GET() a readable stream for parseAs: 'stream'", async () => {
    const bodyDescriptor = Object.getOwnPropertyDescriptor(Response.prototype, "body")!;
    const original = Object.getPrototypeOf(Response.prototype) as object;
    const bodyHolder = Object.create(original, { body: bodyDescriptor }) as object;
    Reflect.deleteProperty(Response.prototype, "body");
    Object.setPrototypeOf(Response.prototype, bodyHolder);
    try {
      vi.resetModules();
      const { createAltegioClient } = await import("../../../src/index.js");
      server().enqueue(faults.ok({ id: 1 }));
      const altegio = createAltegioClient({ partnerToken: PARTNER, userToken: USER, baseUrl: server().url, rateLimit: false });
      const { data } = await altegio.v1.GET(COMPANY, { ...INIT, parseAs: "stream" });
      expect(data).toBeInstanceOf(ReadableStream);
      expect(JSON.parse(await new Response(data as ReadableStream).text())).toEqual({ success: true, data: { id: 1 }, meta: [] });
    } finally {
      Object.setPrototypeOf(Response.prototype, original);
      Object.defineProperty(Response.prototype, "body", bodyDescriptor);
    }
  });
});

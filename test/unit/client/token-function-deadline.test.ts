/**
 * A token function's wait is bounded by the call's per-attempt timeout (AltegioTimeoutError, nothing
 * sent), whether the SDK's preparation runs in the transport or as the first middleware; and what a
 * token function fails with (thrown, rejected, timed out, aborted while waited for) reaches onError once.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AltegioAbortError,
  AltegioConfigurationError,
  type AltegioError,
  AltegioTimeoutError,
  createAltegioClient,
  type AltegioClientOptions,
} from "../../../src/index.js";
import type { RequestErrorEvent } from "../../../src/facade/events.js";
import { rejectionOf } from "../../helpers/rejection.js";

const BODY = JSON.stringify({ success: true, data: { id: 1 }, meta: [] });
const COMPANY = { params: { path: { location_id: 1 } } } as const;
const never = (): Promise<string> => new Promise<string>(() => undefined);

function setup(options: Partial<AltegioClientOptions>) {
  const sent: Request[] = [];
  const errors: RequestErrorEvent[] = [];
  const logged: string[] = [];
  const altegio = createAltegioClient({
    partnerToken: "partner",
    baseUrl: "http://127.0.0.1/api",
    rateLimit: false,
    retry: false,
    timeoutMs: 30,
    fetch: async (request) => {
      sent.push(request);
      return new Response(BODY, { headers: { "content-type": "application/json" } });
    },
    hooks: { onError: (event) => void errors.push(event) },
    logger: { error: (message) => void logged.push(message) },
    ...options,
  });
  return { altegio, sent, errors, logged };
}

/** The call's outcome, or "pending" if it has not settled within 2 s (a hang). */
const settled = (promise: Promise<unknown>): Promise<unknown> =>
  Promise.race([promise.catch((error: unknown) => error), new Promise((resolve) => setTimeout(resolve, 2_000, "pending").unref())]);

afterEach(() => {
  vi.useRealTimers();
});

describe("a token function that never settles", () => {
  it.each([
    ["partnerToken", { partnerToken: never }],
    ["userToken", { userToken: never }],
  ])("fails the call with AltegioTimeoutError after timeoutMs (%s); nothing is sent", async (_, tokens) => {
    const { altegio, sent, errors } = setup(tokens);
    const started = performance.now();
    const error = await settled(altegio.v1.get("/company/{location_id}", COMPANY));
    expect(error).toBeInstanceOf(AltegioTimeoutError);
    expect((error as AltegioTimeoutError).timeoutMs).toBe(30);
    expect((error as AltegioTimeoutError).message).toMatch(/^A token function gave no token \(nothing was sent\) within 30 ms: GET /);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    expect(sent).toHaveLength(0);
    expect(errors.map((event) => event.error)).toEqual([error]);
  });

  it("names the request with its query's secrets masked", async () => {
    const { altegio } = setup({ partnerToken: never });
    const query = { user_token: "query-secret-4711" };
    const error = await settled(altegio.v1.get("/company/{location_id}", { params: { ...COMPANY.params, query } as never }));
    expect(error).toBeInstanceOf(AltegioTimeoutError);
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain("query-secret-4711");
  });

  it("uses a call's own altegioTimeoutMs", async () => {
    const { altegio, sent } = setup({ partnerToken: never, timeoutMs: 60_000 });
    const error = await settled(altegio.v1.GET("/company/{location_id}", { ...COMPANY, altegioTimeoutMs: 20 }));
    expect(error).toBeInstanceOf(AltegioTimeoutError);
    expect((error as AltegioTimeoutError).timeoutMs).toBe(20);
    expect(sent).toHaveLength(0);
  });

  it("is bounded too when the client has middleware (the preparation runs as its first middleware)", async () => {
    const { altegio, sent, errors } = setup({ partnerToken: never });
    const seen: string[] = [];
    altegio.v1.use({ onRequest: ({ request }) => void seen.push(request.url) });
    const error = await settled(altegio.v1.get("/company/{location_id}", COMPANY));
    expect(error).toBeInstanceOf(AltegioTimeoutError);
    expect(errors.map((event) => event.error)).toEqual([error]);
    expect(seen).toHaveLength(0);
    expect(sent).toHaveLength(0);
  });

  it("is not bounded when timeouts are off; the caller's signal still ends it", async () => {
    const { altegio, errors } = setup({ partnerToken: never, timeoutMs: 0 });
    const controller = new AbortController();
    const call = altegio.v1.get("/company/{location_id}", { ...COMPANY, signal: controller.signal });
    setTimeout(() => controller.abort(), 40);
    const error = await settled(call);
    expect(error).toBeInstanceOf(AltegioAbortError);
    expect(errors.map((event) => event.error)).toEqual([error]);
  });
});

describe("a token function that settles", () => {
  it("leaves no timer behind, and its token is sent", async () => {
    vi.useFakeTimers();
    const { altegio, sent } = setup({ partnerToken: async () => "rotated", timeoutMs: 30_000 });
    await altegio.v1.get("/company/{location_id}", COMPANY);
    expect(sent[0]!.headers.get("authorization")).toBe("Bearer rotated");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("leaves no timer behind with middleware either", async () => {
    vi.useFakeTimers();
    const { altegio, sent } = setup({ userToken: async () => "user", timeoutMs: 30_000 });
    altegio.v1.use({ onRequest: () => undefined });
    await altegio.v1.get("/company/{location_id}", COMPANY);
    expect(sent[0]!.headers.get("authorization")).toBe("Bearer partner, User user");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("a caller's abort while a token function is waited for", () => {
  it("leaves no timer behind", async () => {
    vi.useFakeTimers();
    const { altegio, errors } = setup({ partnerToken: never, timeoutMs: 30_000 });
    const controller = new AbortController();
    const call = rejectionOf(altegio.v1.get("/company/{location_id}", { ...COMPANY, signal: controller.signal }), AltegioAbortError);
    await vi.advanceTimersByTimeAsync(5);
    controller.abort();
    const error = await call;
    expect(errors.map((event) => event.error)).toEqual([error]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("before the call leaves no rejection unhandled, however the token function ends", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const { altegio, errors } = setup({ partnerToken: () => Promise.reject(new Error("vault unavailable")) });
      const error = await rejectionOf(
        altegio.v1.get("/company/{location_id}", { ...COMPANY, signal: AbortSignal.abort() }),
        AltegioAbortError,
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
      expect(errors.map((event) => event.error)).toEqual([error]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

describe("a token function that fails", () => {
  const failure = new Error("vault unavailable");
  const cases: [string, Partial<AltegioClientOptions>][] = [
    [
      "throws",
      {
        userToken: () => {
          throw failure;
        },
      },
    ],
    ["rejects", { partnerToken: () => Promise.reject(failure) }],
    ["returns an unsendable token", { partnerToken: () => "bad\ntoken" }],
  ];

  it.each(cases)("is reported to onError and the logger once (it %s)", async (_, tokens) => {
    for (const withMiddleware of [false, true]) {
      const { altegio, sent, errors, logged } = setup(tokens);
      if (withMiddleware) altegio.v1.use({ onRequest: () => undefined });
      const error: AltegioError = await rejectionOf(altegio.v1.get("/company/{location_id}", COMPANY), AltegioConfigurationError);
      expect(errors).toEqual([
        { method: "GET", url: "http://127.0.0.1/api/v1/company/1", attempt: 1, error, durationMs: expect.any(Number) },
      ]);
      expect(logged).toEqual(["altegio: request failed"]);
      expect(sent).toHaveLength(0);
    }
  });
});

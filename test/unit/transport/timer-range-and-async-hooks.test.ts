import { describe, expect, it } from "vitest";
import { AltegioAbortError } from "../../../src/facade/errors.js";
import { createTransport, setRequestOptions } from "../../../src/facade/transport.js";
import { rejectionOf } from "../../helpers/rejection.js";

const LONGEST_TIMER_MS = 2 ** 31 - 1;
const ok = (): Response => new Response('{"success":true,"data":1,"meta":[]}', { status: 200 });

/** Answers after `ms`, or rejects with the signal's reason when the attempt's deadline or the caller aborts it. */
const answerAfter =
  (ms: number) =>
  (request: Request): Promise<Response> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(ok()), ms);
      request.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(request.signal.reason);
      });
    });

describe("timer values at the edge of setTimeout's range", () => {
  it("treats timeoutMs 2^31-1, the longest timer, as a deadline far away, not one already passed", async () => {
    const transport = createTransport({ fetch: answerAfter(20), rateLimiter: null, retry: false, timeoutMs: LONGEST_TIMER_MS });
    expect((await transport(new Request("http://127.0.0.1/x"))).status).toBe(200);
    const perRequest = createTransport({ fetch: answerAfter(20), rateLimiter: null, retry: false });
    const request = setRequestOptions(new Request("http://127.0.0.1/x"), { altegioTimeoutMs: LONGEST_TIMER_MS - 5 });
    expect((await perRequest(request)).status).toBe(200);
  });

  it("keeps waiting a Retry-After beyond the longest timer (when maxRetryAfterMs allows it), instead of retrying at once", async () => {
    let calls = 0;
    const transport = createTransport({
      fetch: async () => {
        calls++;
        return new Response("{}", { status: 429, headers: { "retry-after": "2592000" } });
      },
      rateLimiter: null,
      retry: { maxRetryAfterMs: 2 ** 40 },
    });
    const controller = new AbortController();
    const pending = rejectionOf(transport(new Request("http://127.0.0.1/x", { signal: controller.signal })));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(AltegioAbortError);
  });
});

describe("observers that return a promise", () => {
  it("report an async hook's or logger's rejection to logger.warn instead of leaving it unhandled", async () => {
    const warnings: unknown[] = [];
    const transport = createTransport({
      fetch: async () => ok(),
      rateLimiter: null,
      retry: false,
      // Typed as returning void, but an async function fits that type.
      hooks: { onResponse: (async () => Promise.reject(new Error("metrics down"))) as () => void },
      logger: {
        debug: (async () => Promise.reject(new Error("log sink down"))) as () => void,
        warn: (_message, data) => void warnings.push(data),
      },
    });
    expect((await transport(new Request("http://127.0.0.1/x"))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(warnings).toContainEqual({ source: "hooks.onResponse", error: "metrics down" });
    expect(warnings).toContainEqual({ source: "logger.debug", error: "log sink down" });
  });

  it("leave no rejection unhandled when logger.warn, reporting a hook that threw, rejects too", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    let warned = 0;
    try {
      const transport = createTransport({
        fetch: async () => ok(),
        rateLimiter: null,
        retry: false,
        hooks: {
          onRequest: () => {
            throw new Error("hook bug");
          },
        },
        logger: {
          warn: (async () => {
            warned++;
            throw new Error("log sink down");
          }) as () => void,
        },
      });
      expect((await transport(new Request("http://127.0.0.1/x"))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(warned).toBe(1);
    expect(unhandled).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { AltegioAbortError, type AltegioError } from "../../../src/facade/errors.js";
import { createRateLimiter } from "../../../src/facade/rate-limiter.js";
import { createTransport, type TransportOptions } from "../../../src/facade/transport.js";
import { rejectionOf } from "../../helpers/rejection.js";

// The README: onError reports "a connection error, time-out or abort thrown to the caller", once,
// also when the abort comes before the first attempt, in the rate limiter's wait or in a retry's wait.

function observed(options: TransportOptions) {
  const errors: { error: AltegioError; attempt: number; durationMs: number }[] = [];
  const transport = createTransport({ ...options, hooks: { onError: (event) => errors.push(event) } });
  return { transport, errors };
}

const request = (signal: AbortSignal) => new Request("http://127.0.0.1/company/1", { signal });

describe("onError for aborts outside an attempt", () => {
  it("reports a signal aborted before the call", async () => {
    const { transport, errors } = observed({ fetch: async () => Response.json({}), rateLimiter: null });
    const error = await rejectionOf(transport(request(AbortSignal.abort())), AltegioAbortError);
    expect(errors.map((event) => event.error)).toEqual([error]);
  });

  it("reports an abort during a retry's wait once, with the attempt that failed", async () => {
    const controller = new AbortController();
    const { transport, errors } = observed({
      fetch: async () => {
        setTimeout(() => controller.abort(), 20);
        return new Response("busy", { status: 503, headers: { "retry-after": "30" } });
      },
      rateLimiter: null,
    });
    const error = await rejectionOf(transport(request(controller.signal)), AltegioAbortError);
    expect(errors).toEqual([expect.objectContaining({ error, attempt: 1 })]);
    expect(errors[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("reports an abort while the rate limiter holds the request", async () => {
    const limiter = createRateLimiter({ limits: [{ requests: 1, perMs: 60_000 }] });
    await limiter.acquire();
    const { transport, errors } = observed({ fetch: async () => Response.json({}), rateLimiter: limiter });
    const error = await rejectionOf(transport(request(AbortSignal.timeout(30))), AltegioAbortError);
    expect(errors.map((event) => event.error)).toEqual([error]);
  });

  it("still reports an abort in flight once", async () => {
    const controller = new AbortController();
    const { transport, errors } = observed({
      fetch: (sent) =>
        new Promise((_, reject) => {
          sent.signal.addEventListener("abort", () => reject(sent.signal.reason));
          setTimeout(() => controller.abort(), 10);
        }),
      rateLimiter: null,
    });
    const error = await rejectionOf(transport(request(controller.signal)), AltegioAbortError);
    expect(errors.map((event) => event.error)).toEqual([error]);
  });
});

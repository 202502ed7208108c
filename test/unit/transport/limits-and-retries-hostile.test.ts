import { afterEach, describe, expect, it, vi } from "vitest";
import { AltegioRateLimitError, errorFromResponse } from "../../../src/facade/errors.js";
import { createRateLimiter, type RateLimit, type RateLimiterOptions } from "../../../src/facade/rate-limiter.js";
import { AltegioConfigurationError, createAltegioClient } from "../../../src/index.js";
import { decideRetry, parseRetryAfter, resolveRetryOptions } from "../../../src/facade/retry.js";

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("createRateLimiter with odd limits from a JavaScript caller", () => {
  it.each<[string, unknown]>([
    ["a single limit instead of a list", { requests: 5, perMs: 1_000 }],
    ["a null entry", [null]],
    ["a Set of limits", new Set([{ requests: 5, perMs: 1_000 }])],
  ])("rejects %s with a RangeError when it is made", (_, limits) => {
    expect(() => createRateLimiter({ limits: limits as readonly RateLimit[] })).toThrow(RangeError);
  });

  it("rejects options it does not know (a limit given in place of { limits }) instead of applying the defaults", () => {
    const options = { requests: 2, perMs: 1_000 } as RateLimiterOptions;
    expect(() => createRateLimiter(options)).toThrow(/unknown option "requests".*\{ limits: \[/);
    expect(() => createAltegioClient({ partnerToken: "partner", rateLimit: options })).toThrow(AltegioConfigurationError);
    expect(() => createRateLimiter({ limits: [{ requests: 2, perMs: 1_000 }], now: () => 0, onWait: () => undefined })).not.toThrow();
  });

  it("waits for a window longer than setTimeout's range (2^31-1 ms) on a timer within it, not a 1 ms loop", async () => {
    vi.useFakeTimers({ now: 0 });
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const month = 30 * 86_400_000;
    const limiter = createRateLimiter({ limits: [{ requests: 1, perMs: month }] });
    await limiter.acquire();
    const next = limiter.acquire().then(() => Date.now());
    // Node fires a longer timer after 1 ms (TimeoutOverflowWarning), and the waiter would re-arm it forever.
    expect(Math.max(...setTimeoutSpy.mock.calls.map(([, ms]) => ms ?? 0))).toBeLessThanOrEqual(2 ** 31 - 1);
    await vi.advanceTimersByTimeAsync(month);
    await expect(next).resolves.toBe(month);
  });
});

describe("Retry-After from a hostile server", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  it.each(["in 5", "x 1", "soon 2030", "-1 Z"])("treats %j, which Date.parse would read as some year, as unreadable", (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });

  it("treats a number of seconds beyond a double as unreadable, not Infinity", () => {
    expect(parseRetryAfter("9".repeat(400), now)).toBeNull();
    expect(parseRetryAfter("9".repeat(300), now)).toBe(Number("9".repeat(300)) * 1000);
  });

  it("still reads the three HTTP-date forms", () => {
    for (const value of ["Wed, 01 Jan 2025 00:00:05 GMT", "Wednesday, 01-Jan-25 00:00:05 GMT", "Wed Jan  1 00:00:05 2025"]) {
      expect(parseRetryAfter(value, now)).toBe(5_000);
    }
  });

  it("reads the first of comma-joined values (the header sent twice)", () => {
    expect(parseRetryAfter("120, 120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT, Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5_000);
  });

  it("falls back to the 429 message's hint, not an immediate retry, when Retry-After is garbage", () => {
    const message = "Too many requests. Try again in 3 seconds";
    const body = JSON.stringify({ success: false, data: null, meta: { message } });
    const headers = new Headers({ "retry-after": "in 5" });
    const options = resolveRetryOptions({ baseDelayMs: 100 });
    const decision = decideRetry(
      { kind: "response", status: 429, headers, bodyText: () => body },
      { method: "GET", attempt: 1, options, random: () => 0.5, now },
    );
    expect(decision).toMatchObject({ retry: true, delayMs: 3_000 });
    const error = errorFromResponse({
      method: "GET",
      url: "https://api.example.test/x",
      response: new Response(null, { status: 429, headers }),
      bodyText: body,
    });
    expect(error).toBeInstanceOf(AltegioRateLimitError);
    expect((error as AltegioRateLimitError).retryAfterMs).toBe(3_000);
  });
});

import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_RETRY_OPTIONS, isIdempotentMethod, resolveRetryOptions, retryDelay } from "../../../src/facade/retry.js";
import { parseRetryAfter } from "../../../src/facade/retry-after.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  it("reads delta-seconds", () => {
    expect(parseRetryAfter("3", now)).toBe(3_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });

  it("reads an HTTP-date relative to now, never negative", () => {
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", now)).toBe(0);
  });

  it("returns null when absent or unreadable", () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-5", now)).toBeNull();
  });
});

describe("backoff", () => {
  const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1_000 });

  it("grows exponentially and is jittered over the whole range", () => {
    expect(backoffDelay(1, options, () => 0.999)).toBe(99);
    expect(backoffDelay(2, options, () => 0.999)).toBe(199);
    expect(backoffDelay(3, options, () => 0.5)).toBe(200);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
  });

  it("never exceeds maxDelayMs", () => {
    expect(backoffDelay(20, options, () => 0.999)).toBe(999);
  });

  it("prefers Retry-After, capped by maxRetryAfterMs", () => {
    const capped = resolveRetryOptions({ maxRetryAfterMs: 2_000 });
    const response = (value: string): Response => new Response(null, { status: 429, headers: { "retry-after": value } });
    expect(retryDelay(1, capped, () => 0.5, response("1"))).toBe(1_000);
    expect(retryDelay(1, capped, () => 0.5, response("3600"))).toBe(2_000);
    expect(retryDelay(1, capped, () => 0.5, new Response(null, { status: 503 }))).toBe(250);
  });
});

describe("resolveRetryOptions", () => {
  it("defaults to 2 retries on 429/502/503/504, idempotent methods only", () => {
    expect(resolveRetryOptions(undefined)).toEqual(DEFAULT_RETRY_OPTIONS);
    expect(DEFAULT_RETRY_OPTIONS).toMatchObject({ retries: 2, retryOn: [429, 502, 503, 504], retryNonIdempotent: false });
  });

  it("lets a per-request override win over client options, and false turn retries off", () => {
    expect(resolveRetryOptions({ retries: 5, baseDelayMs: 1 }, { retries: 1 })).toMatchObject({ retries: 1, baseDelayMs: 1 });
    expect(resolveRetryOptions({ retries: 5 }, false).retries).toBe(0);
    expect(resolveRetryOptions(false).retries).toBe(0);
    expect(resolveRetryOptions(false, { retries: 3 }).retries).toBe(3);
  });

  it("rejects nonsense", () => {
    expect(() => resolveRetryOptions({ retries: -1 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ baseDelayMs: Number.NaN })).toThrow(RangeError);
  });
});

describe("isIdempotentMethod", () => {
  it("treats GET, HEAD, PUT, DELETE, OPTIONS as safe to repeat and POST, PATCH as not", () => {
    for (const method of ["GET", "head", "PUT", "DELETE", "OPTIONS"]) expect(isIdempotentMethod(method)).toBe(true);
    for (const method of ["POST", "PATCH", "post"]) expect(isIdempotentMethod(method)).toBe(false);
  });
});

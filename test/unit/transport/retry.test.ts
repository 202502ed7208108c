import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_OPTIONS,
  isIdempotentMethod,
  parseRetryAfter,
  resolveRetryOptions,
  retryHintOf,
  type AttemptOutcome,
  type RetryDecision,
} from "../../../src/facade/retry.js";

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
});

describe("retryHintOf (Altegio's 429 message)", () => {
  it.each([
    ["Превышен лимит запросов. Повторите попытку через 3 секунды", 3_000],
    ["Слишком много запросов, попробуйте через 0 секунд", 0],
    ["Повторите через 1 сек.", 1_000],
    ["Too many requests. Try again in 0 seconds", 0],
    ["Rate limit exceeded, retry after 12 seconds", 12_000],
    ["Please wait 2 secs", 2_000],
    // The limit's own window is no wait: the number after "again", "after" or "wait" wins.
    ["Limit of 5 requests in 1 second exceeded, try again in 3 seconds", 3_000],
    ["Не более 200 запросов в 60 секунд. Повторите через 4 секунды", 4_000],
  ])("reads %j as %i ms", (message, expected) => {
    expect(retryHintOf(message)).toBe(expected);
  });

  it.each([null, "Too many requests", "Limit: 5 requests per second", "Up to 200 requests in 60"])("finds no hint in %j", (message) => {
    expect(retryHintOf(message)).toBeNull();
  });

  it("only scans the start of a huge message, in linear time", () => {
    const huge = `${"in 1 ".repeat(200_000)}`;
    const started = performance.now();
    expect(retryHintOf(`x${"9".repeat(1_000_000)}`)).toBeNull();
    expect(retryHintOf(huge)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("decideRetry", () => {
  const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 });
  const now = Date.parse("2025-01-01T00:00:00Z");
  const response = (status: number, headers: Record<string, string> = {}, message?: string): AttemptOutcome => ({
    kind: "response",
    status,
    headers: new Headers(headers),
    bodyText: () => (message === undefined ? "" : JSON.stringify({ success: false, data: null, meta: { message } })),
  });
  const retry = (reason: "status" | "connection" | "timeout", delayMs: number, status: number | null = null): RetryDecision => ({
    retry: true,
    reason,
    status,
    delayMs,
  });
  const stop: RetryDecision = { retry: false };

  it.each<[string, AttemptOutcome, string, number, RetryDecision]>([
    ["a success", response(200), "GET", 1, stop],
    ["a 404 (not in retryOn)", response(404), "GET", 1, stop],
    ["a 503 without Retry-After: backoff", response(503), "GET", 1, retry("status", 50, 503)],
    ["a 503, second failure: backoff doubles", response(503), "GET", 2, retry("status", 100, 503)],
    ["a 503 on the last attempt", response(503), "GET", 3, stop],
    ["a 503 to a POST", response(503), "POST", 1, stop],
    ["a 429 with Retry-After seconds", response(429, { "retry-after": "2" }), "GET", 1, retry("status", 2_000, 429)],
    ["a 429 with an HTTP-date", response(429, { "retry-after": "Wed, 01 Jan 2025 00:00:03 GMT" }), "GET", 1, retry("status", 3_000, 429)],
    ["a 429 asking for an hour: capped", response(429, { "retry-after": "3600" }), "GET", 1, retry("status", 5_000, 429)],
    ["a 429, Retry-After 0", response(429, { "retry-after": "0" }), "GET", 1, retry("status", 0, 429)],
    ["a 429 whose message says 3 s", response(429, {}, "Повторите попытку через 3 секунды"), "GET", 1, retry("status", 3_000, 429)],
    ["a 429 whose message says 0 s: backoff", response(429, {}, "Try again in 0 seconds"), "GET", 1, retry("status", 50, 429)],
    ["a 429 whose message says 600 s: capped", response(429, {}, "Try again in 600 seconds"), "GET", 1, retry("status", 5_000, 429)],
    ["a 429 without any hint: backoff", response(429, {}, "Too many requests"), "GET", 1, retry("status", 50, 429)],
    [
      "a 503 whose message names seconds (only 429 hints count)",
      response(503, {}, "Try again in 9 seconds"),
      "GET",
      1,
      retry("status", 50, 503),
    ],
    ["a dropped connection", { kind: "connection" }, "GET", 1, retry("connection", 50)],
    ["a dropped connection of a PUT", { kind: "connection" }, "PUT", 2, retry("connection", 100)],
    ["a dropped connection of a POST", { kind: "connection" }, "POST", 1, stop],
    ["a timeout", { kind: "timeout" }, "DELETE", 1, retry("timeout", 50)],
    ["a timeout on the last attempt", { kind: "timeout" }, "GET", 3, stop],
    ["an abort (final)", { kind: "final" }, "GET", 1, stop],
  ])("%s", (_, outcome, method, attempt, expected) => {
    expect(decideRetry(outcome, { method, attempt, options, random: () => 0.5, now })).toEqual(expected);
  });

  it("retries POST and PATCH when retryNonIdempotent is set", () => {
    const lenient = resolveRetryOptions({ retryNonIdempotent: true, baseDelayMs: 10 });
    expect(decideRetry({ kind: "connection" }, { method: "PATCH", attempt: 1, options: lenient, random: () => 0 })).toEqual(
      retry("connection", 0),
    );
  });

  it("reads the body only for a 429 without Retry-After", () => {
    let reads = 0;
    const counting = (status: number, headers: Record<string, string>): AttemptOutcome => ({
      kind: "response",
      status,
      headers: new Headers(headers),
      bodyText: () => {
        reads++;
        return "";
      },
    });
    const context = { method: "GET", attempt: 1, options, random: () => 0.5 };
    decideRetry(counting(503, {}), context);
    decideRetry(counting(429, { "retry-after": "1" }), context);
    decideRetry(counting(200, {}), context);
    expect(reads).toBe(0);
    decideRetry(counting(429, {}), context);
    expect(reads).toBe(1);
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
});

describe("isIdempotentMethod", () => {
  it("treats GET, HEAD, PUT, DELETE, OPTIONS as safe to repeat and POST, PATCH as not", () => {
    for (const method of ["GET", "head", "PUT", "DELETE", "OPTIONS"]) expect(isIdempotentMethod(method)).toBe(true);
    for (const method of ["POST", "PATCH", "post"]) expect(isIdempotentMethod(method)).toBe(false);
  });
});

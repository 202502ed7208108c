/**
 * The whole retry decision: from what one attempt ended with to "retry after N ms, for this reason"
 * or "stop". Pure (no I/O, no timers): the transport runs the loop, this module only decides.
 */
import { apiMessageOf, parseJsonText } from "./api-body.js";
import type { RetryReason } from "./events.js";

export interface RetryOptions {
  /** Extra attempts after the first one. Default 2 (so at most 3 attempts). */
  retries?: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. Default 500. */
  baseDelayMs?: number;
  /** Upper bound of the backoff delay. Default 10 000. */
  maxDelayMs?: number;
  /** Longest `Retry-After` (or 429 message hint) the SDK will wait; longer values are cut to this. Default 60 000. */
  maxRetryAfterMs?: number;
  /** HTTP statuses that are retried. Default [429, 502, 503, 504]. */
  retryOn?: readonly number[];
  /**
   * Also retry POST/PATCH (which may have been processed before the failure). Default false: a POST that
   * meets a 503 or a dropped connection is sent exactly once.
   */
  retryNonIdempotent?: boolean;
}

export type ResolvedRetryOptions = Readonly<Required<RetryOptions>>;

export const DEFAULT_RETRY_OPTIONS: ResolvedRetryOptions = Object.freeze({
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  retryOn: Object.freeze([429, 502, 503, 504]),
  retryNonIdempotent: false,
});

const NO_RETRY: ResolvedRetryOptions = Object.freeze({ ...DEFAULT_RETRY_OPTIONS, retries: 0 });

/**
 * Merges client-level options with a per-request override; `false` at either level turns retries off.
 * Both levels are already checked (`checkRetryOptions`).
 */
export function resolveRetryOptions(
  clientLevel: RetryOptions | false | undefined,
  perRequest?: RetryOptions | false,
): ResolvedRetryOptions {
  if (clientLevel === false && perRequest === undefined) return NO_RETRY;
  if (perRequest === false) return NO_RETRY;
  const merged = { ...DEFAULT_RETRY_OPTIONS, ...(clientLevel || {}), ...(perRequest ?? {}) };
  return Object.freeze({ ...merged, retryOn: Object.freeze([...merged.retryOn]) });
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/** Methods whose repetition has the same effect as one call (RFC 9110 §9.2.2), so are safe to retry. */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method) || IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** How many attempts a request may get in all: 1 when its method may not be repeated. */
export function maxAttempts(method: string, options: ResolvedRetryOptions): number {
  return 1 + (options.retryNonIdempotent || isIdempotentMethod(method) ? options.retries : 0);
}

/** Exponential backoff with full jitter; `failedAttempt` counts from 1. */
export function backoffDelay(failedAttempt: number, options: ResolvedRetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds (`"3"`) or an HTTP-date. `null` when absent
 * or unreadable; never negative. A header sent twice comes comma-joined: its first value counts.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  const seconds = /^(\d+(?:\.\d+)?)\s*(?:,|$)/.exec(trimmed)?.[1];
  // Beyond a double ("9" × 400) it is unreadable, not an Infinity that errors would carry (JSON: null).
  if (seconds !== undefined) return Number.isFinite(Number(seconds) * 1000) ? Math.round(Number(seconds) * 1000) : null;
  // An HTTP-date starts with the weekday and holds a time; Date.parse would also take "-5" or "in 5" as a year.
  const date = /^[a-z]{3}.*\d:\d\d/i.test(trimmed) ? Date.parse(trimmed.replace(/GMT\s*,.*/i, "GMT")) : Number.NaN;
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Only the start of a message is searched: the hint is in its first sentence, and the scan stays cheap. */
const HINT_SCAN_CHARS = 500;
/** "… через 3 секунды", "try again in 0 seconds", "retry after 2 sec": a number of seconds after a waiting word. */
const SECONDS = "\\s{1,3}(\\d{1,6})\\s{0,3}(?:секунд|сек|seconds?|secs?\\b|s\\b)";
/** A plain "in" comes second: "5 requests in 1 second, try again in 3 seconds" names the limit's window first. */
const SECONDS_HINTS = [new RegExp(`(?:через|again in|after|wait)${SECONDS}`, "iu"), new RegExp(`in${SECONDS}`, "iu")];

/**
 * The wait Altegio names in a 429's `meta.message` when it sends no `Retry-After` (in Russian or
 * English, in whole seconds, often 0), as milliseconds; `null` when the message names none.
 */
export function retryHintOf(message: string | null): number | null {
  if (message === null) return null;
  const start = message.slice(0, HINT_SCAN_CHARS);
  for (const hint of SECONDS_HINTS) {
    const match = hint.exec(start);
    if (match) return Number(match[1]) * 1000;
  }
  return null;
}

/** What one attempt ended with, as far as retrying is concerned. */
export type AttemptOutcome =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly headers: Headers;
      /** The (bounded) body text; only called when the decision needs it (a 429 without `Retry-After`). */
      readonly bodyText: () => string;
    }
  /** No answer: the connection failed or dropped (also mid-body), or the attempt's deadline passed. */
  | { readonly kind: "connection" | "timeout" }
  /** An end no retry can change: the caller aborted, or the answer broke a limit. */
  | { readonly kind: "final" };

export type RetryDecision =
  | { readonly retry: false }
  | {
      readonly retry: true;
      readonly reason: RetryReason;
      /** The status retried, for `reason: "status"`. */
      readonly status: number | null;
      readonly delayMs: number;
    };

export interface RetryContext {
  readonly method: string;
  /** The attempt that just ended, counting from 1. */
  readonly attempt: number;
  readonly options: ResolvedRetryOptions;
  /** Source of backoff jitter, in [0, 1). */
  readonly random: () => number;
  /** Clock for HTTP-date `Retry-After` values. Default `Date.now()`. */
  readonly now?: number;
}

const STOP: RetryDecision = Object.freeze({ retry: false });

/**
 * Whether to try again, when, and why. A response is retried when its status is in `retryOn`, after
 * the server's requested delay (capped at `maxRetryAfterMs`) or backoff; a 429 message hint is never
 * shorter than backoff, because it is rounded down to whole seconds ("0 seconds" means "under one").
 * Connection failures and timeouts are retried after backoff. Nothing is retried past the attempt
 * budget, nor for a method that may not be repeated.
 */
export function decideRetry(outcome: AttemptOutcome, context: RetryContext): RetryDecision {
  const { attempt, options } = context;
  if (outcome.kind === "final" || attempt >= maxAttempts(context.method, options)) return STOP;
  const backoff = (): number => backoffDelay(attempt, options, context.random);
  if (outcome.kind !== "response") return { retry: true, reason: outcome.kind, status: null, delayMs: backoff() };
  if (!options.retryOn.includes(outcome.status)) return STOP;
  const retryAfter = parseRetryAfter(outcome.headers.get("retry-after"), context.now);
  const hint = retryAfter === null && outcome.status === 429 ? retryHintOf(apiMessageOf(parseJsonText(outcome.bodyText()))) : null;
  const delayMs =
    retryAfter !== null
      ? Math.min(retryAfter, options.maxRetryAfterMs)
      : hint !== null
        ? Math.min(Math.max(hint, backoff()), options.maxRetryAfterMs)
        : backoff();
  return { retry: true, reason: "status", status: outcome.status, delayMs };
}

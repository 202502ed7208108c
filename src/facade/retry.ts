/** When and how long to wait before trying a request again. */
import { parseRetryAfter } from "./retry-after.js";

export interface RetryOptions {
  /** Extra attempts after the first one. Default 2 (so at most 3 attempts). */
  retries?: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. Default 500. */
  baseDelayMs?: number;
  /** Upper bound of the backoff delay. Default 10 000. */
  maxDelayMs?: number;
  /** Longest `Retry-After` the SDK will wait; longer values are cut to this. Default 60 000. */
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

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`Retry option ${name} must be a finite number >= 0 (got ${value})`);
  }
  return value;
}

/** Merges client-level options with a per-request override; `false` at either level turns retries off. */
export function resolveRetryOptions(
  clientLevel: RetryOptions | false | undefined,
  perRequest?: RetryOptions | false,
): ResolvedRetryOptions {
  if (clientLevel === false && perRequest === undefined) return NO_RETRY;
  if (perRequest === false) return NO_RETRY;
  const merged = { ...DEFAULT_RETRY_OPTIONS, ...(clientLevel || {}), ...(perRequest ?? {}) };
  return Object.freeze({
    retries: Math.floor(nonNegative("retries", merged.retries)),
    baseDelayMs: nonNegative("baseDelayMs", merged.baseDelayMs),
    maxDelayMs: nonNegative("maxDelayMs", merged.maxDelayMs),
    maxRetryAfterMs: nonNegative("maxRetryAfterMs", merged.maxRetryAfterMs),
    retryOn: Object.freeze([...merged.retryOn]),
    retryNonIdempotent: merged.retryNonIdempotent,
  });
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/** Methods whose repetition has the same effect as one call (RFC 9110 §9.2.2), so are safe to retry. */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function mayRetryMethod(method: string, options: ResolvedRetryOptions): boolean {
  return options.retryNonIdempotent || isIdempotentMethod(method);
}

/** Exponential backoff with full jitter; `failedAttempt` counts from 1. */
export function backoffDelay(failedAttempt: number, options: ResolvedRetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` when the response has a readable one (capped at `maxRetryAfterMs`), else backoff. */
export function retryDelay(failedAttempt: number, options: ResolvedRetryOptions, random: () => number, response?: Response): number {
  const retryAfter = response ? parseRetryAfter(response.headers.get("retry-after")) : null;
  if (retryAfter !== null) return Math.min(retryAfter, options.maxRetryAfterMs);
  return backoffDelay(failedAttempt, options, random);
}

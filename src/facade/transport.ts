/**
 * The fetch function handed to openapi-fetch: rate limiting, per-attempt timeouts, retries and
 * observability around a base fetch. HTTP failures come back as the last Response (openapi-fetch
 * turns them into `error`); only network failures, timeouts and aborts are thrown.
 */
import { abortableSleep, createAttemptSignal, type AttemptSignal } from "./abort.js";
import { disposeWhenBodyDone } from "./body-done.js";
import {
  AltegioAbortError,
  AltegioConnectionError,
  AltegioError,
  AltegioTimeoutError,
  requestIdOf,
  type AltegioErrorOptions,
} from "./errors.js";
import { createObserver, type AltegioLogger, type Observer, type RetryReason, type TransportHooks } from "./events.js";
import { acquireUnlessAborted, createRateLimiter, type RateLimiter, type RateLimitRelease } from "./rate-limiter.js";
import { redactUrl } from "./redact.js";
import { mayRetryMethod, resolveRetryOptions, retryDelay, type ResolvedRetryOptions, type RetryOptions } from "./retry.js";

/** Exactly the shape openapi-fetch's `fetch` option accepts (it calls `fetch(request, requestInitExt)`). */
export type Transport = (request: Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** Base fetch. Default `globalThis.fetch`. */
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  /** Per-attempt deadline (until the body is read), default 30 000; `0` or `Infinity` disables it. */
  timeoutMs?: number;
  /** Retry policy, or `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** Default: a fresh in-process limiter at Altegio's limits (5/s, 200/min). `null` disables limiting. */
  rateLimiter?: RateLimiter | null;
  logger?: AltegioLogger;
  hooks?: TransportHooks;
  /** Source of randomness for backoff jitter, in [0, 1). For tests. Default `Math.random`. */
  random?: () => number;
}

/** Per-request settings, read from properties of the Request (see `setRequestOptions`). */
export interface AltegioRequestOptions {
  /** Replaces parts of the client's retry policy for this request; `false` disables retries. */
  altegioRetry?: RetryOptions | false;
  /** Replaces the client's per-attempt timeout for this request. */
  altegioTimeoutMs?: number;
}

/**
 * Attaches per-request settings to a Request. openapi-fetch copies unknown init keys onto the Request
 * it builds, so `client.GET(path, { altegioRetry: { retries: 5 } })` has the same effect. A middleware
 * that replaces the Request must copy these properties over.
 */
export function setRequestOptions<R extends Request>(request: R, options: AltegioRequestOptions): R & AltegioRequestOptions {
  return Object.assign(request, options);
}

function isRetryOptions(value: unknown): value is RetryOptions | false {
  return value === false || (typeof value === "object" && value !== null && !Array.isArray(value));
}

function requestOptionsOf(request: Request): AltegioRequestOptions {
  const carrier = request as Request & Record<keyof AltegioRequestOptions, unknown>;
  const result: AltegioRequestOptions = {};
  if (isRetryOptions(carrier.altegioRetry)) result.altegioRetry = carrier.altegioRetry;
  if (typeof carrier.altegioTimeoutMs === "number") result.altegioTimeoutMs = carrier.altegioTimeoutMs;
  return result;
}

const noop = (): void => undefined;

/** setTimeout fires at once for delays above 2^31-1 ms, so those mean "no deadline" too. */
const LONGEST_TIMER_MS = 2_147_483_647;

function normalizeTimeout(timeoutMs: number): number | null {
  if (Number.isNaN(timeoutMs) || timeoutMs < 0) {
    throw new RangeError(`timeoutMs must be a number >= 0 (got ${timeoutMs})`);
  }
  return timeoutMs === 0 || timeoutMs > LONGEST_TIMER_MS ? null : timeoutMs;
}

type AttemptOutcome =
  | { kind: "response"; response: Response; deadline: AttemptSignal }
  | { kind: "failure"; error: AltegioError; retryAs: RetryReason | null; durationMs: number };

interface CallContext {
  readonly method: string;
  /** Redacted on first use: only events and errors need it. */
  readonly url: string;
  readonly request: Request;
  readonly init: RequestInit | undefined;
  /** The Request's own signal and `init.signal` in one: attempts and waits follow it. */
  readonly callerSignal: AbortSignal;
  readonly retry: ResolvedRetryOptions;
  readonly timeoutMs: number | null;
}

/** `null` when `request.signal` alone is the caller's signal; else one following it and `init.signal`. */
function callerSignalOf(request: Request, init: RequestInit | undefined): AttemptSignal | null {
  const initSignal = init?.signal;
  if (initSignal == null || initSignal === request.signal) return null;
  return createAttemptSignal([request.signal, initSignal], { timeoutMs: null });
}

export function createTransport(options: TransportOptions = {}): Transport {
  const customFetch = options.fetch;
  const defaultTimeoutMs = normalizeTimeout(options.timeoutMs ?? 30_000);
  const limiter = options.rateLimiter === undefined ? createRateLimiter() : options.rateLimiter;
  const random = options.random ?? Math.random;
  const observer: Observer = createObserver(options.logger, options.hooks);
  // Invalid options fail when the client is made, not on its first call.
  const clientRetry = resolveRetryOptions(options.retry);

  const errorContext = (call: CallContext): AltegioErrorOptions => ({ method: call.method, url: call.url });
  const abortError = (call: CallContext): AltegioAbortError =>
    new AltegioAbortError({ ...errorContext(call), cause: call.callerSignal.reason });

  /** Waits for the limiter; resolves to what ends the request's slot (a no-op for limiters without one). */
  async function waitForLimiter(limiter: RateLimiter, call: CallContext, attempt: number): Promise<() => void> {
    const started = performance.now();
    let release: void | RateLimitRelease;
    try {
      release = await acquireUnlessAborted(limiter, call.callerSignal);
    } catch (error) {
      throw call.callerSignal.aborted ? abortError(call) : error;
    }
    // A limiter that says how long it made the request wait is believed; others are timed.
    const waitedMs = typeof release?.waitedMs === "number" ? release.waitedMs : performance.now() - started;
    const delayMs = Math.round(waitedMs);
    if (delayMs > 0 && observer.enabled) observer.emit("onRateLimitWait", { method: call.method, url: call.url, attempt, delayMs });
    return typeof release === "function" ? releaseSafely(release) : noop;
  }

  /** A failing release must not turn a response that came back into a failure. */
  function releaseSafely(release: () => void): () => void {
    return () => {
      try {
        release();
      } catch (error) {
        try {
          options.logger?.warn?.("altegio: rate limiter release threw", { error: error instanceof Error ? error.message : String(error) });
        } catch {
          // a failing logger has nowhere left to report to
        }
      }
    };
  }

  /**
   * Sends one attempt. The caller's Request is only cloned when its body must survive for a later
   * attempt; the default fetch gets the deadline through `init` instead of a rebuilt Request.
   */
  function sendAttempt(call: CallContext, signal: AbortSignal, mayRetry: boolean): Promise<Response> {
    const source = mayRetry && call.request.body !== null ? call.request.clone() : call.request;
    const init = call.init ? { ...call.init, signal } : { signal };
    if (customFetch) return customFetch(new Request(source, { signal }), call.init ? init : undefined);
    return globalThis.fetch(source, init);
  }

  async function runAttempt(call: CallContext, attempt: number, mayRetry: boolean): Promise<AttemptOutcome> {
    const deadline = createAttemptSignal([call.callerSignal], {
      timeoutMs: call.timeoutMs,
      timeoutReason: () => new AltegioTimeoutError(call.timeoutMs ?? 0, errorContext(call)),
      abortReason: (cause) => new AltegioAbortError({ ...errorContext(call), cause }),
    });
    if (observer.enabled) observer.emit("onRequest", { method: call.method, url: call.url, attempt });
    const started = performance.now();
    try {
      const response = disposeWhenBodyDone(await sendAttempt(call, deadline.signal, mayRetry), deadline.dispose);
      if (observer.enabled) {
        observer.emit("onResponse", {
          method: call.method,
          url: call.url,
          attempt,
          status: response.status,
          durationMs: Math.round(performance.now() - started),
          requestId: requestIdOf(response.headers),
        });
      }
      return { kind: "response", response, deadline };
    } catch (thrown) {
      deadline.dispose();
      return { kind: "failure", ...classifyFailure(call, deadline, thrown), durationMs: Math.round(performance.now() - started) };
    }
  }

  /** Which SDK error a failed fetch becomes, and whether it may be retried (and as what). */
  function classifyFailure(
    call: CallContext,
    deadline: AttemptSignal,
    thrown: unknown,
  ): { error: AltegioError; retryAs: RetryReason | null } {
    if (call.callerSignal.aborted) return { error: abortError(call), retryAs: null };
    if (deadline.timedOut) {
      return { error: new AltegioTimeoutError(call.timeoutMs ?? 0, errorContext(call)), retryAs: "timeout" };
    }
    if (thrown instanceof AltegioError) return { error: thrown, retryAs: null };
    return { error: new AltegioConnectionError({ ...errorContext(call), cause: thrown }), retryAs: "connection" };
  }

  async function send(call: CallContext): Promise<Response> {
    const maxAttempts = 1 + (mayRetryMethod(call.method, call.retry) ? call.retry.retries : 0);
    for (let attempt = 1; ; attempt++) {
      if (call.callerSignal.aborted) throw abortError(call);
      const isLast = attempt >= maxAttempts;
      const release = limiter ? await waitForLimiter(limiter, call, attempt) : noop;
      let outcome: AttemptOutcome;
      try {
        outcome = await runAttempt(call, attempt, !isLast);
      } finally {
        release();
      }
      let delayMs: number;
      let reason: RetryReason;
      let status: number | null = null;
      if (outcome.kind === "response") {
        if (isLast || !call.retry.retryOn.includes(outcome.response.status)) return outcome.response;
        delayMs = retryDelay(attempt, call.retry, random, outcome.response);
        reason = "status";
        status = outcome.response.status;
        outcome.deadline.dispose();
        await outcome.response.body?.cancel().catch(() => undefined);
      } else {
        if (isLast || outcome.retryAs === null) {
          const { error, durationMs } = outcome;
          observer.emit("onError", { method: call.method, url: call.url, attempt, error, durationMs });
          throw error;
        }
        delayMs = retryDelay(attempt, call.retry, random);
        reason = outcome.retryAs;
      }
      observer.emit("onRetry", {
        method: call.method,
        url: call.url,
        attempt,
        nextAttempt: attempt + 1,
        reason,
        status,
        delayMs,
      });
      try {
        await abortableSleep(delayMs, call.callerSignal);
      } catch {
        throw abortError(call);
      }
    }
  }

  return async function altegioTransport(request: Request, init?: RequestInit): Promise<Response> {
    const perRequest = requestOptionsOf(request);
    const retry = perRequest.altegioRetry === undefined ? clientRetry : resolveRetryOptions(options.retry, perRequest.altegioRetry);
    const timeoutMs = perRequest.altegioTimeoutMs === undefined ? defaultTimeoutMs : normalizeTimeout(perRequest.altegioTimeoutMs);
    const caller = callerSignalOf(request, init);
    let redactedUrl: string | undefined;
    const sending = send({
      method: request.method.toUpperCase(),
      get url() {
        return (redactedUrl ??= redactUrl(request.url));
      },
      request,
      init,
      callerSignal: caller?.signal ?? request.signal,
      retry,
      timeoutMs,
    });
    if (caller === null) return sending;
    try {
      return await sending;
    } finally {
      caller.dispose();
    }
  };
}

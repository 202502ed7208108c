/**
 * The fetch function handed to openapi-fetch: rate limiting, per-attempt deadlines, retries and
 * observability around a base fetch. Each attempt reads its body (bounded) before it counts as done,
 * so a connection dropped mid-body or a body that stops arriving is retried like any other failure.
 * HTTP failures come back as the last Response (openapi-fetch turns them into `error`); only network
 * failures, timeouts, aborts and oversized bodies are thrown. Redirects are never followed: a 3xx
 * comes back as the response (data methods throw AltegioRedirectError).
 */
import { abortableSleep, followSignals, LONGEST_TIMER_MS, untilAborted, type FollowingSignal } from "./abort.js";
import { createDeadlines, DEADLINE_WINDOW_MS, type Deadline } from "./deadline.js";
import {
  AltegioAbortError,
  AltegioConnectionError,
  AltegioError,
  AltegioResponseTooLargeError,
  AltegioTimeoutError,
  requestIdOf,
  type AltegioErrorOptions,
} from "./errors.js";
import { createObserver, type AltegioLogger, type Observer, type TransportHooks } from "./events.js";
import { acquireUnlessAborted, createRateLimiter, type RateLimiter, type RateLimitRelease } from "./rate-limiter.js";
import { redactText, redactUrl, secretsOfRequest } from "./redact.js";
import { BodyLimitExceeded, bufferResponse, onBodyDone, readBodyBytes, textOf } from "./response-body.js";
import { checkRequestOptions, checkRetryOptions, checkTimeoutMs } from "./validation.js";
import { decideRetry, maxAttempts, resolveRetryOptions, type AttemptOutcome, type RetryOptions } from "./retry.js";

/** Exactly the shape openapi-fetch's `fetch` option accepts (it calls `fetch(request, requestInitExt)`). */
export type Transport = (request: Request, init?: RequestInit) => Promise<Response>;

/** 64 MiB: far above any API answer, well below what would exhaust a server's memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface TransportOptions {
  /** Base fetch. Default `globalThis.fetch`. */
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  /** Per-attempt deadline (until the body is read), default 30 000; `0` or `Infinity` disables it. */
  timeoutMs?: number;
  /** Largest success body read, in bytes (default 64 MiB); `Infinity` for no limit. */
  maxResponseBytes?: number;
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

const WITHOUT_CALLER_SIGNAL = Symbol("altegio.withoutCallerSignal");
const STREAMED_BODY = Symbol("altegio.streamedBody");

/**
 * Work to do on a Request before it is sent (the client's route check, auth and headers), passed to
 * `new AltegioRequest(url, init)` under this key. openapi-fetch copies a call's options into the init
 * it builds its Request with, so a call's options can carry it. It may throw, or return a promise the
 * transport waits for; it must do its work once however often it is called (a middleware may have
 * run it already). The transport passes it a `wait` that bounds a token function's promise by the
 * call's timeout.
 */
export const PREPARATION = Symbol("altegio.preparation");
const PREPARE = Symbol("altegio.prepare");

export type TokenWait = <T>(request: Request, promise: Promise<T>) => Promise<T>;
export type Preparation = (request: Request, wait?: TokenWait) => void | Promise<void>;
type Prepare = (request: Request, preparation: Preparation | undefined) => void | Promise<void>;

const reportedFailures = new WeakSet<AltegioError>();
/** Marks what a preparation throws as a failure to report to onError (a token function's; a bad route is the caller's). */
export function reportedFailure(error: AltegioError): AltegioError {
  reportedFailures.add(error);
  return error;
}

interface MarkedRequest extends Request {
  [WITHOUT_CALLER_SIGNAL]?: true;
  [STREAMED_BODY]?: true;
  [PREPARATION]?: Preparation | undefined;
  altegioRetry?: unknown;
  altegioTimeoutMs?: unknown;
}

/**
 * The Request class the SDK gives openapi-fetch. It notes that the caller passed no signal, so an
 * attempt of such a request needs no signal of its own: the shared deadline's is enough.
 */
export class AltegioRequest extends Request {
  constructor(input: string | URL | Request, init?: RequestInit & { [PREPARATION]?: Preparation }) {
    super(input, init);
    if (init?.signal == null && !(input instanceof Request)) (this as MarkedRequest)[WITHOUT_CALLER_SIGNAL] = true;
    (this as MarkedRequest)[PREPARATION] = init?.[PREPARATION];
  }

  /**
   * openapi-fetch accepts a Request a middleware returns only if it is an instance of the client's
   * Request class: any Request is one of ours, so a caller's middleware may return `new Request(…)`.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Request;
  }
}

/**
 * Runs `preparation`, by default the one `request` carries (a Request a middleware built carries none);
 * when `fetch` is the SDK's transport, as that runs it: under the call's timeout, failures reported.
 */
export function runPreparation(
  request: Request,
  fetch: unknown,
  preparation = (request as MarkedRequest)[PREPARATION],
): void | Promise<void> {
  const prepare = (fetch as { [PREPARE]?: Prepare } | undefined)?.[PREPARE];
  return prepare ? prepare(request, preparation) : preparation?.(request);
}

/** The caller reads this request's success body as a stream (`parseAs: "stream"`): it is passed through, not buffered. */
export function keepBodyStreamed(request: Request): void {
  (request as MarkedRequest)[STREAMED_BODY] = true;
}

/** A deadline's timer adds its window to the timeout, and no timer is longer: longer means "no deadline". */
const LONGEST_TIMEOUT_MS = LONGEST_TIMER_MS - DEADLINE_WINDOW_MS;

function normalizeTimeout(timeoutMs: number): number | null {
  return timeoutMs === 0 || timeoutMs > LONGEST_TIMEOUT_MS ? null : timeoutMs;
}

function normalizeMaxBytes(maxBytes: number): number {
  if (typeof maxBytes !== "number" || !(maxBytes >= 1) || (!Number.isInteger(maxBytes) && maxBytes !== Number.POSITIVE_INFINITY)) {
    throw new RangeError(`maxResponseBytes must be an integer >= 1 or Infinity (got ${String(maxBytes)})`);
  }
  return maxBytes;
}

/** The caller's signal: the Request's own (unless the SDK built it without one), and `init.signal`. */
function callerSignalsOf(request: MarkedRequest, init: RequestInit | undefined): AbortSignal[] {
  const signals = request[WITHOUT_CALLER_SIGNAL] ? [] : [request.signal];
  const initSignal = init?.signal;
  if (initSignal != null && initSignal !== request.signal) signals.push(initSignal);
  return signals;
}

const noop = (): void => undefined;

/** A response that came back after its attempt was given up: nobody reads it. */
function cancelBody(response: Response): void {
  void response.body?.cancel().catch(noop);
}

/** The response's request id for events: a server may echo the credentials sent into it. */
function scrubbedRequestId(request: Request, headers: Headers): string | null {
  const id = requestIdOf(headers);
  return id && redactText(id, secretsOfRequest(request));
}

export function createTransport(options: TransportOptions = {}): Transport {
  const customFetch = options.fetch;
  // Invalid options fail when the client is made, not on its first call.
  const defaultTimeoutMs = normalizeTimeout(checkTimeoutMs(options.timeoutMs ?? 30_000, "timeoutMs"));
  const maxResponseBytes = normalizeMaxBytes(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  const limiter = options.rateLimiter === undefined ? createRateLimiter() : options.rateLimiter;
  const random = options.random ?? Math.random;
  const observer: Observer = createObserver(options.logger, options.hooks);
  const clientRetry = resolveRetryOptions(checkRetryOptions(options.retry, "retry"));
  const deadlines = createDeadlines();

  /** Waits for the limiter; resolves to what ends the request's slot (a no-op for limiters without one). */
  async function waitForLimiter(
    limiter: RateLimiter,
    signal: AbortSignal | undefined,
    event: { method: string; url: string; attempt: number },
    abortError: () => AltegioError,
  ): Promise<() => void> {
    const started = performance.now();
    let release: void | RateLimitRelease;
    try {
      release = await (signal ? acquireUnlessAborted(limiter, signal) : limiter.acquire());
    } catch (error) {
      throw signal?.aborted ? abortError() : error;
    }
    // A limiter that says how long it made the request wait is believed; others are timed.
    const waitedMs = typeof release?.waitedMs === "number" ? release.waitedMs : performance.now() - started;
    const delayMs = Math.round(waitedMs);
    if (delayMs > 0 && observer.enabled) observer.emit("onRateLimitWait", { ...event, delayMs });
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
   * One attempt goes out. The caller's Request is only cloned when its body must survive for a later
   * attempt; the default fetch gets the signal through `init` instead of a rebuilt Request. A custom
   * fetch may ignore the signal, so its answer is not waited for once the signal aborts.
   */
  function sendAttempt(request: Request, init: RequestInit | undefined, signal: AbortSignal | undefined, cloneBody: boolean) {
    const source = cloneBody && request.body !== null ? request.clone() : request;
    const attemptInit: RequestInit = init ? { ...init, signal, redirect: "manual" } : { signal, redirect: "manual" };
    if (!customFetch) return globalThis.fetch(source, attemptInit);
    const sent = customFetch(new Request(source, { signal, redirect: "manual" }), init ? attemptInit : undefined);
    return signal ? untilAborted(sent, signal, () => signal.reason, cancelBody) : sent;
  }

  const timeoutOf = (altegioTimeoutMs: number | undefined): number | null =>
    altegioTimeoutMs === undefined ? defaultTimeoutMs : normalizeTimeout(altegioTimeoutMs);

  /**
   * A token function's promise, cut short by the call's timeout as an attempt is (the request's options
   * are checked by then). Its deadline is left once the promise settles, the time is up or the caller
   * aborts (auth.ts turns the abort into the call's error).
   */
  const waitForToken: TokenWait = (request, promise) => {
    const method = request.method.toUpperCase();
    const timeoutMs = timeoutOf(checkRequestOptions(request, method).altegioTimeoutMs);
    const caller = request.signal;
    if (timeoutMs === null || caller.aborted) return promise;
    const deadline = deadlines.join(timeoutMs);
    return new Promise((resolve, reject) => {
      let waiting = true;
      const end = (): void => {
        if (!waiting) return;
        waiting = false;
        deadline.signal.removeEventListener("abort", onTimeout);
        caller.removeEventListener("abort", end);
        deadlines.leave(deadline);
      };
      const onTimeout = (): void => {
        end();
        reject(new AltegioTimeoutError(timeoutMs, { method, url: request.url }, "A token function gave no token (nothing was sent)"));
      };
      deadline.signal.addEventListener("abort", onTimeout);
      caller.addEventListener("abort", end);
      promise.then(resolve, reject).then(end);
    });
  };

  function failPreparation(error: unknown, request: Request, method: string, called: number): never {
    if (observer.enabled && reportedFailures.has(error as AltegioError)) {
      const durationMs = Math.round(performance.now() - called);
      observer.emit("onError", { method, url: redactUrl(request.url), attempt: 1, error: error as AltegioError, durationMs });
    }
    throw error;
  }

  /** Synchronous unless a token function returns a promise; a failure marked by `reportedFailure` goes to onError. */
  function prepare(request: Request, preparation: Preparation | undefined, method: string, called: number): void | Promise<void> {
    try {
      const preparing = preparation?.(request, waitForToken);
      return preparing ? preparing.catch((error: unknown) => failPreparation(error, request, method, called)) : undefined;
    } catch (error) {
      return failPreparation(error, request, method, called);
    }
  }

  /** The preparation run as a middleware, before this transport sees the request. */
  const prepareAhead: Prepare = (request, preparation) => {
    const method = request.method.toUpperCase();
    checkRequestOptions(request, method);
    return prepare(request, preparation, method, observer.enabled ? performance.now() : 0);
  };

  async function altegioTransport(input: Request, init?: RequestInit): Promise<Response> {
    const request = input as MarkedRequest;
    const method = request.method.toUpperCase();
    const perRequest = checkRequestOptions(request, method);
    const called = observer.enabled ? performance.now() : 0;
    const preparing = prepare(request, request[PREPARATION], method, called);
    if (preparing) await preparing;
    const retry = perRequest.altegioRetry === undefined ? clientRetry : resolveRetryOptions(options.retry, perRequest.altegioRetry);
    const timeoutMs = timeoutOf(perRequest.altegioTimeoutMs);
    const attempts = maxAttempts(method, retry);
    const streamed = request[STREAMED_BODY] === true;
    let redactedUrl: string | undefined;
    const urlOf = (): string => (redactedUrl ??= redactUrl(request.url));
    const context = (): AltegioErrorOptions => ({ method, url: urlOf() });

    const callerSignals = callerSignalsOf(request, init);
    const caller: FollowingSignal | null = callerSignals.length > 1 ? followSignals(callerSignals) : null;
    const callerSignal: AbortSignal | undefined = caller?.signal ?? callerSignals[0];
    const abortError = (): AltegioAbortError => new AltegioAbortError({ ...context(), cause: callerSignal?.reason });
    const timeoutError = (): AltegioTimeoutError => new AltegioTimeoutError(timeoutMs ?? 0, context());

    let attempt = 1;
    let reported: AltegioError | undefined;
    try {
      for (; ; attempt++) {
        if (callerSignal?.aborted) throw abortError();
        let release: (() => void) | null = limiter
          ? await waitForLimiter(limiter, callerSignal, { method, url: urlOf(), attempt }, abortError)
          : null;
        if (observer.enabled) observer.emit("onRequest", { method, url: urlOf(), attempt });
        // Only events report durations; without observers the clock is not read.
        const started = observer.enabled ? performance.now() : 0;
        const deadline: Deadline | null = timeoutMs === null ? null : deadlines.join(timeoutMs);
        // Only a caller's signal needs a signal per attempt, following it and the shared deadline.
        const follower =
          callerSignal === undefined
            ? null
            : followSignals(deadline ? [callerSignal, deadline.signal] : [callerSignal], (source) =>
                source === callerSignal ? abortError() : timeoutError(),
              );
        const attemptSignal = follower?.signal ?? deadline?.signal;
        let response: Response | undefined;
        let outcome: AttemptOutcome;
        let failure: AltegioError | undefined;
        let passedThrough = false;
        try {
          response = await sendAttempt(request, init, attemptSignal, attempt < attempts);
          release?.();
          release = null;
          if (observer.enabled) {
            observer.emit("onResponse", {
              method,
              url: urlOf(),
              attempt,
              status: response.status,
              durationMs: Math.round(performance.now() - started),
              requestId: scrubbedRequestId(request, response.headers),
            });
          }
          // A streamed success body stays under the deadline (and the caller's signal) until it is read.
          passedThrough = streamed && response.ok;
          if (passedThrough) {
            onBodyDone(response, () => {
              if (deadline) deadlines.leave(deadline);
              follower?.dispose();
            });
          }
          const bytes = passedThrough ? null : await readBodyBytes(response, maxResponseBytes, customFetch ? attemptSignal : undefined);
          const answered = bytes === null ? response : bufferResponse(response, bytes);
          outcome = { kind: "response", status: answered.status, headers: answered.headers, bodyText: () => textOf(bytes) };
        } catch (thrown) {
          release?.();
          if (callerSignal?.aborted) {
            failure = abortError();
            outcome = { kind: "final" };
          } else if (deadline?.signal.aborted) {
            failure = timeoutError();
            outcome = { kind: "timeout" };
          } else if (thrown instanceof BodyLimitExceeded) {
            failure = new AltegioResponseTooLargeError(thrown.limitBytes, context());
            outcome = { kind: "final" };
          } else if (thrown instanceof AltegioError) {
            failure = thrown;
            outcome = { kind: "final" };
          } else {
            failure = new AltegioConnectionError({ ...context(), cause: thrown }, secretsOfRequest(request));
            outcome = { kind: "connection" };
          }
        } finally {
          if (!passedThrough) {
            if (deadline) deadlines.leave(deadline);
            follower?.dispose();
          }
        }
        const decision = decideRetry(outcome, { method, attempt, options: retry, random });
        if (!decision.retry) {
          if (failure === undefined) return response!;
          observer.emit("onError", {
            method,
            url: urlOf(),
            attempt,
            error: failure,
            durationMs: Math.round(performance.now() - started),
          });
          reported = failure;
          throw failure;
        }
        observer.emit("onRetry", {
          method,
          url: urlOf(),
          attempt,
          nextAttempt: attempt + 1,
          reason: decision.reason,
          status: decision.status,
          delayMs: decision.delayMs,
        });
        try {
          await abortableSleep(decision.delayMs, callerSignal);
        } catch {
          throw abortError();
        }
      }
    } catch (error) {
      // Thrown before or between attempts (an aborted signal, the limiter's wait or failure, a retry's
      // wait): reported too, with the time since the call began.
      if (error !== reported && error instanceof AltegioError) {
        observer.emit("onError", { method, url: urlOf(), attempt, error, durationMs: Math.round(performance.now() - called) });
      }
      throw error;
    } finally {
      caller?.dispose();
    }
  }
  return Object.assign(altegioTransport, { [PREPARE]: prepareAhead });
}

/**
 * A RateLimiter shared by every process that uses the same Redis key: a sliding-window script run
 * with EVAL on ioredis or node-redis v4+. In each process waiters queue FIFO and only the head asks
 * Redis, so the process sends one query per grant or per wait, never one per waiter.
 * Not through rate-limiter-flexible's RateLimiterRedis: it defines its script as one command per
 * ioredis client (a second limiter on that client replaced the first one's limits), and it took
 * node-redis v5 clients for ioredis ones.
 */
import { LONGEST_TIMER_MS } from "../facade/abort.js";
import { AltegioAbortError, AltegioRateLimiterUnavailableError } from "../facade/errors.js";
import { ALTEGIO_RATE_LIMITS, createRateLimiter, type RateLimit, type RateLimiter, type RateLimitRelease } from "../facade/rate-limiter.js";
import { releaseScript, slidingWindowScript } from "./sliding-window-script.js";

export interface RedisRateLimiterOptions {
  /** An ioredis client, or a connected node-redis (v4+) client. The limiter never connects or closes it. */
  redis: object;
  /** Every process using the same key shares the limits. Default `"altegio-sdk:rate-limit"` (one per egress IP). */
  key?: string;
  /** Default Altegio's: 5 per 1 000 ms and 200 per 60 000 ms. */
  limits?: readonly RateLimit[];
  /** Each grant counts this much longer than its window, for the lag between grant and arrival. Default 250 ms. */
  arrivalMarginMs?: number;
  /** What to do while Redis cannot be reached. Default `"fail-closed"`. */
  whenUnavailable?: "fail-closed" | "fail-open";
  /** fail-closed: a request waits this long for Redis, then fails with AltegioRateLimiterUnavailableError. Default 10 000 ms. */
  unavailableTimeoutMs?: number;
  /** fail-open: the limiter used meanwhile (per process, so N processes may send N times the limits). Default an in-process limiter with `limits`. */
  fallback?: RateLimiter;
  /** A Redis call taking longer counts as Redis being unreachable. Default 1 000 ms. */
  commandTimeoutMs?: number;
  /** How often to try Redis again while it is unreachable. Default 200 ms. */
  retryIntervalMs?: number;
  /** Called when Redis fails (each time; the limiter keeps trying). */
  onUnavailable?: (error: unknown) => void;
}

interface Waiter {
  enqueuedAt: number;
  signal: AbortSignal | undefined;
  resolve(release: void | (() => void)): void;
  reject(error: unknown): void;
  detach(): void;
}

function positive(name: string, value: number, allowZero = false): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(`createRedisRateLimiter: ${name} must be a ${allowZero ? "non-negative" : "positive"} number`);
  }
  return value;
}

function validLimits(limits: readonly RateLimit[]): readonly RateLimit[] {
  if (limits.length === 0) throw new RangeError("createRedisRateLimiter: limits must not be empty");
  for (const { requests, perMs } of limits) {
    if (!Number.isSafeInteger(requests) || requests < 1 || !Number.isSafeInteger(perMs) || perMs < 1) {
      throw new RangeError(`createRedisRateLimiter: invalid limit ${requests} per ${perMs} ms (whole numbers, at least 1)`);
    }
  }
  return limits;
}

type Attempt = { granted: true; id: string } | { granted: false; waitMs: number } | { granted: false; error: unknown };

type Evaluate = (key: string, argument: string) => Promise<unknown>;

type Client = {
  eval?: (...args: unknown[]) => Promise<unknown>;
  defineCommand?: unknown;
  status?: string;
  isReady?: boolean;
  isOpen?: boolean;
};

/** EVAL on ioredis (`eval(script, 1, key, arg)`; it has `defineCommand`) or node-redis v4+ (`eval(script, { keys, arguments })`). */
function evaluator(client: object, script: string): Evaluate {
  const redis = client as Client;
  const evaluate = redis.eval;
  if (typeof evaluate !== "function")
    throw new TypeError("createRedisRateLimiter: redis must be an ioredis or node-redis client (no eval method)");
  if (typeof redis.defineCommand === "function") return (key, argument) => evaluate.call(client, script, 1, key, argument);
  return (key, argument) => evaluate.call(client, script, { keys: [key], arguments: [argument] });
}

/** A client not connected would queue the command until it reconnects: fail at once instead. */
function isReady(client: object): boolean {
  const { status, isReady, isOpen } = client as Client;
  return status === undefined ? isReady !== false && isOpen !== false : status === "ready";
}

const delay = (ms: number): number => Math.min(ms, LONGEST_TIMER_MS);

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), delay(timeoutMs));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  if (typeof options.redis !== "object" || options.redis === null)
    throw new TypeError("createRedisRateLimiter: redis must be a Redis client");
  const limits = validLimits(options.limits ?? ALTEGIO_RATE_LIMITS);
  const margin = positive("arrivalMarginMs", options.arrivalMarginMs ?? 250, true);
  const unavailableTimeoutMs = positive("unavailableTimeoutMs", options.unavailableTimeoutMs ?? 10_000, true);
  const commandTimeoutMs = positive("commandTimeoutMs", options.commandTimeoutMs ?? 1_000);
  const retryIntervalMs = positive("retryIntervalMs", options.retryIntervalMs ?? 200);
  const failOpen = options.whenUnavailable === "fail-open";
  const fallback = options.fallback ?? createRateLimiter({ limits });
  const key = options.key ?? "altegio-sdk:rate-limit";
  const evalGrant = evaluator(options.redis, slidingWindowScript(limits, margin));
  const evalRelease = evaluator(options.redis, releaseScript(limits, margin));
  // Touches no key, so it grants nothing: only tells whether Redis answers again.
  const evalProbe = evaluator(options.redis, "return 1");
  const queue: Waiter[] = [];
  let pumping = false;
  /** When the first failed call of the current outage began. */
  let downSince = Number.POSITIVE_INFINITY;
  /** When the last failed call ended, and its error: fail-open probes no sooner than `retryIntervalMs` after it. */
  let lastFailure: { at: number; error: unknown } = { at: Number.NEGATIVE_INFINITY, error: undefined };
  let probing = false;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Once the response is back the grant counts from then (best effort: if Redis fails, it counts from the grant plus the margin). */
  const releaseOf = (id: string) => {
    let released = false;
    return (): void => {
      if (released) return;
      released = true;
      withTimeout(evalRelease(key, id), commandTimeoutMs).catch((error: unknown) => {
        try {
          options.onUnavailable?.(error);
        } catch {
          // an observer must not break the release
        }
      });
    };
  };

  const reportFailure = (error: unknown): void => {
    lastFailure = { at: performance.now(), error };
    try {
      options.onUnavailable?.(error);
    } catch {
      // an observer must not break the queue
    }
  };

  const attempt = async (): Promise<Attempt> => {
    try {
      if (!isReady(options.redis)) throw new Error("Redis connection is not ready");
      const id = crypto.randomUUID();
      const reply = await withTimeout(evalGrant(key, id), commandTimeoutMs);
      // Numbers, or strings with ioredis's stringNumbers.
      const [state, value = Number.NaN] = Array.isArray(reply) ? reply.map(Number) : [];
      if (state === 1) return { granted: true, id };
      if (state === 2 && value > 0) return { granted: false, waitMs: value };
      throw new Error("Unexpected reply from the rate-limit script");
    } catch (error) {
      reportFailure(error);
      return { granted: false, error };
    }
  };

  /**
   * Fail-open during an outage: requests go to the fallback without waiting on Redis, and Redis is
   * asked again (a script that grants nothing) at most once per `retryIntervalMs`, only while
   * requests come, so an idle process keeps no timer; once it answers, requests queue on Redis again.
   */
  const probeIfDue = (): void => {
    if (probing || performance.now() - lastFailure.at < retryIntervalMs) return;
    probing = true;
    const probe = isReady(options.redis)
      ? withTimeout(evalProbe(key, ""), commandTimeoutMs)
      : Promise.reject(new Error("Redis connection is not ready"));
    probe
      .then(() => {
        downSince = Number.POSITIVE_INFINITY;
      }, reportFailure)
      .finally(() => {
        probing = false;
      });
  };

  const viaFallback = (signal: AbortSignal | undefined): Promise<void | RateLimitRelease> =>
    new Promise<void | RateLimitRelease>((resolve) => resolve(fallback.acquire(signal)));

  /** Ends the pump's sleep early: once nobody waits, its timer must not keep the process alive. */
  let wake = (): void => undefined;
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, delay(ms));
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const remove = (waiter: Waiter): boolean => {
    const index = queue.indexOf(waiter);
    if (index === -1) return false;
    queue.splice(index, 1);
    waiter.detach();
    if (queue.length === 0) {
      wake();
      clearTimeout(expiryTimer);
    }
    return true;
  };

  /** Fail-closed: waiters that have waited out the timeout while Redis is down (not while it said wait) get the typed error. */
  const expire = (error: unknown): void => {
    const now = performance.now();
    for (const waiter of [...queue]) {
      const waited = now - Math.max(waiter.enqueuedAt, downSince);
      if (waited >= unavailableTimeoutMs && remove(waiter)) waiter.reject(new AltegioRateLimiterUnavailableError(waited, error));
    }
    scheduleExpiry();
  };

  /**
   * While Redis is down, the next waiter to run out of time fails on time, not when the call in
   * flight (up to `commandTimeoutMs`) or the pause before the next one ends.
   */
  const scheduleExpiry = (): void => {
    clearTimeout(expiryTimer);
    const first = queue[0];
    if (first === undefined || downSince === Number.POSITIVE_INFINITY) return;
    // Waiters queue in order, so the first has waited longest.
    const dueIn = Math.max(first.enqueuedAt, downSince) + unavailableTimeoutMs - performance.now();
    expiryTimer = setTimeout(() => expire(lastFailure.error), delay(Math.max(0, dueIn)));
  };

  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const started = performance.now();
        const result = await attempt();
        downSince = "error" in result ? Math.min(downSince, started) : Number.POSITIVE_INFINITY;
        if (!("error" in result)) clearTimeout(expiryTimer);
        if (result.granted) {
          const head = queue.shift();
          head?.detach();
          // Nobody left to take it (the waiter aborted meanwhile): the slot stays counted, which only slows others.
          head?.resolve(releaseOf(result.id));
        } else if ("waitMs" in result) {
          await sleep(result.waitMs);
        } else if (failOpen) {
          // Everyone queued waited for this failure: none waits for another command timeout.
          for (const waiter of queue.splice(0)) {
            waiter.detach();
            viaFallback(waiter.signal).then(waiter.resolve, waiter.reject);
          }
        } else {
          expire(result.error);
          if (queue.length > 0) await sleep(retryIntervalMs);
        }
      }
    } finally {
      pumping = false;
    }
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new AltegioAbortError({ cause: signal.reason }));
      if (failOpen && downSince !== Number.POSITIVE_INFINITY) {
        probeIfDue();
        return viaFallback(signal);
      }
      return new Promise<void | (() => void)>((resolve, reject) => {
        const onAbort = (): void => {
          if (remove(waiter)) reject(new AltegioAbortError({ cause: signal?.reason }));
        };
        const waiter: Waiter = {
          enqueuedAt: performance.now(),
          signal,
          resolve,
          reject,
          detach: () => signal?.removeEventListener("abort", onAbort),
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(waiter);
        void pump();
      });
    },
  };
}

/**
 * Client-side rate limiting. Altegio allows 5 requests per second and 200 per minute per IP; the
 * default limiter keeps a sliding log of request times and never lets either window overflow.
 * The server counts a request when it arrives, which may lag its grant by a varying amount; a
 * request released by the transport therefore counts from when its response came back (always
 * after it arrived), so the server never sees two requests closer together than the limiter allowed.
 */
import { AltegioAbortError } from "./errors.js";

/**
 * Anything that can make a request wait for its turn. Resolve when the request may go; reject with
 * AltegioAbortError when `signal` aborts. Small on purpose, so a limiter shared by several processes
 * (Redis-backed, say) fits behind it. It may resolve to a release function: the transport calls it
 * once the request's response (or failure) came back.
 */
export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<void | (() => void)>;
}

export interface RateLimit {
  requests: number;
  perMs: number;
}

export interface RateLimiterOptions {
  /** All windows apply at once. Default: 5 per 1 000 ms and 200 per 60 000 ms. */
  limits?: readonly RateLimit[];
  /** Clock in ms, for tests. Default `performance.now()` (sub-millisecond, so no grant comes early). */
  now?: () => number;
  /** Called when an `acquire` has to wait, with the expected wait. */
  onWait?: (delayMs: number) => void;
}

export const ALTEGIO_RATE_LIMITS: readonly RateLimit[] = Object.freeze([
  Object.freeze({ requests: 5, perMs: 1_000 }),
  Object.freeze({ requests: 200, perMs: 60_000 }),
]);

interface Waiter {
  resolve(release: () => void): void;
  reject(error: unknown): void;
  detach(): void;
}

function validateLimits(limits: readonly RateLimit[]): readonly RateLimit[] {
  if (limits.length === 0) throw new RangeError("createRateLimiter: limits must not be empty");
  for (const { requests, perMs } of limits) {
    if (!Number.isInteger(requests) || requests < 1 || !Number.isFinite(perMs) || perMs <= 0) {
      throw new RangeError(`createRateLimiter: invalid limit ${requests} per ${perMs} ms`);
    }
  }
  return limits.map((limit) => ({ ...limit }));
}

/**
 * Milliseconds until one more request fits every window, given the (ascending) request times.
 * A request at `t` stops counting at `t + perMs`.
 */
function delayUntilFree(grants: readonly number[], limits: readonly RateLimit[], at: number): number {
  let delay = 0;
  for (const { requests, perMs } of limits) {
    const inWindow = grants.filter((time) => time > at - perMs);
    if (inWindow.length >= requests) {
      const oldestThatMustExpire = inWindow[inWindow.length - requests] ?? at;
      delay = Math.max(delay, oldestThatMustExpire + perMs - at);
    }
  }
  return delay;
}

/** In-process limiter: FIFO, abortable waits (an aborted waiter leaves the queue and frees its turn). */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const limits = validateLimits(options.limits ?? ALTEGIO_RATE_LIMITS);
  const now = options.now ?? (() => performance.now());
  const longestWindow = Math.max(...limits.map((limit) => limit.perMs));
  /** Ascending times requests count from: their grant, or their release once released. */
  const grants: number[] = [];
  const queue: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const prune = (at: number): void => {
    while (grants.length > 0 && (grants[0] ?? at) <= at - longestWindow) grants.shift();
  };

  /** Expected wait of the waiter at `position` if nobody ahead of it leaves the queue. */
  const expectedDelay = (position: number): number => {
    const start = now();
    const simulated = [...grants];
    let at = start;
    for (let index = 0; index <= position; index++) {
      at += delayUntilFree(simulated, limits, at);
      simulated.push(at);
    }
    return at - start;
  };

  const pump = (): void => {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length > 0) {
      const at = now();
      prune(at);
      const delay = delayUntilFree(grants, limits, at);
      if (delay > 0) {
        timer = setTimeout(pump, Math.ceil(delay));
        return;
      }
      grants.push(at);
      const waiter = queue.shift();
      waiter?.detach();
      waiter?.resolve(releaseOf(at));
    }
  };

  /** Moves a request from its grant time to now; it can only make later grants wait longer. */
  const releaseOf = (grantedAt: number) => {
    let released = false;
    return (): void => {
      if (released) return;
      released = true;
      const index = grants.indexOf(grantedAt);
      if (index !== -1) grants.splice(index, 1);
      const at = now();
      let position = grants.length;
      while (position > 0 && (grants[position - 1] ?? at) > at) position--;
      grants.splice(position, 0, at);
    };
  };

  const notifyWait = (delayMs: number): void => {
    try {
      options.onWait?.(delayMs);
    } catch {
      // an observer must not break the queue
    }
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new AltegioAbortError({ cause: signal.reason }));
      return new Promise<() => void>((resolve, reject) => {
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index === -1) return;
          queue.splice(index, 1);
          reject(new AltegioAbortError({ cause: signal?.reason }));
          if (index === 0) pump();
        };
        const waiter: Waiter = {
          resolve,
          reject,
          detach: () => signal?.removeEventListener("abort", onAbort),
        };
        queue.push(waiter);
        if (queue.length === 1) pump();
        if (queue.includes(waiter)) {
          signal?.addEventListener("abort", onAbort, { once: true });
          notifyWait(expectedDelay(queue.length - 1));
        }
      });
    },
  };
}

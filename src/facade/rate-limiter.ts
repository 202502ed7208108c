/**
 * Client-side rate limiting. Altegio allows 5 requests per second and 200 per minute per IP; the
 * default limiter keeps a sliding log of request times and never lets either window overflow.
 * The server counts a request when it arrives, which may lag its grant by a varying amount; a
 * request released by the transport therefore counts from when its response came back (always
 * after it arrived). One still in flight counts from its grant, so one that arrives late may share a
 * server window with later grants (the Redis limiter's arrival margin covers that; this one has none).
 *
 * Cost: O(number of windows) per acquire, grant and abort, whatever the queue length (waiters are a
 * linked list with tickets for their place in line).
 *
 * Timers and runtimes that tie I/O to a request (Cloudflare workerd): a request that waits must own
 * a pending timer (workerd cancels a request that waits on nothing of its own as hung, and cancels
 * a request's timers when it ends). So every waiter keeps a timer of its own, set from its own
 * context for its estimated turn; when it fires, the waiter grants whatever is due (itself or
 * those ahead of it) and sets a new one. A waiter that becomes first in line is also woken at once
 * through a promise it created in its own `acquire`, and sets a precise timer from there. No request
 * ever depends on a timer another request set, so a client kept across requests cannot hang.
 */
import { LONGEST_TIMER_MS, untilAborted } from "./abort.js";
import { AltegioAbortError } from "./errors.js";

/**
 * What `acquire` may resolve to: a function the transport calls once the request's response (or
 * failure) came back, ending its slot. A limiter may set `waitedMs` on it: how long it made the
 * request wait (0 when it went at once). The transport then reports `onRateLimitWait` exactly when
 * `waitedMs > 0`; without it, the transport reports the time `acquire` took.
 */
export interface RateLimitRelease {
  (): void;
  readonly waitedMs?: number;
}

/**
 * Anything that can make a request wait for its turn. Resolve when the request may go; reject with
 * AltegioAbortError when `signal` aborts. Small on purpose, so a limiter shared by several processes
 * (Redis-backed, say) fits behind it. It may resolve to a release function (see `RateLimitRelease`).
 * The transport does not rely on a custom limiter honouring `signal`: an abort ends the request at
 * once, and a slot granted after that is released straight away. A release that throws is logged
 * (`logger.warn`) and does not fail the request.
 */
export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<void | RateLimitRelease>;
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
  /**
   * Called when an `acquire` has to wait, with the expected wait if nobody ahead leaves the queue.
   * Exact for a single window; with several windows it is a lower bound (the longest window's
   * turns are not simulated one by one, so the estimate stays O(1) per request).
   */
  onWait?: (delayMs: number) => void;
}

export const ALTEGIO_RATE_LIMITS: readonly RateLimit[] = Object.freeze([
  Object.freeze({ requests: 5, perMs: 1_000 }),
  Object.freeze({ requests: 200, perMs: 60_000 }),
]);

interface Waiter {
  readonly enqueuedAt: number;
  /** Place in line: the number of waiters ahead is at most `ticket - head.ticket`. */
  readonly ticket: number;
  readonly resolve: (release: RateLimitRelease) => void;
  /** Wakes the waiter in its own context once it is first in line (see the module comment). */
  wake: (() => void) | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  detach: () => void;
  prev: Waiter | null;
  next: Waiter | null;
  settled: boolean;
}

function validateLimits(limits: readonly RateLimit[]): readonly RateLimit[] {
  if (!Array.isArray(limits) || limits.length === 0) throw new RangeError("createRateLimiter: limits must be a non-empty array");
  // Copied first, so what is checked is what is used (a JavaScript caller may pass `null` or getters).
  const copies = limits.map((limit) => ({ ...limit }));
  for (const { requests, perMs } of copies) {
    if (!Number.isInteger(requests) || requests < 1 || !Number.isFinite(perMs) || perMs <= 0) {
      throw new RangeError(`createRateLimiter: invalid limit ${requests} per ${perMs} ms`);
    }
  }
  return copies;
}

/** Limiters made by `createRateLimiter`: they honour the signal, so the transport need not race them. */
const signalAware = new WeakSet<RateLimiter>();

/** In-process limiter: FIFO, abortable waits (an aborted waiter leaves the queue and frees its turn). */
const OPTION_NAMES = ["limits", "now", "onWait"];

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  // `{ requests, perMs }` in place of `{ limits: [...] }` would otherwise apply the defaults unnoticed.
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.includes(name)) {
      throw new RangeError(`createRateLimiter: unknown option ${JSON.stringify(name)}; limits go in { limits: [{ requests, perMs }] }`);
    }
  }
  const limits = validateLimits(options.limits ?? ALTEGIO_RATE_LIMITS);
  const now = options.now ?? (() => performance.now());
  const onWait = options.onWait;
  const longestWindow = Math.max(...limits.map((limit) => limit.perMs));
  /**
   * Ascending times requests count from: their grant, or their release once released. Only the
   * last `requests` entries of a window matter, and nothing older than the longest window is kept,
   * so its length is bounded by the limits, not by the number of callers.
   */
  const grants: number[] = [];
  let head: Waiter | null = null;
  let tail: Waiter | null = null;
  let waiting = 0;
  let tickets = 0;

  const prune = (at: number): void => {
    let expired = 0;
    while (expired < grants.length && (grants[expired] ?? at) <= at - longestWindow) expired++;
    if (expired > 0) grants.splice(0, expired);
  };

  /**
   * Milliseconds from `at` until the request with `ahead` requests queued before it may go, per
   * window on its own: in a window of R per P, turn k reuses the slot of turn k - R, P later.
   * Exact for one window (and for `ahead === 0`); a lower bound otherwise.
   */
  const delayAt = (at: number, ahead: number): number => {
    let delay = 0;
    for (const { requests, perMs } of limits) {
      const slot = grants[grants.length - requests + (ahead % requests)];
      const freedAt = Math.max(slot ?? -Infinity, at - perMs) + perMs * (Math.floor(ahead / requests) + 1);
      delay = Math.max(delay, freedAt - at);
    }
    return delay;
  };

  /** Moves a request from its grant time to now; it can only make later grants wait longer. */
  const releaseOf = (grantedAt: number, waitedMs: number): RateLimitRelease => {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      // Releases usually follow their grant closely, so the entry is near the end.
      const index = grants.lastIndexOf(grantedAt);
      if (index !== -1) grants.splice(index, 1);
      const at = now();
      let position = grants.length;
      while (position > 0 && (grants[position - 1] ?? at) > at) position--;
      grants.splice(position, 0, at);
    };
    return Object.assign(release, { waitedMs });
  };

  const unlink = (waiter: Waiter): void => {
    if (waiter.prev) waiter.prev.next = waiter.next;
    else head = waiter.next;
    if (waiter.next) waiter.next.prev = waiter.prev;
    else tail = waiter.prev;
    waiter.prev = waiter.next = null;
    waiter.settled = true;
    waiting--;
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    waiter.timer = undefined;
    waiter.detach();
  };

  /** Grants from the front while every window has room; wakes whoever is first in line after that. */
  const pump = (): void => {
    const first = head;
    while (head !== null) {
      const at = now();
      prune(at);
      if (delayAt(at, 0) > 0) break;
      const waiter = head;
      grants.push(at);
      unlink(waiter);
      waiter.resolve(releaseOf(at, at - waiter.enqueuedAt));
    }
    if (head !== null && head !== first) head.wake?.();
  };

  /**
   * Runs in the waiter's own context: grants what is due, then sets the waiter's own timer for its
   * turn (exact when it is first in line, an estimate from its ticket otherwise).
   */
  const arm = (waiter: Waiter): void => {
    if (waiter.settled) return;
    pump();
    if (waiter.settled || head === null) return;
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    const delay = delayAt(now(), waiter.ticket - head.ticket);
    waiter.timer = setTimeout(
      () => {
        waiter.timer = undefined;
        arm(waiter);
      },
      // A longer timer would fire after 1 ms; this one fires early and re-arms.
      Math.min(Math.max(1, Math.ceil(delay)), LONGEST_TIMER_MS),
    );
  };

  const limiter: RateLimiter = {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new AltegioAbortError({ cause: signal.reason }));
      const at = now();
      prune(at);
      if (head === null && delayAt(at, 0) <= 0) {
        grants.push(at);
        return Promise.resolve(releaseOf(at, 0));
      }
      const expected = onWait ? delayAt(at, waiting) : 0;
      if (onWait && expected > 0) {
        try {
          onWait(expected);
        } catch {
          // an observer must not break the queue
        }
      }
      return new Promise<RateLimitRelease>((resolve, reject) => {
        const onAbort = (): void => {
          if (waiter.settled) return;
          const wasFirst = head === waiter;
          unlink(waiter);
          reject(new AltegioAbortError({ cause: signal?.reason }));
          if (wasFirst) head?.wake?.();
        };
        const waiter: Waiter = {
          enqueuedAt: at,
          ticket: tickets++,
          resolve,
          wake: undefined,
          timer: undefined,
          detach: () => signal?.removeEventListener("abort", onAbort),
          prev: tail,
          next: null,
          settled: false,
        };
        if (tail) tail.next = waiter;
        else head = waiter;
        tail = waiter;
        waiting++;
        signal?.addEventListener("abort", onAbort, { once: true });
        if (head !== waiter) {
          // Created here so that its continuation (and the timer it sets) belongs to this request.
          new Promise<void>((wake) => {
            waiter.wake = wake;
          }).then(() => arm(waiter));
        }
        arm(waiter);
      });
    },
  };
  signalAware.add(limiter);
  return limiter;
}

/**
 * `limiter.acquire(signal)`, settled as soon as `signal` aborts even when a custom limiter ignores
 * it; a slot granted after the abort is released at once, so it is not held for nothing.
 */
export function acquireUnlessAborted(limiter: RateLimiter, signal: AbortSignal): Promise<void | RateLimitRelease> {
  const acquiring = limiter.acquire(signal);
  if (signalAware.has(limiter)) return acquiring;
  // A JavaScript limiter may return nothing (go at once), as it may when awaited.
  return untilAborted(
    acquiring,
    signal,
    () => new AltegioAbortError({ cause: signal.reason }),
    (release) => {
      if (typeof release !== "function") return;
      try {
        release();
      } catch {
        // nobody waits for this slot any more
      }
    },
  );
}

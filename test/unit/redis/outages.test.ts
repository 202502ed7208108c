import { describe, expect, it } from "vitest";
import type { RateLimiter } from "../../../src/facade/rate-limiter.js";
import { AltegioRateLimiterUnavailableError } from "../../../src/facade/errors.js";
import { createRedisRateLimiter } from "../../../src/redis/index.js";

type Reply = unknown[] | Error | "hang";

/**
 * A Redis client (node-redis shape) that answers the grant script with `replies` in turn and the
 * release script with 1.
 */
class ScriptedRedis {
  readonly isReady = true;
  grantCalls = 0;
  constructor(private readonly replies: Reply[]) {}
  eval(script: string): Promise<unknown> {
    if (!script.includes("ZCOUNT")) return Promise.resolve(1);
    this.grantCalls++;
    const reply = this.replies.shift() ?? "hang";
    if (reply === "hang") return new Promise(() => undefined);
    return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("createRedisRateLimiter during Redis outages", () => {
  it("leaves no timer behind once the last waiter aborts (a sleep for the window would hold the process)", async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
    const limiter = createRedisRateLimiter({
      redis: new ScriptedRedis([
        [1, 1],
        [2, 60_000],
      ]),
    });
    await limiter.acquire();
    const before = timers();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal).catch(() => "aborted");
    await tick();
    expect(timers()).toBe(before + 1); // sleeping for the minute window
    controller.abort();
    expect(await waiting).toBe("aborted");
    await tick();
    expect(timers()).toBe(before);
  });

  it("takes a commandTimeoutMs beyond what setTimeout holds as a long timeout, not as none at all", async () => {
    const outages: unknown[] = [];
    const slow = new ScriptedRedis([]);
    slow.eval = () => new Promise((resolve) => setTimeout(() => resolve([1, 1]), 20));
    const limiter = createRedisRateLimiter({
      redis: slow,
      commandTimeoutMs: 2 ** 31,
      unavailableTimeoutMs: 500,
      onUnavailable: (error) => outages.push(error),
    });
    await limiter.acquire();
    expect(outages).toEqual([]);
  });

  it("fail-closed: one failed call does not fail requests that were waiting for the window, not for Redis", async () => {
    // grant, then "wait 300 ms", then one failure, then Redis answers again
    const redis = new ScriptedRedis([[1, 1], [2, 300], new Error("blip"), [1, 2]]);
    const limiter = createRedisRateLimiter({ redis, unavailableTimeoutMs: 200, retryIntervalMs: 10 });
    await limiter.acquire();
    // waited ~300 ms for the window, then Redis was down for one call: far less than 200 ms of outage
    await expect(limiter.acquire()).resolves.toBeTypeOf("function");
    expect(redis.grantCalls).toBe(4);
  });

  it("fail-open: a Redis that does not answer holds the queue for one command timeout, not one per request", async () => {
    const redis = new ScriptedRedis(["hang"]);
    let fallbackGrants = 0;
    const limiter = createRedisRateLimiter({
      redis,
      whenUnavailable: "fail-open",
      commandTimeoutMs: 100,
      fallback: { acquire: async () => void fallbackGrants++ },
    });
    const acquires = [limiter.acquire(), limiter.acquire(), limiter.acquire(), limiter.acquire()];
    await acquires[0];
    await tick();
    expect(fallbackGrants).toBe(4);
    await Promise.all(acquires);
    expect(redis.grantCalls).toBe(1);
  });

  it("fail-closed: a request fails when it has waited unavailableTimeoutMs, not when a hanging call times out after that", async () => {
    const redis = new ScriptedRedis([]); // never answers
    const limiter = createRedisRateLimiter({ redis, commandTimeoutMs: 1_000, unavailableTimeoutMs: 1_200, retryIntervalMs: 100 });
    const started = performance.now();
    const error = await limiter.acquire().catch((thrown: unknown) => thrown);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(AltegioRateLimiterUnavailableError);
    expect((error as AltegioRateLimiterUnavailableError).waitedMs).toBeGreaterThanOrEqual(1_200);
    // The second call (from 1 100 ms) would only time out at 2 100 ms.
    expect(elapsed).toBeLessThan(1_800);
    expect(redis.grantCalls).toBe(2);
  });

  it("fail-open: once Redis is known to be down, requests use the fallback at once, and go back to Redis when a probe answers", async () => {
    const redis = new ScriptedRedis(["hang", [1, 1]]);
    let fallbackGrants = 0;
    const limiter = createRedisRateLimiter({
      redis,
      whenUnavailable: "fail-open",
      commandTimeoutMs: 300,
      retryIntervalMs: 50,
      fallback: { acquire: async () => void fallbackGrants++ },
    });
    await limiter.acquire(); // waits out one command timeout, then the fallback
    const started = performance.now();
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(performance.now() - started).toBeLessThan(150);
    expect({ fallbackGrants, grantCalls: redis.grantCalls }).toEqual({ fallbackGrants: 4, grantCalls: 1 });
    await new Promise((resolve) => setTimeout(resolve, 80));
    await limiter.acquire(); // past retryIntervalMs: goes to the fallback and probes Redis, which answers
    await tick();
    const release = await limiter.acquire(); // Redis again: the grant script's [1, 1]
    expect({ fallbackGrants, grantCalls: redis.grantCalls }).toEqual({ fallbackGrants: 5, grantCalls: 2 });
    expect(release).toBeTypeOf("function");
  });

  it("fail-open: a fallback that returns no promise or throws settles the request (no hang, no unhandled rejection)", async () => {
    const boom = new Error("fallback broke");
    const settle = (limiter: RateLimiter) =>
      Promise.race([
        limiter.acquire().then(
          () => "resolved",
          (error: unknown) => error,
        ),
        new Promise((resolve) => setTimeout(() => resolve("hung"), 1_000)),
      ]);
    const plain = createRedisRateLimiter({
      redis: new ScriptedRedis([new Error("down")]),
      whenUnavailable: "fail-open",
      fallback: { acquire: () => undefined } as unknown as RateLimiter,
    });
    expect(await settle(plain)).toBe("resolved");
    const throwing = createRedisRateLimiter({
      redis: new ScriptedRedis([new Error("down")]),
      whenUnavailable: "fail-open",
      fallback: {
        acquire: () => {
          throw boom;
        },
      },
    });
    expect(await settle(throwing)).toBe(boom);
  });
});

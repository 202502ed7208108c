import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { startRedisServer, type RedisServer } from "../../../bench/lib/redis-server.js";
import { AltegioAbortError, AltegioError } from "../../../src/facade/errors.js";
import type { RateLimiter } from "../../../src/facade/rate-limiter.js";
import { AltegioRateLimiterUnavailableError, createRedisRateLimiter } from "../../../src/redis/index.js";
import { rejectionOf } from "../../helpers/rejection.js";
import { freePort } from "../../helpers/free-port.js";

function unreachableRedis(port: number): Redis {
  const redis = new Redis({ host: "127.0.0.1", port, retryStrategy: () => 100, maxRetriesPerRequest: 1 });
  redis.on("error", () => undefined);
  return redis;
}

describe("createRedisRateLimiter against a real redis-server", () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis({ host: "127.0.0.1", port: server.port });
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  const limiterWith = (key: string, extra: Partial<Parameters<typeof createRedisRateLimiter>[0]> = {}): RateLimiter =>
    createRedisRateLimiter({ redis, key, limits: [{ requests: 2, perMs: 1_000 }], arrivalMarginMs: 0, ...extra });

  it("grants up to the limit at once, then makes the next wait for the window", async () => {
    const limiter = limiterWith(`test:${Date.now()}:burst`);
    const started = performance.now();
    const grantedAfter = async (): Promise<number> => {
      await limiter.acquire();
      return performance.now() - started;
    };
    const grants = (await Promise.all([grantedAfter(), grantedAfter(), grantedAfter()])).sort((a, b) => a - b);
    // load can only delay grants; the third must come a whole window after the first
    const [first = 0, , third = 0] = grants;
    expect(third - first).toBeGreaterThanOrEqual(950);
  });

  it("shares the windows between limiters (processes) on the same key", async () => {
    const key = `test:${Date.now()}:shared`;
    const [a, b] = [limiterWith(key), limiterWith(key)];
    await a.acquire();
    await b.acquire();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    expect(await rejectionOf(a.acquire(controller.signal))).toBeInstanceOf(AltegioAbortError);
  });

  it("lets an aborted waiter leave the queue without holding up the ones behind it", async () => {
    const limiter = limiterWith(`test:${Date.now()}:abort`, { limits: [{ requests: 1, perMs: 600 }] });
    await limiter.acquire();
    const controller = new AbortController();
    const first = limiter.acquire(controller.signal);
    const second = limiter.acquire();
    controller.abort();
    expect(await rejectionOf(first)).toBeInstanceOf(AltegioAbortError);
    await second; // granted once the window allows, although the waiter ahead of it left
    expect(await rejectionOf(limiter.acquire(AbortSignal.abort()))).toBeInstanceOf(AltegioAbortError);
  });

  it("resolves to a release that moves the grant to the response (the next grant counts from there)", async () => {
    const limiter = limiterWith(`test:${Date.now()}:release`, { limits: [{ requests: 1, perMs: 400 }] });
    const release = await limiter.acquire();
    if (typeof release !== "function") throw new Error("expected a release function");
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await limiter.acquire();
    // without the release the window would end 400 ms after the grant (~50 ms from here); with it, ~350 ms
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  const oneEvery = [{ requests: 1, perMs: 1_000 }];

  it("keeps each limiter's own limits when two limiters share one ioredis client", async () => {
    const tight = createRedisRateLimiter({ redis, key: `limits:${Date.now()}:tight`, limits: oneEvery, arrivalMarginMs: 0 });
    createRedisRateLimiter({ redis, key: `limits:${Date.now()}:loose` }); // 5 per second
    await tight.acquire();
    // the second grant of 1 per second must wait about a second, not go at once
    expect(await rejectionOf(tight.acquire(AbortSignal.timeout(300)))).toBeInstanceOf(AltegioAbortError);
  });

  it("keeps a longer window of another limiter on the same key (its entries are neither pruned nor expired)", async () => {
    const key = `limits:${Date.now()}:mixed`;
    const slow = createRedisRateLimiter({ redis, key, limits: [{ requests: 2, perMs: 3_000 }], arrivalMarginMs: 0 });
    const fast = createRedisRateLimiter({ redis, key, limits: [{ requests: 10, perMs: 30 }], arrivalMarginMs: 0 });
    await slow.acquire();
    await new Promise((resolve) => setTimeout(resolve, 40));
    const release = await fast.acquire(); // its 30 ms window no longer holds slow's grant
    if (typeof release === "function") release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await redis.pttl(key)).toBeGreaterThan(2_000);
    // slow's 3 s window holds two grants (its own and fast's): the next must wait
    expect(await rejectionOf(slow.acquire(AbortSignal.timeout(200)))).toBeInstanceOf(AltegioAbortError);
  });

  // rate-limiter-flexible took node-redis v5 and later (whose class is no longer named Commander) for ioredis.
  it("works with a node-redis client of v5 or later (grants, makes the next wait, releases)", async () => {
    const outages: unknown[] = [];
    const nodeRedis = createClient({ url: `redis://127.0.0.1:${server.port}` });
    await nodeRedis.connect();
    onTestFinished(() => void nodeRedis.quit().catch(() => undefined));
    const limiter = createRedisRateLimiter({
      redis: nodeRedis,
      key: `limits:${Date.now()}:node-redis`,
      limits: oneEvery,
      arrivalMarginMs: 0,
      unavailableTimeoutMs: 500,
      onUnavailable: (error) => outages.push(error),
    });
    const release = await limiter.acquire();
    expect(typeof release).toBe("function");
    expect(await rejectionOf(limiter.acquire(AbortSignal.timeout(300)))).toBeInstanceOf(AltegioAbortError);
    if (typeof release === "function") release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(outages).toEqual([]);
  });
});

describe("createRedisRateLimiter when Redis is unreachable", () => {
  it("fail-closed (default): waits, then fails with AltegioRateLimiterUnavailableError, and never sends", async () => {
    const redis = unreachableRedis(await freePort());
    try {
      const limiter = createRedisRateLimiter({ redis, unavailableTimeoutMs: 600, retryIntervalMs: 50 });
      const started = performance.now();
      const error = await rejectionOf(limiter.acquire());
      expect(error).toBeInstanceOf(AltegioRateLimiterUnavailableError);
      expect(error).toBeInstanceOf(AltegioError);
      expect(performance.now() - started).toBeGreaterThanOrEqual(550);
      expect((error as AltegioRateLimiterUnavailableError).waitedMs).toBeGreaterThanOrEqual(550);
    } finally {
      redis.disconnect();
    }
  });

  it("fail-open: falls back to the per-process limiter and reports the outage", async () => {
    const redis = unreachableRedis(await freePort());
    const outages: unknown[] = [];
    let fallbackGrants = 0;
    try {
      const limiter = createRedisRateLimiter({
        redis,
        whenUnavailable: "fail-open",
        fallback: { acquire: async () => void fallbackGrants++ },
        onUnavailable: (error) => outages.push(error),
      });
      await Promise.all([limiter.acquire(), limiter.acquire()]);
      expect(fallbackGrants).toBe(2);
      expect(outages.length).toBeGreaterThanOrEqual(1);
    } finally {
      redis.disconnect();
    }
  });

  it("rejects unusable options at set-up", async () => {
    const redis = unreachableRedis(await freePort());
    try {
      expect(() => createRedisRateLimiter({ redis, limits: [] })).toThrow(RangeError);
      expect(() => createRedisRateLimiter({ redis, limits: [{ requests: 1.5, perMs: 10 }] })).toThrow(RangeError);
      expect(() => createRedisRateLimiter({ redis, arrivalMarginMs: -1 })).toThrow(RangeError);
      expect(() => createRedisRateLimiter({ redis: {} })).toThrow(TypeError);
    } finally {
      redis.disconnect();
    }
  });
});

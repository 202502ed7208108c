/**
 * A user's shared limiter from altegio-sdk/redis with ioredis installed beside the package. Redis is
 * not running here: fail-open must hand the requests to the fallback, fail-closed must fail with the
 * typed error. (The real multi-process test runs in the repository.)
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { AltegioError, createAltegioClient, type RateLimiter } from "altegio-sdk";
import { AltegioRateLimiterUnavailableError, createRedisRateLimiter } from "altegio-sdk/redis";

const redis = new Redis({ host: "127.0.0.1", port: 1, lazyConnect: true, retryStrategy: () => null });
redis.on("error", () => undefined);
let fallbackGrants = 0;
const fallback: RateLimiter = { acquire: async () => void fallbackGrants++ };

const open = createRedisRateLimiter({ redis, whenUnavailable: "fail-open", fallback });
await open.acquire();
assert.equal(fallbackGrants, 1);

const closed = createRedisRateLimiter({ redis, unavailableTimeoutMs: 100, retryIntervalMs: 20 });
const error = await closed.acquire().then(
  () => null,
  (rejection: unknown) => rejection,
);
assert.ok(error instanceof AltegioRateLimiterUnavailableError && error instanceof AltegioError, String(error));

// @ts-expect-error whenUnavailable is "fail-closed" or "fail-open"
createRedisRateLimiter({ redis, whenUnavailable: "retry" });
createAltegioClient({ partnerToken: "partner", rateLimit: closed });
redis.disconnect();
console.log("consumer: altegio-sdk/redis loads, fails open and closed as configured");

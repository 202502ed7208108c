/**
 * One process of the shared-limiter scenario (bench/redis-limiter.ts): `callers` concurrent loops
 * send requests through an SDK client whose limiter is altegio-sdk/redis, for `durationMs` from the
 * parent's "go" (stdin). Prints `{ ready: true }` once connected, then `{ sent, failures }` (by error name).
 */
import { Redis } from "ioredis";
import { AltegioAbortError, createAltegioClient } from "../src/index.js";
import { createRedisRateLimiter } from "../src/redis/index.js";
import type { RateLimit } from "../src/facade/rate-limiter.js";

interface WorkerConfig {
  redisPort: number;
  serverUrl: string;
  key: string;
  limits: RateLimit[];
  arrivalMarginMs: number;
  callers: number;
  durationMs: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
const redis = new Redis({
  host: "127.0.0.1",
  port: config.redisPort,
  retryStrategy: () => 50,
  maxRetriesPerRequest: 1,
  lazyConnect: false,
});
redis.on("error", () => undefined); // reconnects by itself; the limiter reports what matters
const altegio = createAltegioClient({
  partnerToken: "bench-partner-token",
  baseUrl: config.serverUrl,
  rateLimit: createRedisRateLimiter({ redis, key: config.key, limits: config.limits, arrivalMarginMs: config.arrivalMarginMs }),
  retry: false,
});

await redis.ping();
console.log(JSON.stringify({ ready: true }));
// Every process starts when the parent says "go" on stdin (they all load at different speeds).
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
const stop = new AbortController();
const timer = setTimeout(() => stop.abort(), config.durationMs);
let sent = 0;
const failures: Record<string, number> = {};
const caller = async (): Promise<void> => {
  while (!stop.signal.aborted) {
    try {
      const { response } = await altegio.v1.GET("/company/{location_id}", { params: { path: { location_id: 1 } }, signal: stop.signal });
      sent++;
      if (response.status !== 200) failures[`HTTP ${response.status}`] = (failures[`HTTP ${response.status}`] ?? 0) + 1;
    } catch (error) {
      if (error instanceof AltegioAbortError && stop.signal.aborted) break;
      const name = error instanceof Error ? error.name : String(error);
      failures[name] = (failures[name] ?? 0) + 1;
    }
  }
};
await Promise.all(Array.from({ length: config.callers }, caller));
clearTimeout(timer);
redis.disconnect();
console.log(JSON.stringify({ sent, failures }));

// Public entry point of altegio-sdk/redis: one rate limit shared by every process behind one IP.
export { createRedisRateLimiter, type RedisRateLimiterOptions } from "./redis-rate-limiter.js";
export { AltegioRateLimiterUnavailableError } from "../facade/errors.js";

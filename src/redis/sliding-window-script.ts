/**
 * The Lua script Redis runs for each attempt. Fixed windows would let twice the limit through
 * across a window edge (5 at 0.99 s and 5 at 1.01 s); Altegio's limits are per any second and any
 * minute, so the script keeps a sliding log instead: one sorted-set entry per grant, scored with
 * Redis's own clock (so process clocks do not matter), checked against every window atomically.
 * It answers `{2, wait in ms}` when not granted, `{1}` when granted. The grant's id (ARGV[1]) is
 * made by the client, unique per attempt, so the release script can move that grant to the moment
 * its response came back: a counter key would lie in another slot, which Redis Cluster refuses.
 */
import type { RateLimit } from "../facade/rate-limiter.js";

/**
 * How long entries must be kept: the longest window of any limiter on this key, which the sorted
 * set keeps as the score of its member `horizon` (far below any grant's time, so no window counts
 * it). Pruning or expiring by this limiter's own longest window would drop grants another limiter
 * with a longer window still counts.
 */
const keep = (longest: number): string => `local keep = math.max(${longest}, tonumber(redis.call('ZSCORE', KEYS[1], 'horizon')) or 0)`;

export function slidingWindowScript(limits: readonly RateLimit[], arrivalMarginMs: number): string {
  const spans = limits.map(({ requests, perMs }) => `{${requests}, ${perMs + arrivalMarginMs}}`).join(", ");
  const longest = Math.max(...limits.map(({ perMs }) => perMs)) + arrivalMarginMs;
  return `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local windows = {${spans}}
${keep(longest)}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '(' .. keep, now - keep)
local wait = 0
for _, window in ipairs(windows) do
  local since = '(' .. string.format('%.3f', now - window[2])
  local count = redis.call('ZCOUNT', KEYS[1], since, '+inf')
  if count >= window[1] then
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], since, '+inf', 'WITHSCORES', 'LIMIT', count - window[1], 1)
    wait = math.max(wait, tonumber(oldest[2]) + window[2] - now)
  end
end
if wait > 0 then return {2, math.ceil(wait)} end
redis.call('ZADD', KEYS[1], now, ARGV[1], keep, 'horizon')
redis.call('PEXPIRE', KEYS[1], math.ceil(keep))
return {1}
`;
}

/**
 * Counts grant ARGV[1] from now on, as the in-process limiter does once a response is back: the
 * server counted the request when it arrived, which is never later than this. Re-adds it if it
 * expired meanwhile (a slow response), which can only make later grants wait longer.
 */
export function releaseScript(limits: readonly RateLimit[], arrivalMarginMs: number): string {
  const longest = Math.max(...limits.map(({ perMs }) => perMs)) + arrivalMarginMs;
  return `
local time = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000, ARGV[1])
${keep(longest)}
redis.call('PEXPIRE', KEYS[1], math.ceil(keep))
return 1
`;
}

import { describe, expect, it } from "vitest";
import { measureSharedLimiter, SCALED_SCENARIO, SHARED_LIMITER_RUN_MS } from "../../../bench/redis-limiter.js";

/**
 * Four Node processes share one altegio-sdk/redis limiter through a real redis-server (started and
 * stopped by the harness) and saturate a local server that enforces the same sliding windows and
 * answers 429 beyond them. Windows are Altegio's shape scaled to 5 per 500 ms and 40 per 6 s.
 */
describe("altegio-sdk/redis across processes", () => {
  const durationMs = SHARED_LIMITER_RUN_MS;

  it("keeps 4 processes under both windows (0 × 429) at ≥ 90% of the allowed rate", async () => {
    const result = await measureSharedLimiter({ ...SCALED_SCENARIO, durationMs });
    expect({ rejected: result.rejected, failures: result.failures }).toEqual({ rejected: 0, failures: {} });
    expect(result.sent / result.allowed).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it("still sends nothing over the limit and does not hang when Redis restarts mid-run", async () => {
    const result = await measureSharedLimiter({ ...SCALED_SCENARIO, durationMs, restartAtMs: durationMs / 2, restartDownMs: 300 });
    expect({ rejected: result.rejected, failures: result.failures }).toEqual({ rejected: 0, failures: {} });
    expect(result.sent / result.allowed).toBeGreaterThanOrEqual(0.9);
    // the callers stop at durationMs + 300 ms; a process stuck on Redis would report much later
    expect(result.slowestWorkerMs).toBeLessThan(durationMs + 10_000);
  }, 120_000);
});

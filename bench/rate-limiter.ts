/**
 * Rate limiter accuracy: many callers saturate an SDK client whose limiter is set to a short-window
 * copy of Altegio's limits, against a server enforcing the same limits on arrival time. Measured:
 * requests that reached the server within the run vs the most the limits allow in that time (how
 * close to the configured rate the limiter lets callers go), and how many the server refused (429).
 */
import { AltegioAbortError, createAltegioClient, type RateLimit } from "../src/index.js";
import { startBenchServer } from "./lib/bench-server.js";
import { row, type BenchResult } from "./lib/report.js";

export interface RateLimiterBenchOptions {
  /** Altegio's shape (a short and a long window), scaled down so a run takes seconds. */
  readonly limits: readonly RateLimit[];
  readonly durationMs: number;
  readonly callers: number;
}

/** How many requests an ideal limiter grants in [0, durationMs), starting with empty windows. */
export function maxGrantsWithin(limits: readonly RateLimit[], durationMs: number): number {
  const grants: number[] = [];
  let at = 0;
  for (;;) {
    let next = at;
    for (const { requests, perMs } of limits) {
      const inWindow = grants.filter((time) => time > next - perMs);
      if (inWindow.length >= requests) next = Math.max(next, inWindow[inWindow.length - requests]! + perMs);
    }
    if (next >= durationMs) return grants.length;
    grants.push(next);
    at = next;
  }
}

function describeLimits(limits: readonly RateLimit[]): string {
  return limits.map(({ requests, perMs }) => `${requests}/${perMs >= 1000 ? `${perMs / 1000} s` : `${perMs} ms`}`).join(" + ");
}

interface ServerStats {
  arrivals: number[];
  rejected: number;
}

export async function runRateLimiterBench(options: RateLimiterBenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const server = await startBenchServer({ mode: "limited", limits: options.limits });
  try {
    const altegio = createAltegioClient({
      partnerToken: "bench-partner-token",
      baseUrl: server.url,
      rateLimit: { limits: options.limits },
      // A 429 must reach the count, not be retried away.
      retry: false,
    });
    const stop = new AbortController();
    const caller = async (): Promise<void> => {
      while (!stop.signal.aborted) {
        try {
          await altegio.v1.GET("/company/{location_id}", { params: { path: { location_id: 1 } }, signal: stop.signal });
        } catch (error) {
          if (!(error instanceof AltegioAbortError)) throw error;
        }
      }
    };
    const callers = Array.from({ length: options.callers }, caller);
    // Run past the measured window so the limiter is still saturated at its end.
    const timer = setTimeout(() => stop.abort(), options.durationMs + 250);
    await Promise.all(callers).finally(() => clearTimeout(timer));

    const stats = (await server.getJson("/__stats")) as ServerStats;
    const first = stats.arrivals[0] ?? 0;
    const withinWindow = stats.arrivals.filter((time) => time < first + options.durationMs).length;
    const allowed = maxGrantsWithin(options.limits, options.durationMs);
    const title = `Rate limiter, ${describeLimits(options.limits)}, ${options.callers} callers, ${options.durationMs / 1000} s`;
    return {
      name: "rate-limiter",
      durationMs: performance.now() - started,
      rows: [
        row(
          `${title}: achieved vs allowed`,
          { label: "sent", value: withinWindow, unit: "req" },
          { label: "limits allow", value: allowed, unit: "req" },
          { on: "ratio", op: ">=", limit: 0.95 },
        ),
        row(
          `${title}: 429 answers`,
          { label: "429s", value: stats.rejected, unit: "" },
          { label: "requests", value: stats.arrivals.length, unit: "" },
          { on: "value", op: "<=", limit: 0 },
        ),
      ],
    };
  } finally {
    await server.close();
  }
}

/**
 * The shared rate limit (altegio-sdk/redis) across processes: N Node processes, each with its own
 * SDK client and callers, share one limiter through a real redis-server and saturate a server that
 * enforces the same sliding windows on arrival time and counts every arrival. Optionally Redis is
 * restarted in the middle. Measured: arrivals in the run vs the most the limits allow, and 429s.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { REPO_ROOT } from "../scripts/lib/bundles.js";
import type { RateLimit } from "../src/facade/rate-limiter.js";
import { startBenchServer } from "./lib/bench-server.js";
import { startRedisServer } from "./lib/redis-server.js";
import { row, type BenchResult } from "./lib/report.js";
import { maxGrantsWithin } from "./rate-limiter.js";

export interface SharedLimiterScenario {
  processes: number;
  callersPerProcess: number;
  limits: readonly RateLimit[];
  durationMs: number;
  arrivalMarginMs: number;
  /** Restart Redis this long after the start (down for `restartDownMs`). */
  restartAtMs?: number;
  restartDownMs?: number;
}

export interface SharedLimiterResult {
  /** Arrivals within `durationMs` of the first one. */
  sent: number;
  allowed: number;
  rejected: number;
  arrivals: number;
  /** Errors the callers saw, by name (none expected). */
  failures: Record<string, number>;
  /** Longest time from "go" until a worker reported, against `durationMs`: a hang shows here. */
  slowestWorkerMs: number;
}

interface Worker {
  ready: Promise<void>;
  report: Promise<{ sent: number; failures: Record<string, number> }>;
  go(): void;
  kill(): void;
}

function startWorker(config: Record<string, unknown>): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "bench", "redis-worker.ts"), JSON.stringify(config)], {
    cwd: REPO_ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const lines = createInterface({ input: child.stdout });
  const messages: unknown[] = [];
  let notify: (() => void) | undefined;
  lines.on("line", (line) => {
    try {
      messages.push(JSON.parse(line));
      notify?.();
    } catch {
      // not a report line
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const nth = (index: number): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (messages.length > index) resolve(messages[index]);
      };
      const previous = notify;
      notify = () => {
        previous?.();
        check();
      };
      check();
      void exited.then((code) => reject(new Error(`redis worker exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`)));
    });
  return {
    ready: nth(0).then(() => undefined),
    report: nth(1) as Promise<{ sent: number; failures: Record<string, number> }>,
    go: () => child.stdin.end("go\n"),
    kill: () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

export async function measureSharedLimiter(scenario: SharedLimiterScenario): Promise<SharedLimiterResult> {
  const [redis, server] = await Promise.all([startRedisServer(), startBenchServer({ mode: "limited", limits: scenario.limits })]);
  const workers: Worker[] = [];
  try {
    const config = {
      redisPort: redis.port,
      serverUrl: server.url,
      key: `bench:${process.pid}:${Date.now()}`,
      limits: scenario.limits,
      arrivalMarginMs: scenario.arrivalMarginMs,
      callers: scenario.callersPerProcess,
      // Past the measured window, so the limiter is still saturated at its end.
      durationMs: scenario.durationMs + 300,
    };
    for (let index = 0; index < scenario.processes; index++) workers.push(startWorker(config));
    await Promise.all(workers.map((worker) => worker.ready));
    const started = performance.now();
    for (const worker of workers) worker.go();
    const restarted =
      scenario.restartAtMs === undefined
        ? Promise.resolve()
        : new Promise((resolve) => setTimeout(resolve, scenario.restartAtMs)).then(() => redis.restart(scenario.restartDownMs ?? 300));
    let slowestWorkerMs = 0;
    const reports = await Promise.all(
      workers.map((worker) =>
        worker.report.then((report) => {
          slowestWorkerMs = Math.max(slowestWorkerMs, performance.now() - started);
          return report;
        }),
      ),
    );
    await restarted;
    const stats = (await server.getJson("/__stats")) as { arrivals: number[]; rejected: number };
    const first = stats.arrivals[0] ?? 0;
    const failures: Record<string, number> = {};
    for (const report of reports) {
      for (const [name, count] of Object.entries(report.failures)) failures[name] = (failures[name] ?? 0) + count;
    }
    return {
      sent: stats.arrivals.filter((time) => time < first + scenario.durationMs).length,
      allowed: maxGrantsWithin(scenario.limits, scenario.durationMs),
      rejected: stats.rejected,
      arrivals: stats.arrivals.length,
      failures,
      slowestWorkerMs,
    };
  } finally {
    for (const worker of workers) worker.kill();
    await Promise.all([redis.stop(), server.close()]);
  }
}

/**
 * Altegio's shape scaled down so a run takes seconds: the long window allows two thirds of the
 * short window's rate, as 200/min does of 5/s. The margin is 40% of the short window (250 ms is 25%
 * of Altegio's second): on a loaded 2-core machine a process can stall that long between its grant
 * and its request reaching the server.
 */
export const SCALED_SCENARIO = {
  processes: 4,
  callersPerProcess: 4,
  limits: [
    { requests: 5, perMs: 500 },
    { requests: 40, perMs: 6_000 },
  ],
  arrivalMarginMs: 200,
} as const satisfies Omit<SharedLimiterScenario, "durationMs">;

/** Two long windows, ending between two trains of bursts (the second ideally ends at 9.5 s, with the margin at about 11 s). */
export const SHARED_LIMITER_RUN_MS = 11_900;

export async function runRedisLimiterBench(quick: boolean): Promise<BenchResult> {
  const started = performance.now();
  // Ends between two bursts of grants, so a few ms of jitter cannot move a burst across the end.
  const durationMs = quick ? SHARED_LIMITER_RUN_MS : 2 * SHARED_LIMITER_RUN_MS + 100;
  const restart = await measureSharedLimiter({ ...SCALED_SCENARIO, durationMs, restartAtMs: durationMs / 2, restartDownMs: 300 });
  // Quick mode (CI) runs the restart only: its first half is the steady state.
  const steady = quick ? null : await measureSharedLimiter({ ...SCALED_SCENARIO, durationMs });
  const title = `Redis-shared limiter, 4 processes × 4 callers, 5/500 ms + 40/6 s, ${durationMs / 1000} s`;
  const variants: [SharedLimiterResult, string][] = [
    ...(steady ? ([[steady, ""]] as [SharedLimiterResult, string][]) : []),
    [restart, ", Redis restarted mid-run (down 300 ms)"],
  ];
  const rows = variants.flatMap(([measured, variant]) => [
    row(
      `${title}${variant}: achieved vs allowed`,
      { label: "sent", value: measured.sent, unit: "req" },
      { label: "limits allow", value: measured.allowed, unit: "req" },
      { on: "ratio", op: ">=", limit: 0.9 },
    ),
    row(
      `${title}${variant}: 429 answers`,
      { label: "429s", value: measured.rejected, unit: "" },
      { label: "requests", value: measured.arrivals, unit: "" },
      { on: "value", op: "<=", limit: 0 },
    ),
  ]);
  return { name: "redis-limiter", durationMs: performance.now() - started, rows };
}

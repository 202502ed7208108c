/**
 * Rate limiter queue cost: CPU time to queue many acquires behind a full window, and to abort them
 * all, against the same number of bare abortable waits (a pending promise with an abort listener,
 * rejected with an Error) in the same round. Rounds alternate which side goes first; the table shows
 * the median of each side and the median of the per-round ratios.
 */
import { createRateLimiter } from "../src/index.js";
import { row, type BenchResult } from "./lib/report.js";
import { median } from "./lib/stats.js";

export interface RateLimiterQueueBenchOptions {
  readonly acquires: number;
  readonly rounds: number;
}

interface Sample {
  readonly queueMs: number;
  readonly abortMs: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1_000;
}

async function measure(count: number, wait: (signal: AbortSignal) => Promise<unknown>): Promise<Sample> {
  const controllers = Array.from({ length: count }, () => new AbortController());
  const queueStarted = process.cpuUsage();
  const waits = controllers.map((controller) => wait(controller.signal).catch(() => "aborted"));
  const queueMs = cpuMs(queueStarted);
  const abortStarted = process.cpuUsage();
  for (const controller of controllers) controller.abort();
  const outcomes = await Promise.all(waits);
  const abortMs = cpuMs(abortStarted);
  if (outcomes.some((outcome) => outcome !== "aborted")) throw new Error("a queued acquire was granted instead of aborted");
  return { queueMs, abortMs };
}

const bareWait = (signal: AbortSignal): Promise<void> =>
  new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));

async function sdkSample(count: number): Promise<Sample> {
  // A full window: every acquire below queues (one per minute, taken by the first call).
  const limiter = createRateLimiter({ limits: [{ requests: 1, perMs: 60_000 }] });
  await limiter.acquire();
  return measure(count, (signal) => limiter.acquire(signal));
}

export async function runRateLimiterQueueBench(options: RateLimiterQueueBenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const sdk: Sample[] = [];
  const bare: Sample[] = [];
  await sdkSample(options.acquires);
  await measure(options.acquires, bareWait);
  for (let round = 0; round < options.rounds; round++) {
    globalThis.gc?.();
    if (round % 2 === 0) {
      sdk.push(await sdkSample(options.acquires));
      bare.push(await measure(options.acquires, bareWait));
    } else {
      bare.push(await measure(options.acquires, bareWait));
      sdk.push(await sdkSample(options.acquires));
    }
  }
  const title = `Rate limiter, ${options.acquires.toLocaleString("en-US")} queued acquires`;
  const ratio = (pick: (sample: Sample) => number) => median(sdk.map((sample, index) => pick(sample) / pick(bare[index]!)));
  const queueRatio = ratio((sample) => sample.queueMs);
  const abortRatio = ratio((sample) => sample.abortMs);
  return {
    name: "rate-limiter-queue",
    durationMs: performance.now() - started,
    rows: [
      row(
        `${title}: queue (CPU)`,
        { label: "acquire", value: median(sdk.map((sample) => sample.queueMs)), unit: "ms" },
        { label: "bare abortable waits", value: median(bare.map((sample) => sample.queueMs)), unit: "ms" },
        { on: "value", op: "<=", limit: 50 },
        `paired ratio ${queueRatio.toFixed(2)}`,
      ),
      row(
        `${title}: abort all (CPU)`,
        { label: "acquire", value: median(sdk.map((sample) => sample.abortMs)), unit: "ms" },
        { label: "bare abortable waits", value: median(bare.map((sample) => sample.abortMs)), unit: "ms" },
        null,
        `paired ratio ${abortRatio.toFixed(2)}`,
      ),
    ],
  };
}

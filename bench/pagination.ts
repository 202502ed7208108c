/**
 * Memory while paginating a long v2 list (250 items per page): the heap and RSS growth between the
 * first checkpoint and the end must stay flat, because `paginate` holds one page at a time.
 * Baselines: for the heap, what collecting the same items into an array holds; for RSS, the growth
 * of a process reading the same pages with bare `fetch` (V8 enlarges its heap spaces under a high
 * allocation rate, and RSS keeps that).
 */
import { join } from "node:path";
import type { PaginationWorkerInput, PaginationWorkerReport } from "./pagination-worker.js";
import { startBenchServer } from "./lib/bench-server.js";
import { REPO_ROOT } from "../scripts/lib/bundles.js";
import { spawnTs } from "./lib/child.js";
import { row, type BenchResult } from "./lib/report.js";
import { MB } from "./lib/stats.js";

export interface PaginationBenchOptions {
  readonly total: number;
  readonly checkpoint: number;
}

async function runWorker(input: PaginationWorkerInput): Promise<PaginationWorkerReport> {
  const worker = spawnTs(join(REPO_ROOT, "bench", "pagination-worker.ts"), [JSON.stringify(input)], ["--expose-gc"]);
  try {
    return (await worker.firstMessage) as PaginationWorkerReport;
  } finally {
    await worker.stop();
  }
}

const growth = (report: PaginationWorkerReport, key: "heapUsed" | "rss"): number => (report.atEnd[key] - report.atCheckpoint[key]) / MB;

export async function runPaginationBench(options: PaginationBenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const server = await startBenchServer({ mode: "pages", total: options.total });
  try {
    const input = { url: server.url, total: options.total, checkpoint: options.checkpoint };
    const sdk = await runWorker({ ...input, mode: "sdk" });
    const bare = await runWorker({ ...input, mode: "fetch" });
    const count = (n: number): string => `${n / 1000}k`;
    const span = `${count(options.checkpoint)} → ${count(options.total)} items`;
    const limit = { on: "value", op: "<=", limit: 10 } as const;
    const rate = Math.round(sdk.items / (sdk.streamMs / 1000));
    return {
      name: "pagination",
      durationMs: performance.now() - started,
      rows: [
        row(
          `Pagination, v2, 250/page: heap growth ${span}`,
          { label: "heap", value: growth(sdk, "heapUsed"), unit: "MB" },
          { label: `toArray() of ${count(options.total)} holds`, value: (sdk.collectedHeap ?? 0) / MB, unit: "MB" },
          limit,
          `peak heap ${(sdk.peak.heapUsed / MB).toFixed(0)} MB, ${rate.toLocaleString("en-US")} items/s`,
        ),
        row(
          `Pagination, v2, 250/page: RSS growth ${span}`,
          { label: "RSS", value: growth(sdk, "rss"), unit: "MB" },
          { label: "bare fetch, same pages", value: growth(bare, "rss"), unit: "MB" },
          limit,
          `peak RSS ${(sdk.peak.rss / MB).toFixed(0)} MB`,
        ),
      ],
    };
  } finally {
    await server.close();
  }
}

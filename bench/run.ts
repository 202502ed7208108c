/**
 * `npm run bench` (full, ~6 min) / `npm run bench:quick` (CI, ~1.5 min): runs every benchmark against local
 * servers on 127.0.0.1 and prints one table (Markdown) or, with --json, a JSON report.
 *
 *   --quick        shorter rounds and windows
 *   --json         JSON on stdout instead of the table
 *   --only a,b     run some benchmarks: throughput, unwrap, pagination, rate-limiter, rate-limiter-queue,
 *                  redis-limiter, generation, size, typecheck; and throughput-ab (only when named)
 *   --against REF  the git ref throughput-ab compares this checkout's build with (required by it)
 *   --update-docs  also write the table into docs/benchmarks.md (between its bench:table markers)
 *   --strict       exit 1 when a target is missed (targets are otherwise reported, not enforced:
 *                  timings on a shared CI machine are too noisy to gate on)
 * Progress goes to stderr. Exit 1 when a benchmark fails to run, 2 on a bad command line.
 */
import { availableParallelism, cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { runCli, UsageError } from "../scripts/lib/cli.js";
import { runGenerationBench } from "./generation.js";
import { writeBenchTable } from "./lib/docs-table.js";
import { formatTable, type BenchResult } from "./lib/report.js";
import { runPaginationBench } from "./pagination.js";
import { runRateLimiterBench } from "./rate-limiter.js";
import { runRateLimiterQueueBench } from "./rate-limiter-queue.js";
import { runRedisLimiterBench } from "./redis-limiter.js";
import { runSizeBench } from "./size.js";
import { runThroughputBench } from "./throughput.js";
import { runThroughputAbBench } from "./throughput-ab.js";
import { runTypecheckBench } from "./typecheck.js";
import { runUnwrapBench } from "./unwrap.js";

type BenchName =
  | "throughput"
  | "throughput-ab"
  | "unwrap"
  | "pagination"
  | "rate-limiter"
  | "rate-limiter-queue"
  | "redis-limiter"
  | "generation"
  | "size"
  | "typecheck";

interface BenchOptions {
  readonly quick: boolean;
  readonly against: string | undefined;
}

const throughputRounds = (quick: boolean) =>
  quick ? { rounds: 10, roundMs: 100, concurrency: 8 } : { rounds: 50, roundMs: 200, concurrency: 8 };

const BENCHES: Record<BenchName, (options: BenchOptions) => Promise<BenchResult> | BenchResult> = {
  throughput: ({ quick }) => runThroughputBench(throughputRounds(quick)),
  // Two builds of the same code differ by a few percent: more rounds than the throughput bench.
  "throughput-ab": ({ quick, against }) =>
    runThroughputAbBench({ ...(quick ? { rounds: 15, roundMs: 100 } : { rounds: 40, roundMs: 200 }), concurrency: 8, against: against! }),
  unwrap: ({ quick }) => runUnwrapBench({ resources: 10_000, iterations: quick ? 15 : 40 }),
  pagination: () => runPaginationBench({ total: 100_000, checkpoint: 10_000 }),
  "rate-limiter": ({ quick }) =>
    runRateLimiterBench({
      limits: [
        { requests: 5, perMs: 250 },
        { requests: 40, perMs: 2_500 },
      ],
      // Ends between two bursts of grants, so a few ms of jitter cannot move a burst across the end.
      durationMs: quick ? 4_900 : 12_400,
      callers: 16,
    }),
  "rate-limiter-queue": ({ quick }) => runRateLimiterQueueBench({ acquires: 10_000, rounds: quick ? 5 : 15 }),
  "redis-limiter": ({ quick }) => runRedisLimiterBench(quick),
  generation: ({ quick }) => runGenerationBench({ runs: quick ? 1 : 3 }),
  size: () => runSizeBench(),
  typecheck: ({ quick }) => runTypecheckBench({ rounds: quick ? 1 : 3 }),
};

const NAMES = Object.keys(BENCHES) as BenchName[];
/** What a run without --only runs: throughput-ab needs a ref to compare with. */
const DEFAULT_NAMES = NAMES.filter((name) => name !== "throughput-ab");

function isBenchName(name: string): name is BenchName {
  return (NAMES as string[]).includes(name);
}

interface CommandLine extends BenchOptions {
  readonly json: boolean;
  readonly strict: boolean;
  readonly updateDocs: boolean;
  readonly only: BenchName[];
}

function parseCommandLine(): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        quick: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        strict: { type: "boolean", default: false },
        "update-docs": { type: "boolean", default: false },
        only: { type: "string" },
        against: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { quick = false, json = false, strict = false, only, against } = parsed.values;
  const updateDocs = parsed.values["update-docs"] ?? false;
  const selected = only === undefined ? DEFAULT_NAMES : only.split(",").map((name) => name.trim());
  const unknown = selected.filter((name) => !isBenchName(name));
  if (unknown.length > 0) throw new UsageError(`unknown benchmark ${unknown.join(", ")} (known: ${NAMES.join(", ")})`);
  const comparing = selected.includes("throughput-ab");
  if (comparing && against === undefined) throw new UsageError("throughput-ab needs --against <git ref> (the build to compare with)");
  if (!comparing && against !== undefined) throw new UsageError("--against is only read by throughput-ab");
  if (comparing && updateDocs) throw new UsageError("throughput-ab's rows do not belong in docs/benchmarks.md: drop --update-docs");
  return { quick, json, strict, updateDocs, against, only: selected.filter(isBenchName) };
}

interface Machine {
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  readonly loadAverage: number;
}

function machine(): Machine {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    loadAverage: Number(loadavg()[0]?.toFixed(2) ?? 0),
  };
}

async function main(): Promise<number> {
  const options = parseCommandLine();
  const results: BenchResult[] = [];
  const failures: string[] = [];
  const started = performance.now();
  for (const name of options.only) {
    process.stderr.write(`bench: ${name}…`);
    try {
      const result = await BENCHES[name](options);
      results.push(result);
      process.stderr.write(` ${(result.durationMs / 1000).toFixed(1)} s\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${name}: ${message}`);
      process.stderr.write(` failed: ${message.split("\n")[0]}\n`);
    }
  }
  const totalMs = performance.now() - started;
  const missed = results.flatMap((result) => result.rows).filter((entry) => entry.met === false);
  const context = { mode: options.quick ? "quick" : "full", ...machine(), totalSeconds: Number((totalMs / 1000).toFixed(1)) };
  if (options.json) {
    console.log(JSON.stringify({ ...context, results, failures }, null, 2));
  } else {
    const heading =
      `altegio-sdk benchmarks (${context.mode}) — Node ${context.node}, ${context.platform}, ${context.cpu}, ` +
      `${context.cores} cores, load ${context.loadAverage}, ${context.totalSeconds} s`;
    console.log(heading);
    console.log(formatTable(results));
    if (options.updateDocs) writeBenchTable(`${heading}\n\n${formatTable(results)}`);
    console.log(
      `${missed.length === 0 ? "all targets met" : `${missed.length} target(s) missed`}${failures.length > 0 ? `, ${failures.length} benchmark(s) failed` : ""}`,
    );
  }
  for (const failure of failures) process.stderr.write(`bench: ${failure.split("\n")[0]}\n`);
  return failures.length > 0 || (options.strict && missed.length > 0) ? 1 : 0;
}

await runCli("bench", main);

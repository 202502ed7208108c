/**
 * `npm run bench -- --only throughput-ab --against <git ref>`: the SDK's `GET()` and `get()` as this
 * checkout builds them (dist/) and as another commit builds them, in the throughput bench's paired
 * rounds with openapi-fetch as the baseline. Each round gives this build a ratio against the other
 * (the other's CPU per request over this one's; above 1, this build is faster): evidence that a
 * change helps, on a machine too noisy for figures from separate runs to be compared.
 *
 * The other commit's src/ is compiled into .bench/ab-<commit>/ (git-ignored, kept for the next run)
 * together with this checkout's src/generated/ (generated, so in no commit): a commit whose facade
 * expects other generated code fails to compile there, and the bench says so.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../scripts/lib/bundles.js";
import type * as Sdk from "../src/index.js";
import { loadBuiltPackage } from "./lib/built-package.js";
import { startBenchServer } from "./lib/bench-server.js";
import type { BenchResult } from "./lib/report.js";
import { openapiFetchCall, pairedRounds, pairRow, sdkCalls, type Call, type Pair, type ThroughputBenchOptions } from "./throughput.js";

export interface ThroughputAbOptions extends ThroughputBenchOptions {
  /** A git ref (branch, tag, commit) to compare this checkout's build with. */
  readonly against: string;
}

function run(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: "utf8" });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(0, 5).join("\n");
    throw new Error(`${command} ${args.join(" ")} failed: ${output || (result.error?.message ?? `exit ${String(result.status)}`)}`);
  }
  return result.stdout;
}

/** The package built from `commit`'s src/, compiled once into .bench/ab-<commit>/dist/. */
function buildCommit(commit: string): string {
  const directory = join(REPO_ROOT, ".bench", `ab-${commit.slice(0, 12)}`);
  const entry = join(directory, "dist", "index.js");
  if (existsSync(entry)) return entry;
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const archive = join(directory, "src.tar");
  run("git", ["archive", "--output", archive, commit, "src"]);
  run("tar", ["-xf", archive, "-C", directory]);
  cpSync(join(REPO_ROOT, "src", "generated"), join(directory, "src", "generated"), { recursive: true });
  const config = {
    extends: relative(directory, join(REPO_ROOT, "tsconfig.build.json")),
    compilerOptions: { rootDir: "src", outDir: "dist", declaration: false },
    include: ["src"],
  };
  writeFileSync(join(directory, "tsconfig.json"), JSON.stringify(config, null, 2));
  try {
    run(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(directory, "tsconfig.json")]);
  } catch (error) {
    rmSync(join(directory, "dist"), { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the src/ of ${commit.slice(0, 12)} does not compile with this checkout's src/generated/: ${reason}`);
  }
  return entry;
}

export async function runThroughputAbBench(options: ThroughputAbOptions): Promise<BenchResult> {
  const started = performance.now();
  const commit = run("git", ["rev-parse", "--verify", `${options.against}^{commit}`]).trim();
  const other = (await import(pathToFileURL(buildCommit(commit)).href)) as typeof Sdk;
  const label = commit.startsWith(options.against) ? commit.slice(0, 7) : `${options.against} (${commit.slice(0, 7)})`;
  const server = await startBenchServer({ mode: "small" });
  try {
    const ours = sdkCalls(await loadBuiltPackage(), server.url);
    const theirs = sdkCalls(other, server.url);
    const calls: Record<string, Call> = {
      "openapi-fetch": openapiFetchCall(server.url),
      "GET() this build": ours.GET,
      [`GET() ${label}`]: theirs.GET,
      "get() this build": ours.get,
      [`get() ${label}`]: theirs.get,
    };
    const pairs: Pair[] = ["GET()", "get()"].flatMap((method) => [
      { variant: `${method} this build`, baseline: `${method} ${label}` },
      { variant: `${method} this build`, baseline: "openapi-fetch" },
      { variant: `${method} ${label}`, baseline: "openapi-fetch" },
    ]);
    const samples = await pairedRounds(calls, pairs, options);
    const title = `A/B: this build vs ${label}, GET throughput, small JSON, ${options.concurrency} in flight, CPU per request`;
    return {
      name: "throughput-ab",
      durationMs: performance.now() - started,
      rows: pairs.map((pair, index) => pairRow(title, pair, samples[index]!, null)),
    };
  } finally {
    await server.close();
  }
}

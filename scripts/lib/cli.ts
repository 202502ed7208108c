import { resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A bad command line: scripts exit with 2 for it, 1 for every other failure. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly exitCode = 2;
}

/** Newlines and runs of whitespace folded, so every message stays one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Prints one line to stderr and exits; scripts never show a stack trace. */
export function fail(message: string, exitCode = 1): never {
  process.stderr.write(`${oneLine(message)}\n`);
  process.exit(exitCode);
}

function exitCodeOf(error: unknown, fallback: number): number {
  if (typeof error === "object" && error !== null && "exitCode" in error) {
    const code = error.exitCode;
    if (typeof code === "number" && Number.isInteger(code) && code > 0) return code;
  }
  return fallback;
}

/**
 * Runs a script's `main`, turning any thrown error into `<program>: <message>` on stderr and a
 * non-zero exit: the error's `exitCode` when it has one, else `failureExitCode` (scripts whose
 * exit 1 means a result, like "breaking changes found", pass 2).
 */
export async function runCli(program: string, main: () => Promise<number | void>, failureExitCode = 1): Promise<void> {
  ignoreClosedPipes();
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fail(`${program}: ${message}`, exitCodeOf(error, failureExitCode));
  }
}

/** The `code` of a Node error (`ENOENT`, `ECONNREFUSED`), looked up along its `cause` chain. */
export function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; isErrorLike(current) && depth < 5; current = current.cause, depth++) {
    if (typeof current.code === "string") return current.code;
  }
  return undefined;
}

export function isErrorLike(value: unknown): value is { code?: unknown; cause?: unknown; name?: unknown } {
  return typeof value === "object" && value !== null;
}

let pipesGuarded = false;

/**
 * A reader that stops early (`npm run generate | head`) closes the pipe: writes then fail with
 * EPIPE, an `'error'` event nobody listens to, which Node turns into a crash with a stack trace
 * half-way through the run. The output is no longer wanted, so the run carries on and exits as
 * it would have; any other stream error still fails the script in one line.
 */
export function ignoreClosedPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error) => {
      const code = errorCode(error);
      if (code === "EPIPE" || code === "ERR_STREAM_DESTROYED") return;
      if (stream === process.stderr) process.exit(1);
      fail(`cannot write output: ${error.message}`);
    });
  }
}

/**
 * `parseArgs` (strict unless `config` says otherwise) with a bad command line (an unknown option, a stray argument, a
 * missing value) turned into a `UsageError` whose message ends with `usage`.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}; ${usage}`);
  }
}

/**
 * A file named on the command line, made absolute. `npm run` starts scripts in the package root
 * and says where the user typed the command in `INIT_CWD`: relative names are taken from there.
 */
export function argumentPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env["INIT_CWD"] || process.cwd(), file);
}

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

import { spawn } from "node:child_process";
import { REPO_ROOT } from "../../scripts/lib/bundles.js";

export interface TsChild {
  /** The first stdout line that parses as JSON. */
  readonly firstMessage: Promise<unknown>;
  /** Resolves with the exit code (stops the child first when it is still running). */
  stop(): Promise<number | null>;
}

/**
 * Runs a TypeScript file in a separate Node process (through tsx), so what it allocates or how busy
 * it is never shows up in the measuring process. It reports by printing one JSON line.
 */
export function spawnTs(file: string, args: readonly string[], nodeFlags: readonly string[] = []): TsChild {
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", file, ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const firstMessage = new Promise<unknown>((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        try {
          resolve(JSON.parse(line));
          return;
        } catch {
          // not a report line
        }
      }
    });
    void exited.then((code) =>
      reject(new Error(`${file} exited with code ${code} before reporting: ${stderr.trim().split("\n").pop() ?? ""}`)),
    );
  });
  return {
    firstMessage,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";

// throughput-ab compares two builds: it must be asked for by name, with the ref to compare with, and never rewrite the docs table.
describe("npm run bench: throughput-ab's command line", () => {
  const run = (...args: string[]) =>
    spawnSync(join(REPO_ROOT, "node_modules", ".bin", "tsx"), [join(REPO_ROOT, "bench", "run.ts"), ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });

  it.each([
    [["--only", "throughput-ab"], /throughput-ab needs --against <git ref>/],
    [["--only", "size", "--against", "main"], /--against is only read by throughput-ab/],
    [["--only", "throughput-ab", "--against", "main", "--update-docs"], /drop --update-docs/],
  ])("%j is a usage error", (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

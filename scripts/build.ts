import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "./lib/bundles.js";
import { runCli } from "./lib/cli.js";

/**
 * `npm run build`: compiles src/ (handwritten facade + generated types and tables) to dist/ with
 * declaration files. dist/ is emptied first so files of deleted modules never reach the package.
 */

export const DIST_DIR = join(REPO_ROOT, "dist");
const GENERATED = ["v1.ts", "v2.ts", "operations.ts"].map((file) => join(REPO_ROOT, "src", "generated", file));
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

export async function build(): Promise<void> {
  const missing = GENERATED.find((file) => !existsSync(file));
  if (missing) throw new Error(`${missing} is missing: run \`npm run setup\` first`);
  await rm(DIST_DIR, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [TSC, "-p", join(REPO_ROOT, "tsconfig.build.json")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    const firstError = `${result.stdout}${result.stderr}`.split("\n").find((line) => line.trim()) ?? "";
    throw new Error(`tsc -p tsconfig.build.json failed: ${firstError}`);
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  await runCli("build", async () => {
    await build();
    console.log("build: dist/ written (ESM + .d.ts)");
  });
}

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "./lib/bundles.js";
import { runCli } from "./lib/cli.js";

/**
 * `npm run build`: compiles src/ (handwritten facade + generated types and tables) to dist/ with
 * declaration files, and copies the generated operation index next to them. dist/ is emptied first so files of deleted modules never reach the package.
 */

export const DIST_DIR = join(REPO_ROOT, "dist");
const GENERATED_DIR = join(REPO_ROOT, "src", "generated");
const GENERATED = ["v1.ts", "v2.ts", "operations.ts", "v1-named.ts", "v2-named.ts", "examples.ts"].map((file) => join(GENERATED_DIR, file));
/** The operation index, shipped beside the code: `altegio-sdk/operations.json` and `operations.md`. */
const INDEX_FILES = ["operations.json", "operations.md"];
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
  for (const file of INDEX_FILES) {
    const source = join(GENERATED_DIR, file);
    if (!existsSync(source)) throw new Error(`${source} is missing: run \`npm run setup\` first`);
    await copyFile(source, join(DIST_DIR, file));
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  await runCli("build", async () => {
    await build();
    console.log("build: dist/ written (ESM + .d.ts)");
  });
}

/** The SDK as users run it: the compiled package in dist/, rebuilt first when src/ is newer. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, DIST_DIR } from "../../scripts/build.js";
import { REPO_ROOT } from "../../scripts/lib/bundles.js";
import type * as Sdk from "../../src/index.js";

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export async function loadBuiltPackage(): Promise<typeof Sdk> {
  const entry = join(DIST_DIR, "index.js");
  if (!existsSync(entry) || statSync(entry).mtimeMs < newestMtime(join(REPO_ROOT, "src"))) {
    process.stderr.write(" (building dist/)");
    await build();
  }
  return (await import(pathToFileURL(entry).href)) as typeof Sdk;
}

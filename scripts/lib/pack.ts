import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./bundles.js";

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export interface PackResult {
  /** Absolute path of the .tgz. */
  readonly tarball: string;
  readonly files: readonly PackedFile[];
  /** Compressed size of the tarball, bytes. */
  readonly size: number;
  readonly unpackedSize: number;
}

function isPackEntry(value: unknown): value is { filename: string; files: PackedFile[]; size: number; unpackedSize: number } {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry["filename"] === "string" && Array.isArray(entry["files"]) && typeof entry["size"] === "number";
}

/**
 * `npm pack` of the repository into `destination` (build dist/ first). Lifecycle scripts are
 * skipped: callers build explicitly, so a pack never rebuilds behind their back.
 */
export function packRepository(destination: string): PackResult {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`npm pack failed: ${result.stderr.split("\n").find((line) => line.includes("ERR")) ?? result.stderr}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw new Error(`npm pack printed no JSON: ${result.stdout.slice(0, 200)}`);
  }
  const entry = Array.isArray(parsed) ? parsed[0] : undefined;
  if (!isPackEntry(entry)) throw new Error("npm pack --json: unexpected output");
  return {
    tarball: join(destination, entry.filename),
    files: entry.files.map(({ path, size }) => ({ path, size })),
    size: entry.size,
    unpackedSize: entry.unpackedSize,
  };
}

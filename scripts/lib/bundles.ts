import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The two OpenAPI bundles Altegio publishes for its B2B API. */
export const BUNDLE_NAMES = ["b2b-v1", "b2b-v2"] as const;
export type BundleName = (typeof BUNDLE_NAMES)[number];

export const DEFAULT_BASE_URL = "https://developer.alteg.io/_bundle/en";

/** Resolved from this module, so scripts behave the same whatever the cwd. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEFAULT_OPENAPI_DIR = join(REPO_ROOT, "openapi");

export function isBundleName(value: string): value is BundleName {
  return (BUNDLE_NAMES as readonly string[]).includes(value);
}

/** File name of a bundle, both in a mirror directory and in `openapi/bundles/`. */
export function bundleFileName(name: BundleName): string {
  return `${name}.openapi.yaml`;
}

export function bundleUrl(name: BundleName, baseUrl: string = DEFAULT_BASE_URL): string {
  return `${baseUrl.replace(/\/+$/, "")}/${name}/openapi.yaml`;
}

/**
 * The `openapi/` directory: `ALTEGIO_OPENAPI_DIR` when set (relative to cwd), so tests can
 * work in a temporary directory, else the repository's own.
 */
export function openapiDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env["ALTEGIO_OPENAPI_DIR"];
  return override ? resolve(override) : DEFAULT_OPENAPI_DIR;
}

export function bundlesDir(dir: string = openapiDir()): string {
  return join(dir, "bundles");
}

export function bundlePath(name: BundleName, dir: string = openapiDir()): string {
  return join(bundlesDir(dir), bundleFileName(name));
}

export function lockPath(dir: string = openapiDir()): string {
  return join(dir, "lock.json");
}

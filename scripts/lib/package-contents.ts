import type { PackedFile } from "./pack.js";

/** What a user needs: compiled JS and declarations (generated types included), the operation index, README, LICENSE. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^dist\/.+\.(js|d\.ts)$/, /^dist\/operations\.(json|md)$/];

const REQUIRED = [
  "package.json",
  "README.md",
  "LICENSE",
  "dist/index.js",
  "dist/index.d.ts",
  "dist/generated/v1.d.ts",
  "dist/generated/v2.d.ts",
  "dist/generated/operations.js",
  "dist/generated/operations.d.ts",
  "dist/redis/index.js",
  "dist/redis/index.d.ts",
  "dist/webhooks/index.js",
  "dist/webhooks/index.d.ts",
  "dist/testing/index.js",
  "dist/testing/index.d.ts",
  "dist/generated/examples.js",
  "dist/generated/v1-named.d.ts",
  "dist/generated/v2-named.d.ts",
  "dist/operations.json",
  "dist/operations.md",
];

/** Problems with a tarball's file list: required files missing, anything else (tests, sources, maps) present. */
export function checkPackageContents(files: readonly Pick<PackedFile, "path">[]): string[] {
  const paths = new Set(files.map((file) => file.path));
  const problems = REQUIRED.filter((path) => !paths.has(path)).map((path) => `missing ${path}`);
  for (const path of paths) {
    if (!ALLOWED.some((pattern) => pattern.test(path))) problems.push(`unexpected ${path}`);
  }
  return problems;
}

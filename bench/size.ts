/** Minified+gzipped size of the facade (openapi-fetch excluded), next to openapi-fetch's own. */
import { join } from "node:path";
import { REPO_ROOT } from "../scripts/lib/bundles.js";
import { FACADE_GZIP_BUDGET_BYTES, measureBundleSizes, measureOpenapiFetchSize } from "../scripts/lib/bundle-size.js";
import { row, type BenchResult } from "./lib/report.js";

const kB = (bytes: number): number => bytes / 1024;

export async function runSizeBench(): Promise<BenchResult> {
  const started = performance.now();
  const [sizes, openapiFetch] = await Promise.all([
    measureBundleSizes(join(REPO_ROOT, "src", "index.ts")),
    measureOpenapiFetchSize(REPO_ROOT),
  ]);
  const baseline = { label: "openapi-fetch", value: kB(openapiFetch.gzippedBytes), unit: "kB" };
  return {
    name: "size",
    durationMs: performance.now() - started,
    rows: [
      row(
        "Bundle size, min+gz: facade (openapi-fetch and operation tables excluded)",
        { label: "facade", value: kB(sizes.facade.gzippedBytes), unit: "kB" },
        baseline,
        { on: "value", op: "<=", limit: kB(FACADE_GZIP_BUDGET_BYTES) },
      ),
      row(
        "Bundle size, min+gz: facade + generated operation tables",
        { label: "facade + tables", value: kB(sizes.withOperationTables.gzippedBytes), unit: "kB" },
        baseline,
      ),
    ],
  };
}

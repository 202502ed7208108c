/**
 * Minified+gzipped sizes: the facade (openapi-fetch excluded) next to openapi-fetch's own, the
 * generated operation table, and an app that creates a client and makes one call (browser target,
 * openapi-fetch included) through the path surface and by name.
 */
import { join } from "node:path";
import { REPO_ROOT } from "../scripts/lib/bundles.js";
import {
  FACADE_GZIP_BUDGET_BYTES,
  NAMED_CALL_GROWTH_TARGET_BYTES,
  ONE_CALL_APP_TARGET_BYTES,
  ONE_CALL_APPS,
  OPERATION_TABLE_TARGET_BYTES,
  measureBundleSizes,
  measureOneCallApp,
  measureOpenapiFetchSize,
  measureOperationTableSize,
} from "../scripts/lib/bundle-size.js";
import { row, type BenchResult } from "./lib/report.js";

const kB = (bytes: number): number => bytes / 1024;

export async function runSizeBench(): Promise<BenchResult> {
  const started = performance.now();
  const entry = join(REPO_ROOT, "src", "index.ts");
  const [sizes, openapiFetch, table, pathApp, namedApp, beforeNamed] = await Promise.all([
    measureBundleSizes(entry),
    measureOpenapiFetchSize(REPO_ROOT),
    measureOperationTableSize(join(REPO_ROOT, "src", "generated", "operations.ts")),
    measureOneCallApp(entry, ONE_CALL_APPS.path),
    measureOneCallApp(entry, ONE_CALL_APPS.named),
    measureOneCallApp(entry, ONE_CALL_APPS.path, { withoutNamedMethods: true }),
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
      row(
        "Bundle size, min+gz: generated operation table (both versions, operation ids included)",
        { label: "table", value: kB(table.gzippedBytes), unit: "kB" },
        baseline,
        { on: "value", op: "<=", limit: kB(OPERATION_TABLE_TARGET_BYTES) },
      ),
      row(
        "Bundle size, min+gz: one-call app (client + one path-surface call, browser, openapi-fetch included)",
        { label: "app", value: kB(pathApp.gzippedBytes), unit: "kB" },
        baseline,
        { on: "value", op: "<=", limit: kB(ONE_CALL_APP_TARGET_BYTES) },
      ),
      row(
        "Bundle size, min+gz: one-call app making its call by name (altegio.v1.getLocation)",
        { label: "app", value: kB(namedApp.gzippedBytes), unit: "kB" },
        baseline,
        { on: "value", op: "<=", limit: kB(ONE_CALL_APP_TARGET_BYTES) },
      ),
      row(
        "Bundle size, min+gz: growth of the one-call app from named methods (vs the same app without their runtime)",
        { label: "growth", value: kB(namedApp.gzippedBytes - beforeNamed.gzippedBytes), unit: "kB" },
        { label: "app without named methods", value: kB(beforeNamed.gzippedBytes), unit: "kB" },
        { on: "value", op: "<=", limit: kB(NAMED_CALL_GROWTH_TARGET_BYTES) },
      ),
    ],
  };
}

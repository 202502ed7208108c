import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLE_NAMES, REPO_ROOT } from "../../../scripts/lib/bundles.js";
import { loadBundle } from "../../../scripts/lib/load-bundle.js";
import { normalizeSpec } from "../../../scripts/lib/normalize.js";
import type { NormalizationReport } from "../../../scripts/lib/normalize-report.js";
import { renderSpecDefects, SUMMARY_END, SUMMARY_START } from "../../../scripts/lib/spec-defects-summary.js";

describe("README: where the published spec is wrong", () => {
  it("holds the counts the normaliser reports for the fetched bundles (npm run spec:audit -- --readme)", async () => {
    const reports: Record<string, NormalizationReport> = {};
    for (const name of BUNDLE_NAMES) reports[name] = normalizeSpec(await loadBundle(name)).report;
    const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
    const start = readme.indexOf(SUMMARY_START);
    const end = readme.indexOf(SUMMARY_END);
    expect(start).toBeGreaterThan(0);
    // The formatter pads table cells; the cells themselves must match.
    const cells = (text: string) => text.replace(/ *\| */g, "|").replace(/\|-+:?/g, "|-");
    expect(cells(readme.slice(start, end + SUMMARY_END.length))).toBe(cells(renderSpecDefects(reports)));
  }, 120_000);
});

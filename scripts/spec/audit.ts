import { BUNDLE_NAMES } from "../lib/bundles.js";
import { runCli } from "../lib/cli.js";
import { generateTypes } from "../lib/generate-types.js";
import { loadBundle } from "../lib/load-bundle.js";
import { normalizeSpec } from "../lib/normalize.js";
import type { NormalizationReport } from "../lib/normalize-report.js";
import { renderSpecDefects } from "../lib/spec-defects-summary.js";
import { auditSpec, formatAuditReport } from "../lib/spec-audit.js";

/**
 * `npm run spec:audit`: normalises both fetched bundles, generates their types in memory and
 * prints what is still wrong, by kind, with counts and operation ids. Exit 1 when anything is
 * unfixed. `--summary` prints the counts only; `--readme` prints the README's table of what the
 * normaliser fixed.
 */
async function main(): Promise<number> {
  const verbose = !process.argv.includes("--summary");
  const readme = process.argv.includes("--readme");
  let unfixed = 0;
  const reports: Record<string, NormalizationReport> = {};
  for (const bundle of BUNDLE_NAMES) {
    const raw = await loadBundle(bundle);
    const { doc, report: normalization } = normalizeSpec(raw);
    reports[bundle] = normalization;
    if (readme) continue;
    const report = auditSpec({ bundle, raw, normalized: doc, types: await generateTypes(doc) });
    console.log(formatAuditReport(report, { verbose }));
    unfixed += report.findings.length;
  }
  if (readme) console.log(renderSpecDefects(reports));
  return unfixed === 0 ? 0 : 1;
}

await runCli("spec:audit", main);

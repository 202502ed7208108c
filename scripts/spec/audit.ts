import { auditBundle, type BundleAudit } from "../lib/audit-bundle.js";
import { BUNDLE_NAMES } from "../lib/bundles.js";
import { parseCommandLine, runCli } from "../lib/cli.js";
import { loadBundle } from "../lib/load-bundle.js";
import { renderAuditCounts, renderSpecDefects } from "../lib/spec-defects-summary.js";
import { formatAuditReport } from "../lib/spec-audit.js";

/**
 * `npm run spec:audit`: normalises both fetched bundles, generates their types in memory and
 * prints what is still wrong, by kind, with counts and operation ids, after the counts of the
 * bundle as published. Exit 1 when anything is unfixed, 2 when the audit cannot run (bad
 * arguments, a bundle missing or unreadable). `--summary` prints the counts only;
 * `--readme` prints the README's tables (the audit before/after, and what the normaliser fixed).
 */
async function main(): Promise<number> {
  const { values } = parseCommandLine(
    {
      args: process.argv.slice(2),
      options: { summary: { type: "boolean", default: false }, readme: { type: "boolean", default: false } },
      allowPositionals: false,
    },
    "usage: npm run spec:audit -- [--summary | --readme]",
  );
  const verbose = !values.summary;
  const readme = values.readme;
  const audits: Record<string, BundleAudit> = {};
  for (const bundle of BUNDLE_NAMES) {
    const audit = await auditBundle(bundle, await loadBundle(bundle));
    audits[bundle] = audit;
    if (readme) continue;
    console.log(formatAuditReport(audit.published, { verbose: false }));
    console.log(formatAuditReport(audit.normalized, { verbose }));
  }
  if (readme) {
    console.log(renderAuditCounts(audits));
    console.log("");
    console.log(renderSpecDefects(Object.fromEntries(Object.entries(audits).map(([bundle, audit]) => [bundle, audit.normalization]))));
  }
  const unfixed = Object.values(audits).reduce((sum, audit) => sum + audit.normalized.findings.length, 0);
  return unfixed === 0 ? 0 : 1;
}

await runCli("spec:audit", main, 2);

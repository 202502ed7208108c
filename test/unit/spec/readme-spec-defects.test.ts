import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { auditBundle, type BundleAudit } from "../../../scripts/lib/audit-bundle.js";
import { BUNDLE_NAMES, REPO_ROOT } from "../../../scripts/lib/bundles.js";
import { loadBundle } from "../../../scripts/lib/load-bundle.js";
import {
  AUDIT_SUMMARY_END,
  AUDIT_SUMMARY_START,
  renderAuditCounts,
  renderSpecDefects,
  SUMMARY_END,
  SUMMARY_START,
} from "../../../scripts/lib/spec-defects-summary.js";

/** The formatter pads table cells; the cells themselves must match. */
const cells = (text: string) => text.replace(/ *\| */g, "|").replace(/\|-+:?/g, "|-");

function section(readme: string, start: string, end: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  return readme.slice(from, to + end.length);
}

describe("README: where the published spec is wrong", () => {
  let audits: Record<string, BundleAudit>;
  let readme: string;

  beforeAll(async () => {
    audits = {};
    for (const name of BUNDLE_NAMES) audits[name] = await auditBundle(name, await loadBundle(name));
    readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
  }, 240_000);

  it("holds the audit's counts, as published and normalised, for the fetched bundles (npm run spec:audit -- --readme)", () => {
    expect(cells(section(readme, AUDIT_SUMMARY_START, AUDIT_SUMMARY_END))).toBe(cells(renderAuditCounts(audits)));
    // The published bundles really are wrong, and the normalised ones clean.
    for (const audit of Object.values(audits)) expect(audit.normalized.findings).toEqual([]);
    expect(audits["b2b-v1"]?.published.findings.length).toBeGreaterThan(0);
  });

  it("holds the counts the normaliser reports for the fetched bundles", () => {
    const reports = Object.fromEntries(Object.entries(audits).map(([name, audit]) => [name, audit.normalization]));
    expect(cells(section(readme, SUMMARY_START, SUMMARY_END))).toBe(cells(renderSpecDefects(reports)));
  });
});

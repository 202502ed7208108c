import { generateTypes } from "./generate-types.js";
import { normalizeSpec } from "./normalize.js";
import type { NormalizationReport } from "./normalize-report.js";
import type { OpenApiDoc } from "./openapi-doc.js";
import { type AuditReport, auditSpec } from "./spec-audit.js";

export interface BundleAudit {
  /** The audit of the bundle as published, judged with types generated from it as it is. */
  readonly published: AuditReport;
  /** The audit after normalisation: what `npm run generate` refuses to go on with. */
  readonly normalized: AuditReport;
  readonly normalization: NormalizationReport;
}

/** One bundle audited before and after normalisation, in one run (`spec:audit` and its README check). */
export async function auditBundle(bundle: string, raw: OpenApiDoc): Promise<BundleAudit> {
  const { doc, report: normalization } = normalizeSpec(raw);
  const published = auditSpec({ bundle: `${bundle} as published`, raw, normalized: raw, types: await generateTypes(raw) });
  const normalized = auditSpec({ bundle, raw, normalized: doc, types: await generateTypes(doc) });
  return { published, normalized, normalization };
}

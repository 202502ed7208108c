import type { OpenApiDoc } from "./openapi-doc.js";

/** What a normalisation pass changed, by kind, and its printed form. */

export interface NormalizationChange {
  /** What was changed, e.g. `removed required header parameter "Accept"`. */
  readonly kind: string;
  /** How many operations (or components, for component-level kinds) it touched. */
  readonly count: number;
  /** A few `METHOD /path` samples, for the printed report. */
  readonly samples: readonly string[];
}

export interface NormalizationReport {
  readonly changes: readonly NormalizationChange[];
}

export interface NormalizeResult {
  readonly doc: OpenApiDoc;
  readonly report: NormalizationReport;
}

const SAMPLE_LIMIT = 3;

/** Counts changes by kind, keeping a few samples of where each was made. */
export class ChangeCounter {
  private readonly changes = new Map<string, { count: number; samples: string[] }>();

  add(kind: string, where: string): void {
    const entry = this.changes.get(kind) ?? { count: 0, samples: [] };
    entry.count += 1;
    if (entry.samples.length < SAMPLE_LIMIT) entry.samples.push(where);
    this.changes.set(kind, entry);
  }

  report(): NormalizationReport {
    const changes = [...this.changes.entries()]
      .map(([kind, { count, samples }]) => ({ kind, count, samples }))
      .sort((a, b) => a.kind.localeCompare(b.kind));
    return { changes };
  }
}

export function formatReport(name: string, report: NormalizationReport): string {
  if (report.changes.length === 0) return `${name}: nothing to normalise`;
  const lines = report.changes.map(
    (change) => `  ${String(change.count).padStart(4)} × ${change.kind}  (e.g. ${change.samples.join(", ")})`,
  );
  return [`${name}: normalised`, ...lines].join("\n");
}

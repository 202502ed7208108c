import { median } from "./stats.js";

/** One line of the benchmark table: a measurement, the baseline it is compared with, and the target. */
export interface Measurement {
  readonly value: number;
  readonly unit: string;
  readonly label: string;
}

export interface Target {
  /** What the target constrains: the ratio to the baseline, or the measured value itself. */
  readonly on: "ratio" | "value";
  readonly op: "<=" | ">=";
  readonly limit: number;
}

export interface BenchRow {
  readonly bench: string;
  readonly measured: Measurement;
  readonly baseline: Measurement | null;
  /** measured / baseline. */
  readonly ratio: number | null;
  readonly target: Target | null;
  /** null when the row has no target. */
  readonly met: boolean | null;
  readonly note?: string;
}

export interface BenchResult {
  readonly name: string;
  readonly rows: readonly BenchRow[];
  readonly durationMs: number;
}

export function row(
  bench: string,
  measured: Measurement,
  baseline: Measurement | null,
  target: Target | null = null,
  note?: string,
): BenchRow {
  const ratio = baseline && baseline.value !== 0 ? measured.value / baseline.value : null;
  const checked = target === null ? null : target.on === "ratio" ? ratio : measured.value;
  const met = target === null || checked === null ? null : target.op === "<=" ? checked <= target.limit : checked >= target.limit;
  return { bench, measured, baseline, ratio, target, met, ...(note === undefined ? {} : { note }) };
}

/** The value below which `fraction` of `values` lie (nearest rank). */
function quantile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(fraction * (sorted.length - 1))))]!;
}

/**
 * A row whose ratio is the median of per-round ratios (each against the baseline measured in the
 * same round), not a ratio of medians; the note gives the spread (quartiles) over the rounds.
 */
export function pairedRow(
  bench: string,
  measured: Measurement,
  baseline: Measurement,
  ratios: readonly number[],
  target: Target | null,
): BenchRow {
  const ratio = median(ratios);
  const met = target === null ? null : target.op === "<=" ? ratio <= target.limit : ratio >= target.limit;
  const spread = `paired ratio over ${ratios.length} rounds: quartiles ${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)}`;
  return { bench, measured, baseline, ratio, target, met, note: spread };
}

function formatNumber(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString("en-US");
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function formatMeasurement(measurement: Measurement | null): string {
  if (measurement === null) return "—";
  const label = measurement.label ? `${measurement.label}: ` : "";
  return `${label}${formatNumber(measurement.value)} ${measurement.unit}`.trim();
}

function formatTarget(target: Target | null, unit: string): string {
  if (target === null) return "—";
  const op = target.op === "<=" ? "≤" : "≥";
  return target.on === "ratio" ? `ratio ${op} ${target.limit}` : `${op} ${formatNumber(target.limit)} ${unit}`;
}

function verdict(met: boolean | null): string {
  return met === null ? "" : met ? "met" : "MISSED";
}

/** A Markdown table (it reads fine in a terminal and pastes into the README as is). */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ["Benchmark", "Measured", "Baseline (same run)", "Ratio", "Target", ""];
  const lines = results.flatMap((result) =>
    result.rows.map((entry) => [
      entry.bench,
      formatMeasurement(entry.measured) + (entry.note ? ` (${entry.note})` : ""),
      formatMeasurement(entry.baseline),
      entry.ratio === null ? "—" : entry.ratio.toFixed(2),
      formatTarget(entry.target, entry.measured.unit),
      verdict(entry.met),
    ]),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: readonly string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  return [render(header), render(widths.map((width) => "-".repeat(width))), ...lines.map(render)].join("\n");
}

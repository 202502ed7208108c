/** The benchmark table in docs/benchmarks.md, between markers, written by `npm run bench -- --update-docs`. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/bundles.js";

export const BENCH_DOCS = join(REPO_ROOT, "docs", "benchmarks.md");
const START = "<!-- bench:table:start (written by `npm run bench -- --update-docs`; do not edit by hand) -->";
const END = "<!-- bench:table:end -->";

/** The generated block of `markdown`, or `null` when it has none. */
export function benchTableOf(markdown: string): string | null {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  return start === -1 || end < start ? null : markdown.slice(start + START.length, end).trim();
}

/** Replaces the generated block of docs/benchmarks.md with `table`. */
export function writeBenchTable(table: string): void {
  const markdown = readFileSync(BENCH_DOCS, "utf8");
  if (benchTableOf(markdown) === null) throw new Error(`${BENCH_DOCS} has no ${START} … ${END} block`);
  const before = markdown.slice(0, markdown.indexOf(START) + START.length);
  const after = markdown.slice(markdown.indexOf(END));
  writeFileSync(BENCH_DOCS, `${before}\n\n${table.trim()}\n\n${after}`);
}

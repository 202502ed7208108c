import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BENCH_DOCS, benchTableOf } from "../../../bench/lib/docs-table.js";
import { BASELINE, THROUGHPUT_TARGETS } from "../../../bench/throughput-variants.js";

// The figures in docs/benchmarks.md are the bench's own output (`npm run bench -- --update-docs`), never typed in.
describe("docs/benchmarks.md", () => {
  const table = benchTableOf(readFileSync(BENCH_DOCS, "utf8"));

  it("holds a table the bench wrote, with a row per throughput variant and its target", () => {
    expect(table).not.toBeNull();
    const rows = table!.split("\n").filter((line) => line.startsWith("| GET throughput"));
    for (const [variant, limit] of Object.entries(THROUGHPUT_TARGETS)) {
      const row = rows.find((line) => line.includes(`| ${variant}: `));
      expect(row, variant).toBeDefined();
      expect(row).toContain(`${BASELINE}: `);
      expect(row).toMatch(/paired ratio over \d+ rounds: quartiles \d\.\d\d–\d\.\d\d/);
      if (limit !== null) expect(row).toContain(`ratio ≥ ${limit}`);
    }
  });
});

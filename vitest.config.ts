import { defineConfig } from "vitest/config";

// Three projects: "unit" needs nothing but Node; "prism" gets real Prism mock servers
// (one per bundle) started by the global setup and stopped when the run ends; "rate" holds the
// multi-process rate tests, which measure sends per window and so run alone, one file at a time,
// after the other two have finished (a CPU-starved process would stall past its arrival margin).
// .ci/run sets VITEST_JSON_REPORT to count passed/failed tests from a machine-readable report.
const jsonReport = process.env["VITEST_JSON_REPORT"];
const RATE_TESTS = ["test/unit/redis/shared-limit.test.ts"];

export default defineConfig({
  test: {
    reporters: jsonReport ? ["default", "json"] : ["default"],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          exclude: [...RATE_TESTS],
          environment: "node",
          sequence: { groupOrder: 0 },
          // Liveness guards, not speed checks: several tests parse the real bundles or start tsx,
          // which takes well over vitest's 5 s default on a loaded 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "prism",
          include: ["test/prism/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/prism/global-setup.ts"],
          sequence: { groupOrder: 0 },
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "rate",
          include: [...RATE_TESTS],
          environment: "node",
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

import { defineConfig } from "vitest/config";

// Two projects: "unit" needs nothing but Node; "prism" gets real Prism mock servers
// (one per bundle) started by the global setup and stopped when the run ends.
// .ci/run sets VITEST_JSON_REPORT to count passed/failed tests from a machine-readable report.
const jsonReport = process.env["VITEST_JSON_REPORT"];

export default defineConfig({
  test: {
    reporters: jsonReport ? ["default", "json"] : ["default"],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
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
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

/**
 * Type-check cost of the named methods: one consumer file making ten calls by name and the same ten
 * calls through the path surface, each checked by `tsc --extendedDiagnostics` (the SDK's source and
 * generated types included). Paired rounds (named, then path) give one ratio each; the median counts.
 */
import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../scripts/lib/bundles.js";
import { row, type BenchResult } from "./lib/report.js";
import { median } from "./lib/stats.js";

const run = promisify(execFile);
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
const WORK_DIR = join(REPO_ROOT, "bench", ".typecheck");

const PRELUDE =
  'import { createAltegioClient } from "../../src/index.js";\nconst altegio = createAltegioClient({ partnerToken: "p", userToken: "u" });\nconst salon = altegio.location(1);\n';

/** Ten operations of different shapes (path + query parameters, bodies, pagination, v2 with include, a scope). */
const CALLS: readonly (readonly [named: string, path: string])[] = [
  ["altegio.v1.getLocation({ location_id: 1 })", 'altegio.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } })'],
  [
    'altegio.v1.getTeamMemberSchedule({ location_id: 1, team_member_id: 2, start_date: "2026-01-01", end_date: "2026-01-31" })',
    'altegio.v1.get("/schedule/{location_id}/{team_member_id}/{start_date}/{end_date}", { params: { path: { location_id: 1, team_member_id: 2, start_date: "2026-01-01", end_date: "2026-01-31" } } })',
  ],
  ['altegio.v1.authorizeUser({ login: "a", password: "b" })', 'altegio.v1.post("/auth", { body: { login: "a", password: "b" } })'],
  ["altegio.v1.getLocationList({ count: 5 })", 'altegio.v1.get("/companies", { params: { query: { count: 5 } } })'],
  [
    "altegio.v1.getTeamMember({ location_id: 1, team_member_id: 2 })",
    'altegio.v1.get("/company/{location_id}/staff/{team_member_id}", { params: { path: { location_id: 1, team_member_id: 2 } } })',
  ],
  [
    "altegio.v1.getClientList({ location_id: 1 }, {})",
    'altegio.v1.post("/company/{location_id}/clients/search", { params: { path: { location_id: 1 } }, body: {} })',
  ],
  ["salon.v1.getLocation()", 'salon.v1.get("/company/{location_id}")'],
  [
    'altegio.v2.getService({ location_id: 1, service_id: 2, include: ["resources"] })',
    'altegio.v2.get("/locations/{location_id}/services/{service_id}", { params: { path: { location_id: 1, service_id: 2 }, query: { include: ["resources"] } } })',
  ],
  [
    "altegio.v2.listServices({ location_id: 1 })",
    'altegio.v2.get("/locations/{location_id}/services", { params: { path: { location_id: 1 } } })',
  ],
  ["salon.v2.teamMembers.listPositions()", 'salon.v2.get("/locations/{company_id}/positions")'],
];

function source(calls: readonly string[]): string {
  return `${PRELUDE}${calls.map((call, index) => `export const r${index} = await ${call};`).join("\n")}\n`;
}

/** `Check time` of `tsc --extendedDiagnostics` for one file, in seconds. */
async function checkSeconds(file: string): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    [TSC, "--noEmit", "--extendedDiagnostics", "--strict", "--target", "es2022", "--module", "nodenext", "--skipLibCheck", file],
    { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  const match = /^Check time:\s+([\d.]+)s$/m.exec(stdout);
  if (!match?.[1]) throw new Error(`no "Check time" in tsc --extendedDiagnostics output for ${file}`);
  return Number(match[1]);
}

export async function runTypecheckBench(options: { rounds: number }): Promise<BenchResult> {
  const started = performance.now();
  await mkdir(WORK_DIR, { recursive: true });
  const named = join(WORK_DIR, "named.ts");
  const viaPath = join(WORK_DIR, "path.ts");
  try {
    await writeFile(named, source(CALLS.map(([call]) => call)));
    await writeFile(viaPath, source(CALLS.map(([, call]) => call)));
    const ratios: number[] = [];
    const namedTimes: number[] = [];
    const pathTimes: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const n = await checkSeconds(named);
      const p = await checkSeconds(viaPath);
      namedTimes.push(n);
      pathTimes.push(p);
      ratios.push(n / p);
    }
    const ratio = median(ratios);
    const entry = row(
      "Type-check time (tsc Check time), ten calls: named methods vs the path surface",
      { label: "named", value: median(namedTimes), unit: "s" },
      { label: "path surface", value: median(pathTimes), unit: "s" },
      { on: "ratio", op: "<=", limit: 1.5 },
      `median of ${options.rounds} paired round(s); ratios ${ratios.map((r) => r.toFixed(2)).join(", ")}`,
    );
    // The row's ratio is of the medians; report the median of the paired ratios instead.
    return { name: "typecheck", durationMs: performance.now() - started, rows: [{ ...entry, ratio, met: ratio <= 1.5 }] };
  } finally {
    await rm(WORK_DIR, { recursive: true, force: true });
  }
}

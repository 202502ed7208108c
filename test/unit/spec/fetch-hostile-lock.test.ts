import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, bundlePath, lockPath } from "../../../scripts/lib/bundles.js";
import type { FetchedBundle } from "../../../scripts/lib/fetch-bundles.js";
import { describeShrink, lockEntryFor, updatedLock, type Lock } from "../../../scripts/lib/lock.js";

/** spec:fetch against broken mirrors and locks, on small synthetic bundles in temporary directories. */

function spec(operations: number, title = "Synthetic widgets"): string {
  const paths = Array.from(
    { length: operations },
    (_, i) => `  /widgets/${i}:\n    get:\n      operationId: getWidget${i}\n      responses:\n        "200":\n          description: ok\n`,
  ).join("");
  return `openapi: 3.1.0\ninfo:\n  title: ${title}\n  version: "1"\n${operations === 0 ? "paths: {}\n" : `paths:\n${paths}`}`;
}

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");
const FETCH_SCRIPT = join(REPO_ROOT, "scripts", "spec", "fetch.ts");

function runFetch(args: string[], dir: string, mirror: string): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_OPENAPI_MIRROR: mirror };
  delete env["ALTEGIO_OPENAPI_BASE_URL"];
  delete env["ALTEGIO_OPENAPI_TIMEOUT_MS"];
  return new Promise((done) => {
    execFile(TSX, [FETCH_SCRIPT, ...args], { cwd: REPO_ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      done({ code, stdout, stderr });
    });
  });
}

function expectOneLineFailure(run: CliRun, pattern: RegExp): void {
  expect(run.code).toBe(1);
  const lines = run.stderr.split("\n").filter((line) => line !== "");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^spec:fetch: /);
  expect(lines[0]).toMatch(pattern);
}

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "altegio-fetch-hostile-lock-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function mirrorWith(label: string, v1: string, v2: string): Promise<string> {
  const dir = join(scratch, label);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "b2b-v1.openapi.yaml"), v1);
  await writeFile(join(dir, "b2b-v2.openapi.yaml"), v2);
  return dir;
}

/** An openapi/ directory whose bundles and lock were taken from a mirror of `v1` and `v2`. */
async function lockedDir(label: string, v1: string, v2: string): Promise<{ dir: string; snapshot: () => Promise<string[]> }> {
  const mirror = await mirrorWith(`${label}-base-mirror`, v1, v2);
  const dir = join(scratch, `${label}-openapi`);
  const run = await runFetch(["--update-lock"], dir, mirror);
  expect(run.code, run.stderr).toBe(0);
  const snapshot = () =>
    Promise.all([bundlePath("b2b-v1", dir), bundlePath("b2b-v2", dir), lockPath(dir)].map((file) => readFile(file, "utf8")));
  return { dir, snapshot };
}

describe("spec:fetch", { timeout: 120_000 }, () => {
  it("checks both bundles before writing either: a bad b2b-v2 leaves b2b-v1 and the lock as they were", async () => {
    const { dir, snapshot } = await lockedDir("two-phase", spec(4), spec(4));
    const before = await snapshot();
    const mirror = await mirrorWith("two-phase-bad-v2", `${spec(4)}# republished\n`, "<html>502 Bad Gateway</html>\n");
    // (without --force, the default mode would not fetch b2b-v2: its copy matches the lock)
    for (const args of [["--update-lock"], ["--force"]]) {
      const run = await runFetch(args, dir, mirror);
      expectOneLineFailure(run, /b2b-v2: .* is an HTML page, not an OpenAPI document/);
      expect(await snapshot()).toEqual(before);
    }
  });

  it("refuses a bundle with fewer than half the locked operations, unless --allow-shrink", async () => {
    const { dir, snapshot } = await lockedDir("shrink", spec(10), spec(4));
    const before = await snapshot();
    const mirror = await mirrorWith("shrink-stub", spec(0, "Maintenance"), spec(4));
    for (const args of [["--update-lock"], ["--force"], ["--frozen", "--force"]]) {
      const run = await runFetch(args, dir, mirror);
      expectOneLineFailure(
        run,
        /^spec:fetch: b2b-v1 has 0 operations, fewer than half of the 10 in .*lock\.json .*; if Altegio really removed them, run again with --allow-shrink$/,
      );
      expect(await snapshot()).toEqual(before);
    }
    // Half is still fine; the flag lets a real shrink through.
    const half = await runFetch(["--force"], dir, await mirrorWith("shrink-half", spec(5), spec(4)));
    expect(half.code, half.stderr).toBe(0);
    const allowed = await runFetch(["--update-lock", "--allow-shrink"], dir, mirror);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(await readFile(lockPath(dir), "utf8")).bundles[0].operations).toBe(0);
  });

  it("a lock entry with the right sha256 but wrong bytes is not 'up to date', and --update-lock repairs it", async () => {
    const { dir } = await lockedDir("bytes", spec(3), spec(3));
    const lock = JSON.parse(await readFile(lockPath(dir), "utf8"));
    const fetchedAt = lock.bundles[0].fetchedAt;
    lock.bundles[0].bytes = 5;
    lock.bundles[0].operations = 5;
    await writeFile(lockPath(dir), `${JSON.stringify(lock, null, 2)}\n`);
    const mirror = join(scratch, "bytes-base-mirror");

    const frozen = await runFetch(["--frozen"], dir, mirror);
    expectOneLineFailure(frozen, /b2b-v1 does not match .*lock\.json: expected sha256 [0-9a-f]{64} \(5 bytes, 5 operations\)/);

    const update = await runFetch(["--update-lock"], dir, mirror);
    expect(update.code, update.stderr).toBe(0);
    const repaired = JSON.parse(await readFile(lockPath(dir), "utf8"));
    expect(repaired.bundles[0]).toMatchObject({ bytes: Buffer.byteLength(spec(3)), operations: 3, fetchedAt });
    const again = await runFetch(["--frozen", "--force"], dir, mirror);
    expect(again.code, again.stderr).toBe(0);
  });

  it("--update-lock rewrites a lock broken by a merge conflict; other modes say how to recover", async () => {
    const { dir } = await lockedDir("conflict", spec(3), spec(3));
    const mirror = join(scratch, "conflict-base-mirror");
    const good = await readFile(lockPath(dir), "utf8");
    const broken = good.replace('"bundles": [', '"bundles": [\n<<<<<<< HEAD\n=======\n>>>>>>> spec-update');
    await writeFile(lockPath(dir), broken);

    const frozen = await runFetch(["--frozen"], dir, mirror);
    expectOneLineFailure(frozen, /lock\.json is not valid JSON .*; fix it, or run `npm run spec:fetch -- --update-lock` to rewrite it$/);
    expect(await readFile(lockPath(dir), "utf8")).toBe(broken);

    const update = await runFetch(["--update-lock"], dir, mirror);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stderr).toMatch(/^spec:fetch: warning: .*lock\.json is not valid JSON .*; rewriting it\n$/);
    const rewritten = JSON.parse(await readFile(lockPath(dir), "utf8")) as Lock;
    expect(rewritten.bundles.map((entry) => entry.name)).toEqual(["b2b-v1", "b2b-v2"]);
    expect((await runFetch(["--frozen"], dir, mirror)).code).toBe(0);
  });
});

describe("lock helpers", () => {
  const bundle = (overrides: Partial<FetchedBundle> = {}): FetchedBundle =>
    ({
      name: "b2b-v1",
      url: "https://example.test/b2b-v1/openapi.yaml",
      sha256: "a".repeat(64),
      bytes: 100,
      openapi: "3.1.0",
      paths: 4,
      operations: 6,
      ...overrides,
    }) as FetchedBundle;
  const MARCH = new Date("2030-03-01T00:00:00.000Z");
  const APRIL = new Date("2030-04-01T00:00:00.000Z");

  it("updatedLock rewrites an entry whose recorded fields differ, keeping fetchedAt for the same bytes", () => {
    const good = lockEntryFor(bundle(), MARCH);
    for (const field of [{ bytes: 5 }, { operations: 1 }, { paths: 9 }, { openapi: "2.0" }]) {
      const previous: Lock = { lockVersion: 1, bundles: [{ ...good, ...field }] };
      expect(updatedLock(previous, [bundle()], APRIL).bundles[0]).toEqual(good);
    }
    const same: Lock = { lockVersion: 1, bundles: [good] };
    expect(updatedLock(same, [bundle()], APRIL).bundles[0]).toBe(good);
    expect(updatedLock(same, [bundle({ sha256: "b".repeat(64) })], APRIL).bundles[0]?.fetchedAt).toBe(APRIL.toISOString());
  });

  it("describeShrink only below half the locked operations, and only with a lock entry", () => {
    const locked = lockEntryFor(bundle({ operations: 260 }), MARCH);
    expect(describeShrink(locked, bundle({ operations: 26 }), "/x/lock.json")).toMatch(
      /^b2b-v1 has 26 operations, fewer than half of the 260 in .*lock\.json/,
    );
    expect(describeShrink(locked, bundle({ operations: 130 }))).toBeUndefined();
    expect(describeShrink(undefined, bundle({ operations: 0 }))).toBeUndefined();
  });
});

import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPO_ROOT, bundlePath, lockPath, type BundleName } from "../../../scripts/lib/bundles.js";
import { fetchBundles, writeBundle } from "../../../scripts/lib/fetch-bundles.js";
import { readLock, writeLock } from "../../../scripts/lib/lock.js";
import { renderUpdateMarkdown, updateSpecs, type UpdateOptions } from "../../../scripts/lib/spec-update.js";

// Synthetic bundles of our own stand in for Altegio's: v1 = widgets, v2 = the compatible variant.
const FIXTURES = join(REPO_ROOT, "test", "fixtures", "diff");
const V1_OLD = join(FIXTURES, "widgets-old.yaml");
const V1_BREAKING = join(FIXTURES, "widgets-new-breaking.yaml");
const V1_COMPATIBLE = join(FIXTURES, "widgets-new-compatible.json");
const V2 = join(FIXTURES, "widgets-new-compatible.json");

let root: string;
let dir: string;
let mirror: string;
let generated: number;

async function publish(name: BundleName, source: string): Promise<void> {
  await copyFile(source, join(mirror, `${name}.openapi.yaml`));
}

const read = (file: string): Promise<string> => readFile(file, "utf8");

function options(overrides: Partial<UpdateOptions> = {}): UpdateOptions {
  return {
    dir,
    fetch: { mirror },
    frozen: false,
    generate: async () => {
      generated += 1;
    },
    now: new Date("2030-01-02T03:04:05.000Z"),
    ...overrides,
  };
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "spec-update-"));
  dir = join(root, "openapi");
  mirror = join(root, "mirror");
  await mkdir(mirror, { recursive: true });
  generated = 0;
  // State after a previous update: old bundles published, stored and locked.
  await publish("b2b-v1", V1_OLD);
  await publish("b2b-v2", V2);
  const bundles = await fetchBundles({ mirror });
  for (const bundle of bundles) await writeBundle(bundle, dir);
  await writeLock(bundles, lockPath(dir), new Date("2029-01-01T00:00:00.000Z"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("updateSpecs", () => {
  it("does nothing when the published bundles are the locked ones", async () => {
    const lockBefore = await read(lockPath(dir));
    const result = await updateSpecs(options());
    expect(result).toMatchObject({ changed: false, breaking: false, problems: [] });
    expect(result.bundles.map((bundle) => bundle.status)).toEqual(["unchanged", "unchanged"]);
    expect(generated).toBe(0);
    expect(await read(lockPath(dir))).toBe(lockBefore);
    expect(renderUpdateMarkdown(result)).toContain("No API changes.");
  });

  it("does not take a lock entry with the right sha256 but the wrong size as up to date: it rewrites it", async () => {
    const lock = JSON.parse(await read(lockPath(dir))) as { bundles: { name: string; bytes: number }[] };
    const entry = lock.bundles.find((bundle) => bundle.name === "b2b-v1")!;
    const bytes = entry.bytes;
    entry.bytes = 5;
    await writeFile(lockPath(dir), JSON.stringify(lock, null, 2));
    const result = await updateSpecs(options());
    expect(result.bundles.map((bundle) => bundle.status)).toEqual(["changed", "unchanged"]);
    expect(result.breaking).toBe(false);
    expect((await readLock(lockPath(dir)))?.bundles.find((bundle) => bundle.name === "b2b-v1")?.bytes).toBe(bytes);
  });

  it("restores missing stored copies of the locked bundles without regenerating", async () => {
    await rm(bundlePath("b2b-v1", dir));
    const result = await updateSpecs(options());
    expect(result.changed).toBe(false);
    expect(await read(bundlePath("b2b-v1", dir))).toBe(await read(V1_OLD));
    expect(generated).toBe(0);
  });

  it("takes a breaking update: lists the changes, stores the bundle, regenerates, relocks", async () => {
    await publish("b2b-v1", V1_BREAKING);
    const v2Before = (await readLock(lockPath(dir)))?.bundles[1];
    const result = await updateSpecs(options());
    expect(result).toMatchObject({ changed: true, breaking: true });
    const [v1, v2] = result.bundles;
    expect(v1?.status).toBe("changed");
    expect(v1?.diff?.summary.breaking).toBe(11);
    expect(v2?.status).toBe("unchanged");
    expect(generated).toBe(1);
    expect(await read(bundlePath("b2b-v1", dir))).toBe(await read(V1_BREAKING));
    const lock = await readLock(lockPath(dir));
    expect(lock?.bundles[0]).toMatchObject({ sha256: v1?.fetched.sha256, fetchedAt: "2030-01-02T03:04:05.000Z" });
    expect(lock?.bundles[1]).toEqual(v2Before);
    const markdown = renderUpdateMarkdown(result);
    expect(markdown).toContain("#### Breaking changes");
    expect(markdown).toContain("- b2b-v2: up to date");
  });

  it("calls a compatible update not breaking", async () => {
    await publish("b2b-v1", V1_COMPATIBLE);
    const result = await updateSpecs(options());
    expect(result).toMatchObject({ changed: true, breaking: false });
    expect(result.bundles[0]?.diff?.changes.length).toBeGreaterThan(0);
    expect(generated).toBe(1);
  });

  it("counts a change it cannot compare (no stored copy of the locked bundle) as breaking", async () => {
    await rm(bundlePath("b2b-v1", dir));
    await publish("b2b-v1", V1_COMPATIBLE);
    const result = await updateSpecs(options());
    expect(result.bundles[0]).toMatchObject({ status: "changed", storedCopy: "missing", diff: null });
    expect(result.breaking).toBe(true);
    expect(renderUpdateMarkdown(result)).toContain("b2b-v1: changes cannot be listed");
  });

  it("puts the previous bundles back and keeps the lock when generation fails", async () => {
    await publish("b2b-v1", V1_BREAKING);
    const lockBefore = await read(lockPath(dir));
    const failing = options({
      generate: () => Promise.reject(new Error("generator broke")),
    });
    await expect(updateSpecs(failing)).rejects.toThrow("generator broke");
    expect(await read(bundlePath("b2b-v1", dir))).toBe(await read(V1_OLD));
    expect(await read(lockPath(dir))).toBe(lockBefore);
  });

  it("--frozen reports a changed bundle and writes nothing", async () => {
    await publish("b2b-v1", V1_BREAKING);
    const lockBefore = await read(lockPath(dir));
    const result = await updateSpecs(options({ frozen: true }));
    expect(result.problems).toEqual(["b2b-v1 as published differs from the lock"]);
    expect(result.bundles[0]?.diff?.breaking).toBe(true);
    expect(generated).toBe(0);
    expect(await read(bundlePath("b2b-v1", dir))).toBe(await read(V1_OLD));
    expect(await read(lockPath(dir))).toBe(lockBefore);
  });
});

describe("spec:update CLI", () => {
  const run = (env: Record<string, string>, ...args: string[]) => {
    const script = join(REPO_ROOT, "scripts", "spec", "update.ts");
    const result = spawnSync(join(REPO_ROOT, "node_modules", ".bin", "tsx"), [script, ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_OPENAPI_MIRROR: mirror, ...env },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it("exits 0 and writes the changelog file when up to date", async () => {
    const changelog = join(root, "changelog.md");
    const result = run({}, "--changelog-file", changelog);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("b2b-v1: up to date");
    expect(await read(changelog)).toContain("No API changes.");
  });

  it("--frozen exits 2 with one line when the published bundle differs from the lock", async () => {
    await publish("b2b-v1", V1_BREAKING);
    const lockBefore = await read(lockPath(dir));
    const result = run({}, "--frozen");
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("BREAKING  operation removed");
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "spec:update: --frozen: b2b-v1 as published differs from the lock; run `npm run spec:update` to take the new bundles",
    ]);
    expect(await read(lockPath(dir))).toBe(lockBefore);
  });

  it("exits 2 with one line when the mirror is missing", () => {
    const result = run({ ALTEGIO_OPENAPI_MIRROR: join(root, "nowhere") });
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^spec:update: b2b-v1: mirror directory .* does not exist/);
  });
});

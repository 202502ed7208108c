import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, lockPath } from "../../../scripts/lib/bundles.js";
import { fetchBundles, type FetchedBundle } from "../../../scripts/lib/fetch-bundles.js";
import {
  LockError,
  compareWithLock,
  describeLockDifference,
  lockEntryFor,
  parseLock,
  readLock,
  serializeLock,
  updatedLock,
  writeLock,
  type Lock,
} from "../../../scripts/lib/lock.js";

function bundle(name: "b2b-v1" | "b2b-v2", sha: string, overrides: Partial<FetchedBundle> = {}): FetchedBundle {
  return {
    name,
    url: `https://example.test/${name}/openapi.yaml`,
    source: "network",
    from: `https://example.test/${name}/openapi.yaml`,
    text: "openapi: 3.1.0\n",
    doc: { openapi: "3.1.0" },
    sha256: sha.repeat(64),
    bytes: 100,
    openapi: "3.1.0",
    paths: 2,
    operations: 3,
    ...overrides,
  };
}

const MARCH = new Date("2026-03-01T10:00:00.000Z");
const APRIL = new Date("2026-04-01T10:00:00.000Z");

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "altegio-spec-lock-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("lockEntryFor / serializeLock", () => {
  it("keeps a fixed key order whatever order the input has", () => {
    const shuffled = { operations: 3, paths: 2, openapi: "3.1.0", bytes: 100, sha256: "a".repeat(64), url: "u", name: "b2b-v1" } as const;
    expect(Object.keys(lockEntryFor(shuffled, MARCH))).toEqual([
      "name",
      "url",
      "sha256",
      "bytes",
      "openapi",
      "paths",
      "operations",
      "fetchedAt",
    ]);
    expect(lockEntryFor(shuffled, MARCH).fetchedAt).toBe("2026-03-01T10:00:00.000Z");
  });

  it("writes 2-space JSON with a trailing newline that parses back to the same lock", () => {
    const lock = updatedLock(null, [bundle("b2b-v1", "a"), bundle("b2b-v2", "b")], MARCH);
    const text = serializeLock(lock);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "bundles": [\n    {\n      "name": "b2b-v1",');
    expect(parseLock(text, "lock.json")).toEqual(lock);
  });
});

describe("updatedLock", () => {
  it("orders entries v1 then v2 and keeps fetchedAt for unchanged bytes", () => {
    const first = updatedLock(null, [bundle("b2b-v2", "b"), bundle("b2b-v1", "a")], MARCH);
    expect(first.bundles.map((entry) => entry.name)).toEqual(["b2b-v1", "b2b-v2"]);

    const second = updatedLock(first, [bundle("b2b-v1", "a"), bundle("b2b-v2", "c", { bytes: 120 })], APRIL);
    expect(second.bundles[0]).toEqual(first.bundles[0]);
    expect(second.bundles[1]).toMatchObject({ sha256: "c".repeat(64), bytes: 120, fetchedAt: APRIL.toISOString() });
  });

  it("keeps entries for bundles that were not fetched", () => {
    const first = updatedLock(null, [bundle("b2b-v1", "a"), bundle("b2b-v2", "b")], MARCH);
    const second = updatedLock(first, [bundle("b2b-v2", "d")], APRIL);
    expect(second.bundles.map((entry) => [entry.name, entry.sha256[0]])).toEqual([
      ["b2b-v1", "a"],
      ["b2b-v2", "d"],
    ]);
  });
});

describe("parseLock / readLock", () => {
  const valid = serializeLock(updatedLock(null, [bundle("b2b-v1", "a")], MARCH));

  it.each<[string, (lock: { lockVersion: number; bundles: Record<string, unknown>[] }) => unknown, RegExp]>([
    ["a newer lockVersion", (lock) => ({ ...lock, lockVersion: 2 }), /is not a version 1 spec lock/],
    [
      "a short sha256",
      (lock) => ({ ...lock, bundles: [{ ...lock.bundles[0], sha256: "abc" }] }),
      /bundles\[0\]\.sha256 is missing or malformed/,
    ],
    [
      "an unknown bundle",
      (lock) => ({ ...lock, bundles: [{ ...lock.bundles[0], name: "b2b-v3" }] }),
      /name "b2b-v3" is not one of b2b-v1, b2b-v2/,
    ],
    [
      "a fractional count",
      (lock) => ({ ...lock, bundles: [{ ...lock.bundles[0], operations: 2.5 }] }),
      /operations must be a non-negative integer/,
    ],
    ["a bad timestamp", (lock) => ({ ...lock, bundles: [{ ...lock.bundles[0], fetchedAt: "yesterday" }] }), /fetchedAt is not a timestamp/],
    ["a duplicate bundle", (lock) => ({ ...lock, bundles: [lock.bundles[0], lock.bundles[0]] }), /lists b2b-v1 twice/],
  ])("rejects %s", (_label, mutate, message) => {
    const broken = JSON.stringify(mutate(JSON.parse(valid) as { lockVersion: number; bundles: Record<string, unknown>[] }));
    expect(() => parseLock(broken, "openapi/lock.json")).toThrow(LockError);
    expect(() => parseLock(broken, "openapi/lock.json")).toThrow(message);
  });

  it("rejects text that is not JSON, naming the file", () => {
    expect(() => parseLock("{ lockVersion: 1", "openapi/lock.json")).toThrow(/^openapi\/lock\.json is not valid JSON/);
  });

  it("returns null when there is no lock file", async () => {
    expect(await readLock(join(scratch, "absent.json"))).toBeNull();
  });
});

describe("writeLock", () => {
  it("merges into the lock on disk", async () => {
    const file = join(scratch, "lock.json");
    await writeLock([bundle("b2b-v1", "a"), bundle("b2b-v2", "b")], file, MARCH);
    const written = await writeLock([bundle("b2b-v2", "e")], file, APRIL);
    expect(await readLock(file)).toEqual(written);
    expect(written.bundles.map((entry) => [entry.sha256[0], entry.fetchedAt])).toEqual([
      ["a", MARCH.toISOString()],
      ["e", APRIL.toISOString()],
    ]);
  });

  it("refuses to merge into a corrupt lock instead of overwriting it", async () => {
    const file = join(scratch, "corrupt.json");
    await writeFile(file, "not json");
    await expect(writeLock([bundle("b2b-v1", "a")], file)).rejects.toThrow(LockError);
    expect(await readFile(file, "utf8")).toBe("not json");
  });
});

describe("compareWithLock", () => {
  const lock: Lock = updatedLock(null, [bundle("b2b-v1", "a")], MARCH);

  it("tells matches, changes and unlocked bundles apart", () => {
    const result = compareWithLock(lock, [bundle("b2b-v1", "a"), bundle("b2b-v2", "b")]);
    expect(result.map((comparison) => comparison.status)).toEqual(["match", "unlocked"]);
    const changed = compareWithLock(lock, [bundle("b2b-v1", "f", { bytes: 7 })]);
    expect(changed[0]?.status).toBe("changed");
    expect(compareWithLock(null, [bundle("b2b-v1", "a")])[0]?.status).toBe("unlocked");
  });

  it("explains a change with both hashes, sizes and how to accept it", () => {
    const [changed] = compareWithLock(lock, [bundle("b2b-v1", "f", { bytes: 7, operations: 4 })]);
    if (changed === undefined) throw new Error("no comparison");
    const line = describeLockDifference(changed, resolve("openapi/lock.json"));
    expect(line).toBe(
      `b2b-v1 does not match openapi/lock.json: expected sha256 ${"a".repeat(64)} (100 bytes, 3 operations), ` +
        `got sha256 ${"f".repeat(64)} (7 bytes, 4 operations); if the new bundle is expected, run ` +
        "`npm run spec:fetch -- --update-lock` (or `npm run spec:update` to review the changes) and commit openapi/lock.json",
    );
    const [match] = compareWithLock(lock, [bundle("b2b-v1", "a")]);
    if (match === undefined) throw new Error("no comparison");
    expect(describeLockDifference(match)).toBeUndefined();
  });
});

describe("the committed lock", () => {
  const mirror = resolve(process.env["ALTEGIO_OPENAPI_MIRROR"] || join(REPO_ROOT, "..", "shared", "openapi"));

  it("is well-formed and records 260 v1 and 42 v2 operations", async () => {
    const lock = await readLock(lockPath(join(REPO_ROOT, "openapi")));
    expect(lock?.bundles.map((entry) => [entry.name, entry.openapi, entry.paths, entry.operations])).toEqual([
      ["b2b-v1", "3.1.1", 202, 260],
      ["b2b-v2", "3.1.1", 32, 42],
    ]);
  });

  it(`matches the bundles in the mirror (${mirror})`, { timeout: 30_000 }, async () => {
    const lock = await readLock(lockPath(join(REPO_ROOT, "openapi")));
    const bundles = await fetchBundles({ mirror });
    const comparisons = compareWithLock(lock, bundles);
    expect(comparisons.map((comparison) => describeLockDifference(comparison))).toEqual([undefined, undefined]);
    expect(bundles.map((b) => [b.name, b.sha256, b.paths, b.operations])).toEqual([
      ["b2b-v1", "227a4747cc6753e26eab30634b8d466e2a7013a904213ce1f863c4f3a6d58f20", 202, 260],
      ["b2b-v2", "bc9cbcc9c5f1b5cdd9d732b9e66144efe2c0c43bef874d95c236ac9fd31556bf", 32, 42],
    ]);
  });
});

import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { BUNDLE_NAMES, isBundleName, lockPath, type BundleName } from "./bundles.js";
import { errorCode } from "./cli.js";
import type { FetchedBundle } from "./fetch-bundles.js";
import { isRecord } from "./openapi-doc.js";
import { writeFileAtomic } from "./write-atomic.js";

export const LOCK_VERSION = 1;

export interface LockEntry {
  readonly name: BundleName;
  readonly url: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly openapi: string;
  readonly paths: number;
  readonly operations: number;
  /** ISO timestamp of when these bytes were first taken into the lock. */
  readonly fetchedAt: string;
}

export interface Lock {
  readonly lockVersion: typeof LOCK_VERSION;
  readonly bundles: readonly LockEntry[];
}

export class LockError extends Error {
  override readonly name = "LockError";
}

/** Built field by field so the JSON key order never depends on where the values came from. */
export function lockEntryFor(bundle: Omit<LockEntry, "fetchedAt">, fetchedAt: Date | string = new Date()): LockEntry {
  return {
    name: bundle.name,
    url: bundle.url,
    sha256: bundle.sha256,
    bytes: bundle.bytes,
    openapi: bundle.openapi,
    paths: bundle.paths,
    operations: bundle.operations,
    fetchedAt: typeof fetchedAt === "string" ? fetchedAt : fetchedAt.toISOString(),
  };
}

function parseEntry(value: unknown, file: string, index: number): LockEntry {
  const where = `${file}: bundles[${index}]`;
  if (!isRecord(value)) throw new LockError(`${where} is not an object`);
  const text = (key: string, pattern?: RegExp): string => {
    const field = value[key];
    if (typeof field !== "string" || (pattern !== undefined && !pattern.test(field))) {
      throw new LockError(`${where}.${key} is missing or malformed`);
    }
    return field;
  };
  const count = (key: string): number => {
    const field = value[key];
    if (typeof field !== "number" || !Number.isInteger(field) || field < 0) {
      throw new LockError(`${where}.${key} must be a non-negative integer`);
    }
    return field;
  };
  const name = text("name");
  if (!isBundleName(name)) throw new LockError(`${where}.name "${name}" is not one of ${BUNDLE_NAMES.join(", ")}`);
  const fetchedAt = text("fetchedAt");
  if (Number.isNaN(Date.parse(fetchedAt))) throw new LockError(`${where}.fetchedAt is not a timestamp`);
  return lockEntryFor(
    {
      name,
      url: text("url"),
      sha256: text("sha256", /^[0-9a-f]{64}$/),
      bytes: count("bytes"),
      openapi: text("openapi"),
      paths: count("paths"),
      operations: count("operations"),
    },
    fetchedAt,
  );
}

export function parseLock(text: string, file: string = lockPath()): Lock {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8 quotes the text around the error, newlines included: keep the message on one line.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
    throw new LockError(`${file} is not valid JSON (${reason})`);
  }
  if (!isRecord(data) || data["lockVersion"] !== LOCK_VERSION || !Array.isArray(data["bundles"])) {
    throw new LockError(`${file} is not a version ${LOCK_VERSION} spec lock ({"lockVersion": 1, "bundles": [...]})`);
  }
  const bundles = data["bundles"].map((entry, index) => parseEntry(entry, file, index));
  const names = bundles.map((entry) => entry.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new LockError(`${file} lists ${duplicate} twice`);
  return { lockVersion: LOCK_VERSION, bundles };
}

/** How to get out of a lock that cannot be read (a merge conflict, a bad edit). */
export const LOCK_REPAIR_HINT = "fix it, or run `npm run spec:fetch -- --update-lock` to rewrite it";

/** The lock at `file`, or null when there is none yet; a {@link LockError} naming the way out when it is unusable. */
export async function readLock(file: string = lockPath()): Promise<Lock | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw new LockError(`cannot read ${file} (${error instanceof Error ? error.message : String(error)}); ${LOCK_REPAIR_HINT}`);
  }
  try {
    return parseLock(text, file);
  } catch (error) {
    if (error instanceof LockError) throw new LockError(`${error.message}; ${LOCK_REPAIR_HINT}`, { cause: error });
    throw error;
  }
}

export function serializeLock(lock: Lock): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/**
 * Whether a bundle is the one a lock entry pins: the one rule (sha256 and size) every comparison
 * with the lock uses, so `--frozen`, "up to date" and `--force` cannot disagree.
 */
export function matchesLockEntry(locked: Pick<LockEntry, "sha256" | "bytes">, actual: { sha256: string; bytes: number }): boolean {
  return locked.sha256 === actual.sha256 && locked.bytes === actual.bytes;
}

/**
 * The lock with entries for `bundles` replaced. An entry whose recorded fields all still describe
 * the bundle is kept as it was, so re-locking the same bundle does not churn `fetchedAt`; one with
 * any field wrong (a bad edit) is rewritten, keeping its `fetchedAt` when the bytes are the same.
 */
export function updatedLock(previous: Lock | null, bundles: readonly FetchedBundle[], now: Date = new Date()): Lock {
  const entries = new Map<BundleName, LockEntry>(previous?.bundles.map((entry) => [entry.name, entry]));
  for (const bundle of bundles) {
    const old = entries.get(bundle.name);
    const sameBytes = old !== undefined && old.sha256 === bundle.sha256 && old.url === bundle.url;
    const entry = lockEntryFor(bundle, sameBytes ? old.fetchedAt : now);
    const unchanged = sameBytes && JSON.stringify(entry) === JSON.stringify(old);
    entries.set(bundle.name, unchanged ? old : entry);
  }
  const bundlesInOrder = BUNDLE_NAMES.flatMap((name) => entries.get(name) ?? []);
  return { lockVersion: LOCK_VERSION, bundles: bundlesInOrder };
}

/**
 * Writes the lock for `bundles` (merged into the lock already at `file`, or into `previous` when
 * given: null rewrites the lock from scratch, e.g. one too broken to read) atomically.
 */
export async function writeLock(
  bundles: readonly FetchedBundle[],
  file: string = lockPath(),
  now: Date = new Date(),
  previous?: Lock | null,
): Promise<Lock> {
  const lock = updatedLock(previous === undefined ? await readLock(file) : previous, bundles, now);
  await writeFileAtomic(file, serializeLock(lock));
  return lock;
}

export type LockComparison =
  | { readonly name: BundleName; readonly status: "match"; readonly locked: LockEntry; readonly actual: FetchedBundle }
  | { readonly name: BundleName; readonly status: "changed"; readonly locked: LockEntry; readonly actual: FetchedBundle }
  | { readonly name: BundleName; readonly status: "unlocked"; readonly actual: FetchedBundle };

export function compareWithLock(lock: Lock | null, bundles: readonly FetchedBundle[]): LockComparison[] {
  return bundles.map((actual) => {
    const locked = lock?.bundles.find((entry) => entry.name === actual.name);
    if (locked === undefined) return { name: actual.name, status: "unlocked", actual };
    return { name: actual.name, status: matchesLockEntry(locked, actual) ? "match" : "changed", locked, actual };
  });
}

export const UPDATE_LOCK_HINT =
  "if the new bundle is expected, run `npm run spec:fetch -- --update-lock` (or `npm run spec:update` to review the changes) and commit openapi/lock.json";

/** One line explaining a comparison that is not a match; undefined for a match. */
export function describeLockDifference(comparison: LockComparison, lockFile: string = lockPath()): string | undefined {
  const file = relative(process.cwd(), lockFile) || lockFile;
  const { actual } = comparison;
  const got = `sha256 ${actual.sha256} (${actual.bytes} bytes, ${actual.operations} operations)`;
  switch (comparison.status) {
    case "match":
      return undefined;
    case "unlocked":
      return `${comparison.name} is not in ${file}; fetched ${got}; ${UPDATE_LOCK_HINT}`;
    case "changed": {
      const { locked } = comparison;
      const expected = `sha256 ${locked.sha256} (${locked.bytes} bytes, ${locked.operations} operations)`;
      return `${comparison.name} does not match ${file}: expected ${expected}, got ${got}; ${UPDATE_LOCK_HINT}`;
    }
  }
}

/**
 * One line refusing a bundle with fewer than half the locked operations (a stub or maintenance
 * page, or a cut the other checks missed); undefined when the bundle is not that much smaller.
 */
export function describeShrink(locked: LockEntry | undefined, actual: FetchedBundle, lockFile: string = lockPath()): string | undefined {
  if (locked === undefined || actual.operations * 2 >= locked.operations) return undefined;
  const file = relative(process.cwd(), lockFile) || lockFile;
  return (
    `${actual.name} has ${actual.operations} operations, fewer than half of the ${locked.operations} in ${file} ` +
    `(a stub or a cut-short bundle?); if Altegio really removed them, run again with --allow-shrink`
  );
}

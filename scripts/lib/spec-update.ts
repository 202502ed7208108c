import { readFile, rm } from "node:fs/promises";
import { BUNDLE_NAMES, bundlePath, lockPath, type BundleName } from "./bundles.js";
import { renderMarkdown, renderText } from "./changelog.js";
import { errorCode } from "./cli.js";
import { fetchBundles, sha256Hex, writeBundle, type FetchOptions, type FetchedBundle } from "./fetch-bundles.js";
import { matchesLockEntry, readLock, writeLock, type LockEntry } from "./lock.js";
import { parseOpenApiText } from "./openapi-parse.js";
import { diffSpecs } from "./spec-diff.js";
import type { SpecDiff } from "./spec-diff-types.js";
import { writeFileAtomic } from "./write-atomic.js";

export interface UpdateOptions {
  /** The `openapi/` directory (lock, bundles). */
  readonly dir: string;
  readonly fetch: FetchOptions;
  /** Check only: report differences from the lock, write nothing. */
  readonly frozen: boolean;
  /**
   * Regenerates the SDK from the bundles now in `dir`; throws on failure. `signal` aborts on
   * SIGINT/SIGTERM: stop generating (and settle only once stopped) so the bundles can be put back.
   */
  readonly generate: (signal: AbortSignal) => Promise<void>;
  readonly now?: Date;
}

/** The copy in `openapi/bundles/`, against the lock: the old side of the diff when it matches. */
export type StoredCopy = "match" | "missing" | "differs";

export interface BundleUpdate {
  readonly name: BundleName;
  readonly status: "unchanged" | "changed" | "unlocked";
  readonly locked: LockEntry | undefined;
  readonly fetched: FetchedBundle;
  readonly storedCopy: StoredCopy;
  /** Changes since the locked bundle; null when unchanged or when no copy of it was at hand. */
  readonly diff: SpecDiff | null;
}

export interface UpdateResult {
  readonly bundles: readonly BundleUpdate[];
  readonly changed: boolean;
  /** A breaking change, or a change that could not be compared and so cannot be called safe. */
  readonly breaking: boolean;
  /** Why a `--frozen` run fails; always empty otherwise. */
  readonly problems: readonly string[];
}

async function readStoredText(name: BundleName, dir: string): Promise<string | null> {
  try {
    return await readFile(bundlePath(name, dir), "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
}

function compareBundle(fetched: FetchedBundle, locked: LockEntry | undefined, storedText: string | null): BundleUpdate {
  const storedMatches = storedText !== null && locked !== undefined && sha256Hex(storedText) === locked.sha256;
  const storedCopy: StoredCopy = storedText === null ? "missing" : storedMatches ? "match" : "differs";
  // The same rule as spec:fetch: a lock entry whose size is wrong (a bad edit) is not up to date, and is rewritten.
  const status = locked === undefined ? "unlocked" : matchesLockEntry(locked, fetched) ? "unchanged" : "changed";
  let diff: SpecDiff | null = null;
  if (status === "changed" && storedCopy === "match" && storedText !== null) {
    diff = diffSpecs(parseOpenApiText(`stored ${fetched.name}`, storedText).doc, fetched.doc);
  }
  return { name: fetched.name, status, locked, fetched, storedCopy, diff };
}

function frozenProblems(bundles: readonly BundleUpdate[]): string[] {
  return bundles.flatMap((bundle) => {
    const problems: string[] = [];
    if (bundle.status === "unlocked") problems.push(`${bundle.name} is not in the lock`);
    if (bundle.status === "changed") problems.push(`${bundle.name} as published differs from the lock`);
    if (bundle.storedCopy === "differs") problems.push(`openapi/bundles copy of ${bundle.name} differs from the lock`);
    return problems;
  });
}

/**
 * Fetches the latest bundles and compares them with the lock. Unless frozen, and when something
 * changed: stores the new bundles, regenerates, and rewrites the lock — restoring the previous
 * bundles when generation fails, so the lock and the stored copies never disagree.
 */
export async function updateSpecs(options: UpdateOptions): Promise<UpdateResult> {
  const lockFile = lockPath(options.dir);
  const lock = await readLock(lockFile);
  const fetched = await fetchBundles(options.fetch);
  const storedTexts = new Map<BundleName, string | null>();
  for (const name of BUNDLE_NAMES) storedTexts.set(name, await readStoredText(name, options.dir));
  const bundles = fetched.map((bundle) =>
    compareBundle(
      bundle,
      lock?.bundles.find((entry) => entry.name === bundle.name),
      storedTexts.get(bundle.name) ?? null,
    ),
  );
  const changed = bundles.some((bundle) => bundle.status !== "unchanged");
  const breaking = bundles.some((bundle) => bundle.status !== "unchanged" && (bundle.diff?.breaking ?? true));
  if (options.frozen) return { bundles, changed, breaking, problems: frozenProblems(bundles) };

  if (!changed) {
    // Same bytes as locked: only a missing or stray local copy needs replacing; nothing to regenerate.
    for (const bundle of bundles) if (bundle.storedCopy !== "match") await writeBundle(bundle.fetched, options.dir);
    return { bundles, changed, breaking, problems: [] };
  }
  const interrupt = catchInterrupts();
  try {
    try {
      for (const bundle of fetched) {
        interrupt.check();
        await writeBundle(bundle, options.dir);
      }
      interrupt.check();
      await options.generate(interrupt.signal);
    } catch (error) {
      await restoreStoredCopies(storedTexts, options.dir);
      throw interrupt.received === undefined
        ? error
        : new InterruptedError(interrupt.received, "previous bundles restored, lock unchanged");
    }
    // Generated from the new bundles: only the matching lock keeps the three in step, so it is written even now.
    await writeLock(fetched, lockFile, options.now);
    if (interrupt.received !== undefined)
      throw new InterruptedError(interrupt.received, "the update had completed: new bundles, output and lock");
  } finally {
    interrupt.dispose();
  }
  return { bundles, changed, breaking, problems: [] };
}

/** SIGINT/SIGTERM during an update; exits 128 + the signal's number, like a shell reports it. */
export class InterruptedError extends Error {
  override readonly name = "InterruptedError";
  readonly exitCode: number;
  constructor(
    readonly signal: "SIGINT" | "SIGTERM",
    outcome: string,
  ) {
    super(`interrupted by ${signal}; ${outcome}`);
    this.exitCode = signal === "SIGINT" ? 130 : 143;
  }
}

/**
 * While bundles are being replaced, SIGINT/SIGTERM do not kill the process half-way: they are
 * remembered and abort `signal`, so the update takes its failure path (bundles put back).
 */
function catchInterrupts() {
  const controller = new AbortController();
  let received: "SIGINT" | "SIGTERM" | undefined;
  const onSignal = (signal: "SIGINT" | "SIGTERM"): void => {
    received ??= signal;
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    check(): void {
      if (received !== undefined) throw new Error(`interrupted by ${received}`);
    },
    dispose(): void {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

async function restoreStoredCopies(texts: ReadonlyMap<BundleName, string | null>, dir: string): Promise<void> {
  for (const [name, text] of texts) {
    if (text === null) await rm(bundlePath(name, dir), { force: true });
    else await writeFileAtomic(bundlePath(name, dir), text);
  }
}

const short = (sha256: string): string => sha256.slice(0, 12);

/** One line per bundle: what happened to it. */
function statusLine(bundle: BundleUpdate): string {
  const { fetched, locked } = bundle;
  switch (bundle.status) {
    case "unchanged":
      return `${bundle.name}: up to date (sha256 ${short(fetched.sha256)}, ${fetched.operations} operations)`;
    case "unlocked":
      return `${bundle.name}: not in the lock yet (sha256 ${short(fetched.sha256)}, ${fetched.operations} operations)`;
    case "changed":
      return (
        `${bundle.name}: changed (sha256 ${short(locked?.sha256 ?? "")} → ${short(fetched.sha256)}, ` +
        `${locked?.operations} → ${fetched.operations} operations)`
      );
  }
}

function uncomparedNote(bundle: BundleUpdate): string {
  const why =
    bundle.status === "unlocked"
      ? "there is no locked version to compare with"
      : `no copy of the locked bundle (sha256 ${short(bundle.locked?.sha256 ?? "")}) was in openapi/bundles`;
  return `${bundle.name}: changes cannot be listed: ${why}; review the new bundle by hand (counted as breaking).`;
}

export function renderUpdateText(result: UpdateResult): string {
  const parts = result.bundles.map((bundle) => {
    if (bundle.status === "unchanged") return `${statusLine(bundle)}\n`;
    const body = bundle.diff === null ? `${uncomparedNote(bundle)}\n` : renderText(bundle.diff, { title: bundle.name });
    return `${statusLine(bundle)}\n${body}`;
  });
  return parts.join("\n");
}

/** Markdown for the pull request body; each bundle's list is capped so the whole stays under GitHub's limit. */
export function renderUpdateMarkdown(result: UpdateResult): string {
  const lines = ["## Altegio OpenAPI update", "", ...result.bundles.map((bundle) => `- ${statusLine(bundle)}`)];
  if (!result.changed) lines.push("", "No API changes.");
  const sections = result.bundles
    .filter((bundle) => bundle.status !== "unchanged")
    .map((bundle) =>
      bundle.diff === null
        ? `### ${bundle.name}\n\n${uncomparedNote(bundle)}\n`
        : renderMarkdown(bundle.diff, { title: bundle.name, maxLength: 30_000 }),
    );
  return [`${lines.join("\n")}\n`, ...sections].join("\n");
}

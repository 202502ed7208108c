/**
 * `npm run spec:fetch [-- --frozen | --update-lock] [--force] [--allow-shrink] [--lock <file>]`
 * Gets the Altegio OpenAPI bundles (network, or ALTEGIO_OPENAPI_MIRROR) into openapi/bundles/
 * and checks them against openapi/lock.json.
 */
import { relative, resolve } from "node:path";
import { BUNDLE_NAMES, lockPath, openapiDir, type BundleName } from "../lib/bundles.js";
import { UsageError, parseCommandLine, runCli } from "../lib/cli.js";
import { fetchBundle, fetchOptionsFromEnv, localBundleDigest, writeBundle, type FetchedBundle } from "../lib/fetch-bundles.js";
import {
  LOCK_REPAIR_HINT,
  LockError,
  compareWithLock,
  describeLockDifference,
  describeShrink,
  matchesLockEntry,
  readLock,
  writeLock,
  type Lock,
  type LockEntry,
} from "../lib/lock.js";

const USAGE = "usage: npm run spec:fetch -- [--frozen | --update-lock] [--force] [--allow-shrink] [--lock <file>]";

type Mode = "default" | "frozen" | "update-lock";

interface Args {
  readonly mode: Mode;
  readonly force: boolean;
  readonly allowShrink: boolean;
  readonly lock: string | undefined;
}

function argsOf(argv: string[]): Args {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        frozen: { type: "boolean", default: false },
        "update-lock": { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        "allow-shrink": { type: "boolean", default: false },
        lock: { type: "string" },
      },
      allowPositionals: false,
    },
    USAGE,
  );
  if (values.frozen && values["update-lock"]) {
    throw new UsageError(`--frozen and --update-lock contradict each other; ${USAGE}`);
  }
  const mode: Mode = values.frozen ? "frozen" : values["update-lock"] ? "update-lock" : "default";
  return { mode, force: values.force, allowShrink: values["allow-shrink"], lock: values.lock };
}

function shortPath(file: string): string {
  return relative(process.cwd(), file) || file;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
}

function summary(entry: Pick<LockEntry, "sha256" | "bytes" | "operations">): string {
  return `sha256 ${entry.sha256.slice(0, 12)}  ${formatSize(entry.bytes)}  ${entry.operations} operations`;
}

async function isUpToDate(name: BundleName, locked: LockEntry | undefined, dir: string): Promise<boolean> {
  if (locked === undefined) return false;
  const local = await localBundleDigest(name, dir);
  return local !== null && matchesLockEntry(locked, local);
}

async function main(): Promise<number> {
  const args = argsOf(process.argv.slice(2));
  const options = fetchOptionsFromEnv(process.env);
  const dir = openapiDir(process.env);
  const lockFile = args.lock !== undefined ? resolve(args.lock) : lockPath(dir);
  let lock: Lock | null;
  const warnings: string[] = [];
  try {
    lock = await readLock(lockFile);
  } catch (error) {
    // --update-lock reads the old lock only to keep `fetchedAt`: an unreadable one is rewritten.
    if (!(args.mode === "update-lock" && error instanceof LockError)) throw error;
    warnings.push(`${error.message.replace(`; ${LOCK_REPAIR_HINT}`, "")}; rewriting it`);
    lock = null;
  }
  if (args.mode === "frozen" && lock === null) {
    throw new Error(
      `--frozen needs a lock, and ${shortPath(lockFile)} does not exist; create it with \`npm run spec:fetch -- --update-lock\``,
    );
  }

  // Every bundle is fetched and checked before any is written: a failure leaves openapi/ as it was.
  const fetched: FetchedBundle[] = [];
  for (const name of BUNDLE_NAMES) {
    const locked = lock?.bundles.find((entry) => entry.name === name);
    // --update-lock always fetches: its point is to take what is published now.
    if (args.mode !== "update-lock" && !args.force && locked && (await isUpToDate(name, locked, dir))) {
      console.log(`${name}  up to date  ${summary(locked)}`);
      continue;
    }
    const bundle = await fetchBundle(name, options);
    const shrink = args.allowShrink ? undefined : describeShrink(locked, bundle, lockFile);
    if (shrink !== undefined) throw new Error(shrink);
    const [comparison] = compareWithLock(lock, [bundle]);
    const difference = comparison && describeLockDifference(comparison, lockFile);
    // A bundle that contradicts the lock must not replace the good copy CI relies on.
    if (args.mode === "frozen" && difference !== undefined) throw new Error(difference);
    if (args.mode === "default" && difference !== undefined) warnings.push(difference);
    fetched.push(bundle);
  }
  for (const bundle of fetched) {
    const file = await writeBundle(bundle, dir);
    console.log(`${bundle.name}  ${bundle.source}  ${summary(bundle)}  -> ${shortPath(file)}`);
  }

  if (args.mode === "update-lock") {
    await writeLock(fetched, lockFile, new Date(), lock);
    console.log(`lock written: ${shortPath(lockFile)}`);
  }
  for (const warning of warnings) console.error(`spec:fetch: warning: ${warning}`);
  return 0;
}

await runCli("spec:fetch", main);

import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { DIST_DIR, build } from "./build.js";
import { REPO_ROOT } from "./lib/bundles.js";
import {
  FACADE_GZIP_BUDGET_BYTES,
  FACADE_GZIP_LIMIT_BYTES,
  ONE_CALL_APP_LIMIT_BYTES,
  ONE_CALL_APP_TARGET_BYTES,
  ONE_CALL_APPS,
  OPERATION_TABLE_LIMIT_BYTES,
  OPERATION_TABLE_TARGET_BYTES,
  formatBytes,
  formatModuleShares,
  measureBundleSizes,
  measureOneCallApp,
  measureOperationTableSize,
  type BundleSizes,
  type SizeFigure,
} from "./lib/bundle-size.js";
import { oneLine, runCli } from "./lib/cli.js";
import { packRepository } from "./lib/pack.js";
import { checkPackageContents } from "./lib/package-contents.js";

/**
 * `npm run check:package`: builds, packs, and checks what `npm publish` would ship — the file list,
 * publint, Are The Types Wrong (ESM-only profile) and the facade's minified+gzipped size.
 */

const log = (line: string): void => console.log(`check:package: ${line}`);

async function runPublint(tarball: string): Promise<string[]> {
  const data = await readFile(tarball);
  const { messages, pkg } = await publint({
    level: "suggestion",
    strict: true,
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
  });
  return messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
}

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

/** Resolution modes the esm-only profile does not check: an ESM-only package cannot serve them. */
const IGNORED_BY_ESM_ONLY = new Set(["node10", "node16-cjs"]);

function runAttw(tarball: string): string[] {
  const attw = join(REPO_ROOT, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");
  const result = spawnSync(
    process.execPath,
    [attw, tarball, "--profile", "esm-only", "--no-definitely-typed", "--format", "json", "--no-color"],
    { encoding: "utf8" },
  );
  if (result.status === 0) return [];
  let problems: AttwProblem[] = [];
  try {
    const report = JSON.parse(result.stdout) as { problems?: Record<string, AttwProblem[]> };
    problems = Object.values(report.problems ?? {}).flat();
  } catch {
    return [`attw failed: ${(result.stderr || result.stdout).trim().split("\n")[0] ?? ""}`];
  }
  const visible = problems.filter((problem) => !IGNORED_BY_ESM_ONLY.has(problem.resolutionKind ?? ""));
  return (visible.length > 0 ? visible : problems).map(
    (problem) => `${problem.kind} for "${problem.entrypoint ?? "."}" (${problem.resolutionKind ?? "all"})`,
  );
}

async function checkSize(): Promise<string[]> {
  let sizes: BundleSizes;
  try {
    sizes = await measureBundleSizes(join(DIST_DIR, "index.js"));
  } catch (error) {
    return [`size: ${error instanceof Error ? oneLine(error.message) : String(error)}`];
  }
  const facade = sizes.facade.gzippedBytes;
  log(
    `size facade ${formatBytes(facade)} min+gz (target ≤ ${formatBytes(FACADE_GZIP_BUDGET_BYTES)}: ` +
      `${facade <= FACADE_GZIP_BUDGET_BYTES ? "met" : "missed"}), ` +
      `with operation tables ${formatBytes(sizes.withOperationTables.gzippedBytes)}, openapi-fetch excluded`,
  );
  return facade > FACADE_GZIP_LIMIT_BYTES
    ? [`size: facade ${formatBytes(facade)} min+gz exceeds the regression limit ${formatBytes(FACADE_GZIP_LIMIT_BYTES)}`]
    : [];
}

/** One size against its target (reported) and its ceiling (fails the check). */
function sizeVerdict(label: string, figure: SizeFigure, target: number, limit: number): string[] {
  const size = figure.gzippedBytes;
  log(
    `size ${label} ${formatBytes(size)} min+gz (target ≤ ${formatBytes(target)}: ${size <= target ? "met" : "missed"}; limit ${formatBytes(limit)})`,
  );
  return size > limit ? [`size: ${label} ${formatBytes(size)} min+gz exceeds the limit ${formatBytes(limit)}`] : [];
}

async function checkTableAndAppSizes(): Promise<string[]> {
  try {
    const [table, pathApp, namedApp] = await Promise.all([
      measureOperationTableSize(join(DIST_DIR, "generated", "operations.js")),
      measureOneCallApp(join(DIST_DIR, "index.js"), ONE_CALL_APPS.path),
      measureOneCallApp(join(DIST_DIR, "index.js"), ONE_CALL_APPS.named),
    ]);
    log(`size one-call app, minified bytes by module: ${formatModuleShares(pathApp.modules)}`);
    return [
      ...sizeVerdict("operation table", table, OPERATION_TABLE_TARGET_BYTES, OPERATION_TABLE_LIMIT_BYTES),
      ...sizeVerdict("one-call app (browser, openapi-fetch included)", pathApp, ONE_CALL_APP_TARGET_BYTES, ONE_CALL_APP_LIMIT_BYTES),
      ...sizeVerdict("one-call app, named call", namedApp, ONE_CALL_APP_TARGET_BYTES, ONE_CALL_APP_LIMIT_BYTES),
    ];
  } catch (error) {
    return [`size: ${error instanceof Error ? oneLine(error.message) : String(error)}`];
  }
}

async function main(): Promise<number> {
  await build();
  log("build ok (dist/)");
  const workDir = await mkdtemp(join(tmpdir(), "altegio-pack-"));
  try {
    const packed = packRepository(workDir);
    const failures: string[] = [];

    const contentProblems = checkPackageContents(packed.files);
    failures.push(...contentProblems.map((problem) => `pack: ${problem}`));
    log(
      `pack ${packed.files.length} files, ${formatBytes(packed.size)} packed / ${formatBytes(packed.unpackedSize)} unpacked` +
        (contentProblems.length === 0 ? " — contents ok" : ` — ${contentProblems.length} problem(s)`),
    );

    const lint = await runPublint(packed.tarball);
    failures.push(...lint.map((message) => `publint ${message}`));
    log(lint.length === 0 ? "publint clean" : `publint: ${lint.length} message(s)`);

    const types = runAttw(packed.tarball);
    failures.push(...types.map((problem) => `attw: ${problem}`));
    log(types.length === 0 ? "attw clean (profile esm-only)" : `attw: ${types.length} problem(s)`);

    failures.push(...(await checkSize()), ...(await checkTableAndAppSizes()));
    for (const failure of failures) console.error(`check:package: ${failure}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

await runCli("check:package", main);

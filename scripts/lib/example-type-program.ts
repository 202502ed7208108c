import { execFile } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./bundles.js";
import {
  type ApiVersion,
  type ExampleExclusion,
  type ExampleTypeCases,
  HELPERS_MODULE,
  renderCaseModule,
  type TypedExample,
} from "./example-type-cases.js";
import { writeFileAtomic } from "./write-atomic.js";

/**
 * The type-level proof as a TypeScript program on disk: one module of cases per API version, the
 * helpers, a tsconfig and a manifest (`cases.json`: where each case is, never its value). Written
 * by `npm run generate` into a git-ignored directory, compiled by one `tsc` run in the unit tests.
 */

export const MANIFEST = "cases.json";

export type CaseLocation = Omit<TypedExample, "value" | "type"> & { readonly file: string; readonly line: number };

export interface ExampleTypeManifest {
  readonly cases: readonly CaseLocation[];
  readonly excluded: readonly ExampleExclusion[];
  readonly invalid: Readonly<Record<ApiVersion, number>>;
}

export interface CaseFailure {
  readonly location: CaseLocation | undefined;
  readonly message: string;
}

/**
 * `test/.example-types`; `ALTEGIO_EXAMPLE_TYPES_DIR` when set; beside the generated directory when
 * that is redirected (`ALTEGIO_GENERATED_DIR`: generate's tests and the bench), so a generation
 * elsewhere never rewrites the program the unit tests compile.
 */
export function exampleTypesDir(env: NodeJS.ProcessEnv = process.env): string {
  const redirected = env["ALTEGIO_GENERATED_DIR"];
  return env["ALTEGIO_EXAMPLE_TYPES_DIR"] ?? (redirected ? `${redirected}.example-types` : join(REPO_ROOT, "test", ".example-types"));
}

/** An import specifier for `target` (a .ts file) as a module in `fromDir` sees it. */
function specifier(fromDir: string, target: string): string {
  const path = relative(fromDir, target).split(sep).join("/").replace(/\.ts$/, ".js");
  return path.startsWith(".") ? path : `./${path}`;
}

/** Writes the program in `dir`, its imports as seen from `at`, where it is moved to (by default `dir`). */
export async function writeExampleTypeProgram(
  dir: string,
  generatedDir: string,
  byVersion: Readonly<Record<ApiVersion, ExampleTypeCases>>,
  at = dir,
): Promise<ExampleTypeManifest> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const typedClient = specifier(at, join(REPO_ROOT, "src", "facade", "typed-client.ts"));
  await writeFileAtomic(join(dir, "helpers.ts"), HELPERS_MODULE.replaceAll("%TYPED_CLIENT%", typedClient));
  const cases: CaseLocation[] = [];
  for (const version of ["v1", "v2"] as const) {
    const { source, lines } = renderCaseModule(version, byVersion[version].cases, specifier(at, join(generatedDir, `${version}.ts`)));
    await writeFileAtomic(join(dir, `${version}.ts`), source);
    byVersion[version].cases.forEach(({ value: _value, type: _type, ...where }, i) => {
      cases.push({ ...where, file: `${version}.ts`, line: lines[i] as number });
    });
  }
  const tsconfig = {
    extends: specifier(at, join(REPO_ROOT, "tsconfig.json")).replace(/\.js$/, ".json"),
    compilerOptions: { noEmit: true, skipLibCheck: true, incremental: false },
    include: ["./*.ts"],
  };
  await writeFileAtomic(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const manifest: ExampleTypeManifest = {
    cases,
    excluded: [...byVersion.v1.excluded, ...byVersion.v2.excluded],
    invalid: { v1: byVersion.v1.invalid, v2: byVersion.v2.invalid },
  };
  await writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

export async function readExampleTypeManifest(dir: string): Promise<ExampleTypeManifest> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST), "utf8")) as ExampleTypeManifest;
  } catch {
    throw new Error(`${join(dir, MANIFEST)} is missing: run \`npm run generate\` first`);
  }
}

const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

/** Compiles the program with one `tsc` run; every error, named by the case on its line. */
export async function compileExampleTypes(dir: string, manifest: ExampleTypeManifest): Promise<CaseFailure[]> {
  const output = await promisify(execFile)(process.execPath, [TSC, "-p", join(dir, "tsconfig.json"), "--pretty", "false"], {
    cwd: dir,
    maxBuffer: 256 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => stdout + stderr,
    (error: { stdout?: string; stderr?: string; message: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}` || error.message,
  );
  const byPlace = new Map(manifest.cases.map((location) => [`${location.file}:${location.line}`, location]));
  const failures: CaseFailure[] = [];
  for (const line of output.split("\n")) {
    const match = /^(.+?)\((\d+),\d+\): error (.*)$/.exec(line);
    if (match !== null) {
      const file = (match[1] as string).split(/[\\/]/).pop() as string;
      failures.push({ location: byPlace.get(`${file}:${match[2]}`), message: match[3] as string });
    } else if (line.trim() !== "" && !line.startsWith(" ")) {
      failures.push({ location: undefined, message: line });
    }
  }
  return failures;
}

export function describeFailure({ location, message }: CaseFailure): string {
  if (location === undefined) return message;
  const id = location.operationId === undefined ? "" : `${location.operationId} `;
  return `${location.version} ${id}${location.operation} ${location.status} ${location.place} ${location.source}: ${message.slice(0, 400)}`;
}

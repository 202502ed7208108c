import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import { REPO_ROOT } from "./bundles.js";

/**
 * Size of the SDK as a user's bundler would ship it: one minified ESM bundle of the public entry,
 * gzipped at level 9. openapi-fetch is always left out (it is the one runtime dependency and is
 * shared with anything else built on it).
 */

export interface SizeFigure {
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
}

/** One input module's share of a bundle: its bytes in the minified output (esbuild's metafile). */
export interface ModuleShare {
  /** Relative to the repository, e.g. `src/facade/errors.ts` or `node_modules/openapi-fetch/dist/index.mjs`. */
  readonly module: string;
  readonly minifiedBytes: number;
}

export interface AppSizeFigure extends SizeFigure {
  /** Every module in the bundle, largest first; their bytes add up to about `minifiedBytes`. */
  readonly modules: readonly ModuleShare[];
}

export interface BundleSizes {
  /** Handwritten facade only: the generated operation tables are left out as well. */
  readonly facade: SizeFigure;
  /** Facade plus the generated runtime operation tables: what a user really ships. */
  readonly withOperationTables: SizeFigure;
}

/** Maximum gzipped size of the facade (issue 6). */
export const FACADE_GZIP_BUDGET_BYTES = 5 * 1024;

/**
 * Hard ceiling the package check enforces: well above the measured size, so it only trips when
 * something heavy (a dependency, the operation tables) slips into the facade by accident.
 */
export const FACADE_GZIP_LIMIT_BYTES = 21 * 1024;

const OPERATION_TABLES = /[\\/]generated[\\/]operations(\.js|\.ts)?$/;

const externalOperationTables: Plugin = {
  name: "external-operation-tables",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /generated[\\/]operations/ }, (args) =>
      OPERATION_TABLES.test(args.path) ? { path: args.path, external: true } : undefined,
    );
  },
};

type Entry = { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string } };

async function sizeOf(
  entry: Entry,
  plugins: Plugin[],
  external: string[] = ["openapi-fetch"],
  platform: "neutral" | "browser" = "neutral",
): Promise<AppSizeFigure> {
  const result = await build({
    ...entry,
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    target: "es2022",
    external,
    plugins,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
  if (!output) throw new Error("esbuild produced no output");
  const modules = Object.entries(inputs)
    .map(([module, { bytesInOutput }]) => ({ module, minifiedBytes: bytesInOutput }))
    .filter((share) => share.minifiedBytes > 0)
    .sort((a, b) => b.minifiedBytes - a.minifiedBytes);
  return { minifiedBytes: output.contents.byteLength, gzippedBytes: gzipSync(output.contents, { level: 9 }).byteLength, modules };
}

/** `modules` as one line, the largest `count` by name and the rest summed: "src/generated/operations.js 14.2 kB, …". */
export function formatModuleShares(modules: readonly ModuleShare[], count = 8): string {
  const named = modules.slice(0, count).map((share) => `${share.module} ${formatBytes(share.minifiedBytes)}`);
  const rest = modules.slice(count).reduce((sum, share) => sum + share.minifiedBytes, 0);
  return [...named, ...(rest > 0 ? [`${modules.length - count} more ${formatBytes(rest)}`] : [])].join(", ");
}

/** `entry`: src/index.ts or dist/index.js. */
export async function measureBundleSizes(entry: string): Promise<BundleSizes> {
  const [facade, withOperationTables] = await Promise.all([
    sizeOf({ entryPoints: [entry] }, [externalOperationTables]),
    sizeOf({ entryPoints: [entry] }, []),
  ]);
  return { facade, withOperationTables };
}

/** openapi-fetch measured the same way: the yardstick the facade is compared with. */
export function measureOpenapiFetchSize(resolveDir: string): Promise<SizeFigure> {
  const contents = 'export { default } from "openapi-fetch"; export * from "openapi-fetch";';
  return sizeOf({ stdin: { contents, resolveDir } }, [], []);
}

/**
 * Targets (issue 13) and the regression ceilings `check:package` enforces (set just above what the
 * build measures, so growth fails the check; the targets themselves are reported, see docs/benchmarks.md).
 */
export const OPERATION_TABLE_TARGET_BYTES = 1.5 * 1024;
export const OPERATION_TABLE_LIMIT_BYTES = 4 * 1024;
export const ONE_CALL_APP_TARGET_BYTES = 14 * 1024;
export const ONE_CALL_APP_LIMIT_BYTES = 27 * 1024;

/** The generated operation tables alone (`src/generated/operations.ts` or its build output), as shipped. */
export function measureOperationTableSize(operationsModule: string): Promise<SizeFigure> {
  const contents = `export * from ${JSON.stringify(operationsModule)};`;
  return sizeOf({ stdin: { contents, resolveDir: REPO_ROOT } }, [], []);
}

/** The calls the one-call apps make: the same operation through the path surface and by name. */
export const ONE_CALL_APPS = {
  path: 'altegio.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } })',
  named: "altegio.v1.getLocation({ location_id: 1 })",
} as const;

/**
 * An app that creates a client and makes one call, bundled for the browser with everything it
 * imports (openapi-fetch included), minified and gzipped. `entry`: src/index.ts or dist/index.js.
 */
export function measureOneCallApp(entry: string, call: string, options: { withoutNamedMethods?: boolean } = {}): Promise<AppSizeFigure> {
  const contents = [
    `import { createAltegioClient } from ${JSON.stringify(entry)};`,
    'const altegio = createAltegioClient({ partnerToken: "partner", userToken: "user" });',
    `console.log(await ${call});`,
  ].join("\n");
  return sizeOf({ stdin: { contents, resolveDir: REPO_ROOT } }, options.withoutNamedMethods ? [withoutNamedMethods] : [], [], "browser");
}

/** The client as it was before named methods: their runtime module replaced by a pass-through. */
const withoutNamedMethods: Plugin = {
  name: "without-named-methods",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /[\\/]named\.js$/ }, (args) =>
      args.importer.includes("facade") ? { path: args.path, namespace: "named-stub" } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: "named-stub" }, () => ({
      contents: "export const withNamedMethods = (api) => api;",
      loader: "js",
    }));
  },
};

/** How much one named call may add to that app (issue 10). */
export const NAMED_CALL_GROWTH_TARGET_BYTES = 2 * 1024;

export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(2)} kB`;
}

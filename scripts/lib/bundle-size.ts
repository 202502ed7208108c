import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

/**
 * Size of the SDK as a user's bundler would ship it: one minified ESM bundle of the public entry,
 * gzipped at level 9. openapi-fetch is always left out (it is the one runtime dependency and is
 * shared with anything else built on it).
 */

export interface SizeFigure {
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
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
export const FACADE_GZIP_LIMIT_BYTES = 13 * 1024;

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

async function sizeOf(entry: Entry, plugins: Plugin[], external: string[] = ["openapi-fetch"]): Promise<SizeFigure> {
  const result = await build({
    ...entry,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    external,
    plugins,
    write: false,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild produced no output");
  return { minifiedBytes: output.contents.byteLength, gzippedBytes: gzipSync(output.contents, { level: 9 }).byteLength };
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

export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(2)} kB`;
}

import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";

/** The files a bundler pulls in for an entry point (its import graph). */
async function inputsOf(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(REPO_ROOT, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: "neutral",
    format: "esm",
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs);
}

describe("altegio-sdk/testing stays out of the main entry", () => {
  it("the main entry imports neither msw, openapi-msw nor the testing kit and its default responses", async () => {
    const inputs = await inputsOf("src/index.ts");
    expect(inputs.some((path) => path.includes("src/facade/client.ts"))).toBe(true);
    expect(inputs.filter((path) => /node_modules\/(msw|openapi-msw)\/|src\/testing\/|src\/generated\/examples/.test(path))).toEqual([]);
  });

  it("the testing entry does import them (so the check above can fail)", async () => {
    const inputs = await inputsOf("src/testing/index.ts");
    expect(inputs.some((path) => path.includes("node_modules/openapi-msw/"))).toBe(true);
    expect(inputs.some((path) => path.includes("src/generated/examples.ts"))).toBe(true);
  });
});

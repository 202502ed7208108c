import { describe, expect, it } from "vitest";
import { checkPackageContents } from "../../../scripts/lib/package-contents.js";

const complete = [
  "package.json",
  "README.md",
  "LICENSE",
  "dist/index.js",
  "dist/index.d.ts",
  "dist/facade/client.js",
  "dist/facade/client.d.ts",
  "dist/generated/v1.d.ts",
  "dist/generated/v1.js",
  "dist/generated/v2.d.ts",
  "dist/generated/v2.js",
  "dist/generated/operations.js",
  "dist/generated/operations.d.ts",
  "dist/redis/index.js",
  "dist/redis/index.d.ts",
  "dist/webhooks/index.js",
  "dist/webhooks/index.d.ts",
  "dist/testing/index.js",
  "dist/testing/index.d.ts",
  "dist/generated/examples.js",
  "dist/generated/examples.d.ts",
  "dist/generated/v1-named.js",
  "dist/generated/v1-named.d.ts",
  "dist/generated/v2-named.js",
  "dist/generated/v2-named.d.ts",
  "dist/operations.json",
  "dist/operations.md",
].map((path) => ({ path }));

describe("checkPackageContents", () => {
  it("accepts compiled code, declarations (generated types included), the operation index, README, LICENSE and package.json", () => {
    expect(checkPackageContents(complete)).toEqual([]);
  });

  it("rejects sources, tests, bundles, source maps and tarballs", () => {
    const extra = [
      "src/index.ts",
      "src/generated/v1.ts",
      "test/unit/foo.test.ts",
      "openapi/bundles/b2b-v1.openapi.yaml",
      "dist/index.js.map",
      "altegio-sdk-0.1.0.tgz",
      "dist/operations.csv",
    ];
    expect(checkPackageContents([...complete, ...extra.map((path) => ({ path }))])).toEqual(extra.map((path) => `unexpected ${path}`));
  });

  it("reports a subpath entry when it is missing", () => {
    expect(checkPackageContents(complete.filter(({ path }) => !path.startsWith("dist/webhooks/")))).toEqual([
      "missing dist/webhooks/index.js",
      "missing dist/webhooks/index.d.ts",
    ]);
  });

  it("reports the generated types and the entry point when they are missing", () => {
    const withoutGenerated = complete.filter(
      ({ path }) => !path.startsWith("dist/generated/") && path !== "dist/index.d.ts" && !path.startsWith("dist/operations."),
    );
    expect(checkPackageContents(withoutGenerated)).toEqual([
      "missing dist/index.d.ts",
      "missing dist/generated/v1.d.ts",
      "missing dist/generated/v2.d.ts",
      "missing dist/generated/operations.js",
      "missing dist/generated/operations.d.ts",
      "missing dist/generated/examples.js",
      "missing dist/generated/v1-named.d.ts",
      "missing dist/generated/v2-named.d.ts",
      "missing dist/operations.json",
      "missing dist/operations.md",
    ]);
  });
});

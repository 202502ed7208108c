import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";
import { formatModuleShares, measureOneCallApp, ONE_CALL_APPS } from "../../../scripts/lib/bundle-size.js";

describe("the one-call app's size (check:package, bench)", () => {
  it("says which modules its minified bytes come from, largest first, adding up to the bundle", async () => {
    const app = await measureOneCallApp(join(REPO_ROOT, "src/index.ts"), ONE_CALL_APPS.path);
    const modules = app.modules.map((share) => share.module);
    expect(modules).toContain("src/generated/operations.ts");
    expect(modules).toContain("src/facade/errors.ts");
    expect(modules.some((module) => module.includes("node_modules/openapi-fetch/"))).toBe(true);
    // Nothing of the subpath entries reaches an app that imports the main entry.
    expect(modules.filter((module) => /src\/(testing|webhooks|redis)\//.test(module))).toEqual([]);
    const sizes = app.modules.map((share) => share.minifiedBytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const sum = sizes.reduce((total, bytes) => total + bytes, 0);
    // The rest of the output is esbuild's glue between modules.
    expect(sum).toBeLessThanOrEqual(app.minifiedBytes);
    expect(sum).toBeGreaterThan(app.minifiedBytes * 0.95);
  }, 60_000);

  it("prints the largest modules by name and sums the rest", () => {
    const modules = [
      { module: "a.ts", minifiedBytes: 3072 },
      { module: "b.ts", minifiedBytes: 2048 },
      { module: "c.ts", minifiedBytes: 600 },
      { module: "d.ts", minifiedBytes: 400 },
    ];
    expect(formatModuleShares(modules, 2)).toBe("a.ts 3.00 kB, b.ts 2.00 kB, 2 more 1000 B");
    expect(formatModuleShares(modules.slice(0, 2), 2)).toBe("a.ts 3.00 kB, b.ts 2.00 kB");
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";

// The map of layers at the top of src/index.ts is how a contributor finds their way in: a module
// added or renamed without a place in it makes the map lie.
describe("the layer map of src/index.ts", () => {
  const header = /^\/\*\*[\s\S]*?\*\//.exec(readFileSync(join(REPO_ROOT, "src/index.ts"), "utf8"))?.[0] ?? "";

  it("names every module of src/facade", () => {
    const modules = readdirSync(join(REPO_ROOT, "src/facade")).filter((name) => name.endsWith(".ts"));
    expect(modules.length).toBeGreaterThan(20);
    expect(modules.filter((module) => !new RegExp(`\\b${module.replace(".", "\\.")}`).test(header))).toEqual([]);
  });

  it("names every subpath entry", () => {
    const entries = readdirSync(join(REPO_ROOT, "src"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !["facade", "generated"].includes(entry.name))
      .map((entry) => `altegio-sdk/${entry.name}`);
    expect(entries.filter((entry) => !header.includes(entry))).toEqual([]);
  });
});

/**
 * `engines` must promise only what works: the package is ESM only, and CommonJS users load it with
 * Node's require(esm), unflagged from 20.19 and 22.12. The README states the same range.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";

type Version = readonly [number, number, number];

function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`not a version: ${text}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The two comparator forms the range uses (`^x.y.z`, `>=x.y.z`), joined by `||`; anything else throws. */
function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  return range.split("||").some((part) => {
    const comparator = part.trim();
    if (comparator.startsWith("^")) {
      const base = parseVersion(comparator.slice(1));
      return v[0] === base[0] && compare(v, base) >= 0;
    }
    if (comparator.startsWith(">=")) return compare(v, parseVersion(comparator.slice(2))) >= 0;
    throw new Error(`unsupported comparator in engines.node: ${comparator}`);
  });
}

const packageJson = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as { engines: { node: string } };
const range = packageJson.engines.node;

describe("engines.node", () => {
  it.each(["20.19.0", "20.20.2", "22.12.0", "22.23.5", "24.0.0", "26.1.0"])("admits %s, where require(esm) works", (version) => {
    expect(satisfies(version, range)).toBe(true);
  });

  it.each(["18.20.0", "20.0.0", "20.18.3", "21.7.3", "22.0.0", "22.11.0"])('excludes %s, where require("altegio-sdk") fails', (version) => {
    expect(satisfies(version, range)).toBe(false);
  });

  it("is the range the README states", async () => {
    const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toContain(`Node.js \`${range}\``);
  });
});

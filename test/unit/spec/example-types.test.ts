import { describe, expect, it } from "vitest";
import { BUNDLE_NAMES } from "../../../scripts/lib/bundles.js";
import { exampleTypeCases } from "../../../scripts/lib/example-type-cases.js";
import {
  compileExampleTypes,
  describeFailure,
  exampleTypesDir,
  readExampleTypeManifest,
} from "../../../scripts/lib/example-type-program.js";
import { loadBundle } from "../../../scripts/lib/load-bundle.js";
import { normalizeSpec } from "../../../scripts/lib/normalize.js";

/**
 * The type-level proof (issue 9): every example of both bundles that validates against its
 * normalised schema, declared as a value of its generated type (`npm run generate` writes them to
 * test/.example-types/), compiles in one `tsc` program. A failure names the operation and example.
 */
describe("the bundles' examples as values of the generated types", () => {
  it("cover every example that validates, in both bundles", async () => {
    const manifest = await readExampleTypeManifest(exampleTypesDir());
    const versions = { "b2b-v1": "v1", "b2b-v2": "v2" } as const;
    for (const bundle of BUNDLE_NAMES) {
      const version = versions[bundle];
      const expected = exampleTypeCases(version, normalizeSpec(await loadBundle(bundle)).doc);
      const written = manifest.cases.filter((location) => location.version === version);
      expect(written.length, `${version}: cases written by npm run generate`).toBe(expected.cases.length);
      expect(written.length).toBeGreaterThan(0);
      expect(manifest.excluded.filter((exclusion) => exclusion.version === version)).toEqual(expected.excluded);
    }
  }, 120_000);

  it("compile with tsc: every request body as client.post accepts it, every response as client.get returns it", async () => {
    const dir = exampleTypesDir();
    const manifest = await readExampleTypeManifest(dir);
    const failures = await compileExampleTypes(dir, manifest);
    expect(failures.map(describeFailure)).toEqual([]);
  }, 240_000);
});

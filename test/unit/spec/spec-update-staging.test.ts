import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPO_ROOT, lockPath, type BundleName } from "../../../scripts/lib/bundles.js";
import { fetchBundles, writeBundle } from "../../../scripts/lib/fetch-bundles.js";
import { writeLock } from "../../../scripts/lib/lock.js";

/**
 * `npm run spec:update` end to end (the real generator) on small synthetic specs of our own, in a
 * temporary directory: a rejected update must leave every file as it was, generated output included.
 */

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");

function spec(title: string, paths: string): string {
  return `openapi: 3.1.0\ninfo: { title: ${title}, version: "1" }\npaths:\n${paths}`;
}
const WIDGETS = `  /widgets:
    get:
      operationId: listWidgets
      responses: { "200": { description: ok, content: { application/json: { schema: { type: object, properties: { id: { type: integer } } } } } } }
`;
const GADGETS = `  /gadgets:
    get:
      operationId: listGadgets
      responses: { "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } } }
`;
const V1_OLD = spec("Synthetic widgets", WIDGETS);
const V1_NEW = spec("Synthetic widgets", WIDGETS + GADGETS);
const V2_OLD = spec("Synthetic gadgets", GADGETS);
/** Generation writes everything, then its audit rejects it: a 2xx JSON response without a schema. */
const V2_AUDIT_FAILS = spec(
  "Synthetic gadgets",
  `${GADGETS}  /gadgets/{id}:
    get:
      operationId: getGadget
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses: { "200": { description: ok, content: { application/json: {} } } }
`,
);
/** Breaks inside openapi-typescript, after v1's output was written. */
const V2_GENERATION_BREAKS = spec(
  "Synthetic gadgets",
  `  /gadgets:
    get:
      operationId: listGadgets
      parameters: ["page"]
      responses: { "200": { description: ok } }
`,
);

let root: string;
let env: NodeJS.ProcessEnv;

const publish = (name: BundleName, text: string): Promise<void> => writeFile(join(root, "mirror", `${name}.openapi.yaml`), text);

function run(script: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [join(REPO_ROOT, "scripts", script)], { cwd: REPO_ROOT, env, timeout: 120_000 }, (error, _stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stderr }),
    );
  });
}

/** Every file under the temporary root but the mirror, by path. */
async function snapshot(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name);
    if (entry.isFile() && !file.startsWith(join(root, "mirror"))) files[relative(root, file)] = await readFile(file, "utf8");
  }
  return files;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "spec-update-staging-"));
  const dir = join(root, "openapi");
  await mkdir(join(root, "mirror"));
  env = {
    ...process.env,
    ALTEGIO_OPENAPI_DIR: dir,
    ALTEGIO_OPENAPI_MIRROR: join(root, "mirror"),
    ALTEGIO_GENERATED_DIR: join(root, "gen"),
  };
  delete env["ALTEGIO_EXAMPLE_TYPES_DIR"];
  // State after a previous update: the old bundles stored, locked and generated from.
  await publish("b2b-v1", V1_OLD);
  await publish("b2b-v2", V2_OLD);
  const bundles = await fetchBundles({ mirror: join(root, "mirror") });
  for (const bundle of bundles) await writeBundle(bundle, dir);
  await writeLock(bundles, lockPath(dir), new Date("2029-01-01T00:00:00.000Z"));
  expect(await run("generate.ts")).toMatchObject({ code: 0 });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("spec:update with the real generator", () => {
  it.each([
    ["the audit fails after everything was generated", V2_AUDIT_FAILS, /the spec audit found 1 unfixed problem/],
    ["generation breaks in the second bundle", V2_GENERATION_BREAKS, /`npm run generate` failed/],
  ])("leaves bundles, lock and generated output exactly as before when %s", async (_label, v2, why) => {
    const before = await snapshot();
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(["gen/v1.ts", "gen/operations.json", "openapi/normalized/b2b-v1.json", "gen.example-types/cases.json"]),
    );
    await publish("b2b-v1", V1_NEW);
    await publish("b2b-v2", v2);
    const result = await run(join("spec", "update.ts"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(why);
    expect(await snapshot()).toEqual(before);
  });

  it("takes an accepted update whole, the example program still pointing at the generated types", async () => {
    const before = await snapshot();
    await publish("b2b-v1", V1_NEW);
    expect((await run(join("spec", "update.ts"))).code).toBe(0);
    const after = await snapshot();
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(after["gen/v1.ts"]).toContain('"/gadgets"');
    expect(after["openapi/bundles/b2b-v1.openapi.yaml"]).toBe(V1_NEW);
    expect(after["gen.example-types/v1.ts"]).toContain('from "../gen/v1.js"');
    expect(after["gen.example-types/tsconfig.json"]).toBe(before["gen.example-types/tsconfig.json"]);
  });
});

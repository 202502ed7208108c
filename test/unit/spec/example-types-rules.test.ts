import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";
import { CONFORM_KINDS } from "../../../scripts/lib/conform-to-examples.js";
import { exampleTypeCases, type TypedExample, typeAtPointer } from "../../../scripts/lib/example-type-cases.js";
import { compileExampleTypes, describeFailure, writeExampleTypeProgram } from "../../../scripts/lib/example-type-program.js";
import { generateTypes } from "../../../scripts/lib/generate-types.js";
import { normalizeSpec } from "../../../scripts/lib/normalize.js";
import { STRUCTURE_RULES } from "../../../scripts/lib/normalize-structure.js";
import type { OpenApiDoc } from "../../../scripts/lib/openapi-doc.js";
import { auditSpec } from "../../../scripts/lib/spec-audit.js";
import { writeFileAtomic } from "../../../scripts/lib/write-atomic.js";

/**
 * The type-level proof on small specs of our own: an example JSON Schema accepts but the generated
 * type rejects is reported by operation and example, and the normalisation rule for it makes it compile.
 */

// A v2-style server URL: the v1 envelope rules stay out of the way.
function spec(paths: Record<string, unknown>): OpenApiDoc {
  return {
    openapi: "3.1.0",
    info: { title: "synthetic", version: "1" },
    servers: [{ url: "https://api.example.test/api/v2" }],
    components: { schemas: {} },
    paths: paths as OpenApiDoc["paths"],
  };
}
const getting = (schema: unknown, example: unknown) => ({
  "/things": {
    get: { operationId: "list_things", responses: { 200: { description: "ok", content: { "application/json": { schema, example } } } } },
  },
});
const posting = (schema: unknown, example: unknown) => ({
  "/things": {
    post: {
      operationId: "create_thing",
      requestBody: { required: true, content: { "application/json": { schema, example } } },
      responses: { 201: { description: "created" } },
    },
  },
});

let workDir: string;
beforeAll(async () => {
  // Inside the repository, so the program resolves the SDK's modules and @types/node as the real one does.
  workDir = await mkdtemp(join(REPO_ROOT, "test", ".example-types-synthetic-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

let programs = 0;
/** The proof for one document (as v1), with `more` values of our own: the failures tsc reports, described. */
async function proofFailures(doc: OpenApiDoc, more: readonly TypedExample[] = []): Promise<string[]> {
  const dir = join(workDir, `p${programs++}`);
  await writeFileAtomic(join(dir, "generated", "v1.ts"), await generateTypes(doc));
  await writeFileAtomic(join(dir, "generated", "v2.ts"), "export interface paths {}\nexport interface components {}\n");
  const found = exampleTypeCases("v1", doc);
  const cases = { v1: { ...found, cases: [...found.cases, ...more] }, v2: { cases: [], excluded: [], invalid: 0 } };
  const manifest = await writeExampleTypeProgram(join(dir, "program"), join(dir, "generated"), cases);
  expect(manifest.cases.length).toBeGreaterThan(0);
  return (await compileExampleTypes(join(dir, "program"), manifest)).map(describeFailure);
}
const countOf = (doc: OpenApiDoc, kind: string) => normalizeSpec(doc).report.changes.find((change) => change.kind === kind)?.count ?? 0;

describe("type-level proof on synthetic specs", () => {
  it("names the operation and example whose value the generated type rejects, and compiles once normalised", async () => {
    // JSON Schema lets undeclared properties through; the generated type is closed, and `{type: object}` is Record<string, never>.
    const schema = {
      type: "object",
      required: ["id"],
      properties: { id: { type: "integer" }, tags: { type: "array", items: { type: "object" } } },
    };
    const input = spec(getting(schema, { id: 1, colour: "red", tags: [{ name: "a" }] }));
    const before = await proofFailures(input);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((failure) => failure.startsWith("v1 list_things GET /things 200 response body example: "))).toBe(true);
    expect(countOf(input, CONFORM_KINDS.undeclared)).toBe(2);
    const { doc } = normalizeSpec(input);
    expect(await proofFailures(doc)).toEqual([]);
    // Loosened only as far as the example shows: `id` stays required.
    expect(
      (doc.paths["/things"]!["get"] as { responses: Record<string, { content: Record<string, { schema: unknown }> }> }).responses["200"]
        ?.content["application/json"]?.schema,
    ).toMatchObject({
      required: ["id"],
      properties: { colour: { type: "string" }, tags: { items: { properties: { name: { type: "string" } } } } },
    });
  }, 120_000);

  it("types a request body as client.post accepts it; a property allOf parts declare between them is not undeclared", async () => {
    const schema = {
      allOf: [
        { type: "object", required: ["title"], properties: { title: { type: "string" } } },
        { type: "object", properties: { weight: { type: "number" } } },
      ],
    };
    const input = spec(posting(schema, { title: "x", weight: 2, colour: "red" }));
    expect((await proofFailures(input)).join("\n")).toMatch(/^v1 create_thing POST \/things request request body example: .*colour/);
    expect(countOf(input, CONFORM_KINDS.undeclared)).toBe(1);
    expect(await proofFailures(normalizeSpec(input).doc)).toEqual([]);
  }, 120_000);

  it("carries the parent's properties onto a bare {type: object} branch (else every property is never)", async () => {
    // The example written inside the schema: typed as the generated type itself (a whole reply is read
    // through ReadBody, which turns a never-typed property into no property, as openapi-fetch does).
    const group = {
      oneOf: [{ type: "object" }, { type: "array", maxItems: 0 }],
      properties: { id: { type: "integer" } },
      example: { id: 5 },
    };
    const input = spec(getting({ type: "object", properties: { group } }, { group: { id: 5 } }));
    expect((await proofFailures(input)).join("\n")).toMatch(/list_things GET \/things 200 response schema #\/paths.*group: .*never/);
    expect(countOf(input, STRUCTURE_RULES.bareObjectBranch)).toBe(1);
    expect(await proofFailures(normalizeSpec(input).doc)).toEqual([]);
  }, 120_000);
});

describe("objects whose schema declares no keys", () => {
  // A value of our own at a type, named `source` in the failures.
  const value = (source: string, type: string, example: unknown): TypedExample => ({
    version: "v1",
    place: "response schema",
    operation: "GET /things",
    operationId: "things",
    status: "-",
    source,
    type,
    value: example,
  });
  const read = 'SuccessBodyOf<paths, "/things", "get">';
  const written = 'RequestBodyOf<paths, "/things", "post">';
  const values = [
    value("read", `PropertyOf<${read}, "extra">`, { anything: 1 }),
    value("read key", `PropertyOf<PropertyOf<${read}, "extra">, "anything">`, 1),
    value("read nullable", `PropertyOf<PropertyOf<${read}, "maybe">, "anything">`, 1),
    value("read item", `PropertyOf<ItemOf<PropertyOf<${read}, "list">>, "anything">`, 1),
    value("written", `PropertyOf<${written}, "extra">`, { anything: 1 }),
    value("closed on purpose", `PropertyOf<PropertyOf<${read}, "closed">, "anything">`, 1),
  ];
  const thing = (properties: Record<string, unknown>) => ({ type: "object", properties });
  const input = spec({
    "/things": {
      get: {
        operationId: "things",
        responses: {
          200: {
            description: "ok",
            content: {
              "application/json": {
                schema: thing({
                  extra: { type: "object" },
                  maybe: { type: ["object", "null"] },
                  list: { type: "array", items: { type: "object", properties: {} } },
                  closed: { type: "object", additionalProperties: false },
                }),
              },
            },
          },
        },
      },
      post: {
        operationId: "create_thing",
        requestBody: { required: true, content: { "application/json": { schema: thing({ extra: { type: "object" } }) } } },
        responses: { 201: { description: "created" } },
      },
    },
  });

  it("types them as objects of unknown keys, read and written, not Record<string, never>; an object closed on purpose stays empty", async () => {
    // As published, a read one is `{}` (no key can be read) and a written one takes `{}` only.
    const before = await proofFailures(input, values);
    for (const source of ["read key", "read nullable", "read item", "written", "closed on purpose"]) {
      expect(before.some((failure) => failure.includes(`things GET /things - response schema ${source}: `))).toBe(true);
    }
    const { doc } = normalizeSpec(input);
    expect(countOf(input, STRUCTURE_RULES.openObject)).toBe(4);
    expect(await proofFailures(doc, values)).toEqual([
      expect.stringMatching(/^v1 things GET \/things - response schema closed on purpose: .*never/),
    ]);
    const types = await generateTypes(doc);
    expect(types.match(/Record<string, never>/g)).toHaveLength(1 + 2); // `closed`, and the empty `webhooks` and `$defs`
    expect(types).toMatch(/closed\?: Record<string, never>;/);
    const looseTypes = auditSpec({ bundle: "synthetic", raw: input, normalized: doc, types }).looseTypes;
    expect(looseTypes).toMatchObject({ emptyRecord: 1, openObject: 4 });
  }, 120_000);
});

describe("typeAtPointer", () => {
  it("walks the generated types along a schema pointer", () => {
    const where = "#/paths/~1things/get/responses/200/content/application~1json/schema";
    expect(typeAtPointer(where, true, "response body")).toEqual({ type: 'SuccessBodyOf<paths, "/things", "get">' });
    expect(typeAtPointer(`${where}/properties/data/items/oneOf/1/additionalProperties`, false, "response schema")).toEqual({
      type: 'ValueOf<ItemOf<PropertyOf<paths["/things"]["get"]["responses"]["200"]["content"]["application/json"], "data">>>',
    });
    expect(typeAtPointer("#/components/schemas/thing/properties/a~1b", false, "response schema")).toEqual({
      type: 'PropertyOf<components["schemas"]["thing"], "a/b">',
    });
    expect(typeAtPointer("#/components/schemas/thing/allOf/0", false, "request schema")).toEqual({
      reason: "example inside `allOf`: a branch has no generated type of its own",
    });
  });
});

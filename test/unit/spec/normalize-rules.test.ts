import { describe, expect, it } from "vitest";
import { CONFORM_KINDS } from "../../../scripts/lib/conform-to-examples.js";
import { generateTypes } from "../../../scripts/lib/generate-types.js";
import { normalizeSpec } from "../../../scripts/lib/normalize.js";
import { EXAMPLE_RULES } from "../../../scripts/lib/normalize-examples.js";
import { STRUCTURE_RULES } from "../../../scripts/lib/normalize-structure.js";
import type { OpenApiDoc } from "../../../scripts/lib/openapi-doc.js";
import { auditSpec, countsByCheck } from "../../../scripts/lib/spec-audit.js";

/** Small specs of our own, one defect each, shaped like the ones the audit found in the bundles. */
const V1_SERVER = [{ url: "https://api.example.test/api/v1" }];
const json = (schema: unknown, example?: unknown) => ({
  "application/json": { ...(schema === undefined ? {} : { schema }), ...(example === undefined ? {} : { example }) },
});
const ok = (schema: unknown, example?: unknown, status = "200") => ({ [status]: { description: "ok", content: json(schema, example) } });

function spec(paths: Record<string, unknown>, extra: Record<string, unknown> = {}): OpenApiDoc {
  return {
    openapi: "3.1.0",
    info: { title: "synthetic", version: "1" },
    servers: V1_SERVER,
    components: {
      securitySchemes: { BearerPartner: { type: "http", scheme: "bearer" }, BearerPartnerUser: { type: "http", scheme: "bearer" } },
      schemas: {},
    },
    paths: paths as OpenApiDoc["paths"],
    ...extra,
  };
}

const get = (responses: unknown, more: Record<string, unknown> = {}) => ({ get: { operationId: "op", responses, ...more } });
const countOf = (doc: OpenApiDoc, kind: string) => normalizeSpec(doc).report.changes.find((change) => change.kind === kind)?.count ?? 0;
const schemaAt = (doc: OpenApiDoc, path: string, status = "200") =>
  (doc.paths[path]!["get"] as { responses: Record<string, { content: Record<string, { schema: unknown }> }> }).responses[status]?.content[
    "application/json"
  ]?.schema;

async function audited(input: OpenApiDoc) {
  const { doc } = normalizeSpec(input);
  return auditSpec({ bundle: "synthetic", raw: input, normalized: doc, types: await generateTypes(doc) });
}

describe("example rules", () => {
  it("wraps a v1 item schema in the envelope its example shows, a list when data is one", async () => {
    const day = { type: "object", required: ["date"], properties: { date: { type: "string" } } };
    const input = spec({ "/days": get(ok(day, { success: true, data: [{ date: "2026-01-01" }], meta: { count: 1 } })) });
    const { doc, report } = normalizeSpec(input);
    expect(report.changes.find((c) => c.kind === EXAMPLE_RULES.envelope)?.count).toBe(1);
    expect(schemaAt(doc, "/days")).toMatchObject({
      required: ["success", "data"],
      properties: { success: { type: "boolean" }, data: { type: "array", items: day } },
    });
    expect(countsByCheck(await audited(input))["example fails its schema"]).toBe(0);
  });

  it("makes success and data required, and types meta as the examples show it or []", () => {
    const envelope = {
      type: "object",
      properties: { success: { type: "boolean" }, data: { type: "object" }, meta: { type: "array", items: { type: "object" } } },
    };
    const input = spec({
      "/a": get(ok(envelope, { success: true, data: {}, meta: { total_count: 5, page: 1 } })),
      "/b": get(ok(structuredClone(envelope), { success: true, data: {}, meta: [] })),
    });
    const { doc } = normalizeSpec(input);
    expect(countOf(input, EXAMPLE_RULES.envelopeRequired)).toBe(2);
    expect(countOf(input, EXAMPLE_RULES.meta)).toBe(2);
    const schema = schemaAt(doc, "/a") as { required: string[]; properties: { meta: { anyOf: unknown[] } } };
    expect(schema.required).toEqual(["success", "data"]);
    expect(schema.properties.meta.anyOf).toEqual([
      { type: "object", properties: { page: { type: "number", "x-inferred": true }, total_count: { type: "number", "x-inferred": true } } },
      { type: "array", maxItems: 0 },
    ]);
  });

  it("infers a schema where a 2xx JSON response has none: all properties optional, marked inferred", () => {
    const input = spec({ "/c": get(ok(undefined, { success: true, data: { id: 1, name: "x" } })) });
    const { doc } = normalizeSpec(input);
    expect(countOf(input, EXAMPLE_RULES.inferred)).toBe(1);
    const schema = schemaAt(doc, "/c") as Record<string, unknown>;
    expect(schema["x-inferred"]).toBe(true);
    expect(schema["properties"]).toMatchObject({
      data: { type: "object", properties: { id: { type: "number" }, name: { type: "string" } } },
    });
    expect((schema["properties"] as Record<string, { required?: unknown }>)["data"]?.required).toBeUndefined();
  });

  it("removes a 204's body whatever the spec declares there: a schema, an example or neither (HTTP sends none)", () => {
    const envelope = { type: "object", properties: { success: { type: "boolean" }, data: { type: "null" } } };
    const input = spec({
      "/a": { delete: { operationId: "a", responses: ok(envelope, { success: true, data: null }, "204") } },
      "/b": { delete: { operationId: "b", responses: ok(envelope, undefined, "204") } },
      "/c": { delete: { operationId: "c", responses: ok(undefined, undefined, "204") } },
    });
    const { doc } = normalizeSpec(input);
    expect(countOf(input, EXAMPLE_RULES.noContent)).toBe(3);
    for (const path of ["/a", "/b", "/c"]) {
      expect((doc.paths[path]!["delete"] as { responses: Record<string, object> }).responses["204"]).toEqual({ description: "ok" });
    }
  });

  it("widens scalars where examples disagree, never narrows, and counts each kind", () => {
    const item = {
      type: "object",
      properties: {
        phone: { type: "string" },
        sum: { type: "number" },
        same: { type: "string" },
        note: { type: "string" },
        status: { type: "string", enum: ["a"] },
        rate: { type: "integer", maximum: 2 },
        tags: { type: "array", items: { type: "string" } },
        card: { type: "object", properties: { n: { type: "string" } } },
      },
    };
    const example = { phone: 79000000000, sum: "150", same: "x", note: null, status: "b", rate: 3, tags: { a: 1 }, card: [] };
    const input = spec({
      "/d": get(ok({ type: "object", properties: { success: { type: "boolean" }, data: item } }, { success: true, data: example })),
    });
    const { doc } = normalizeSpec(input);
    const props = (schemaAt(doc, "/d") as { properties: { data: { properties: Record<string, Record<string, unknown>> } } }).properties.data
      .properties;
    expect(props["phone"]?.["type"]).toEqual(["string", "number"]);
    expect(props["sum"]?.["type"]).toEqual(["number", "string"]);
    expect(props["same"]?.["type"]).toBe("string");
    expect(props["note"]?.["type"]).toEqual(["string", "null"]);
    expect(props["status"]?.["enum"]).toEqual(["a", "b"]);
    expect(props["rate"]).not.toHaveProperty("maximum");
    expect(props["tags"]?.["anyOf"]).toHaveLength(2);
    expect(props["card"]?.["anyOf"]).toEqual([
      { type: "object", properties: { n: { type: "string" } } },
      { type: "array", maxItems: 0 },
    ]);
    for (const kind of [
      CONFORM_KINDS.scalar,
      CONFORM_KINDS.nullable,
      CONFORM_KINDS.enumValue,
      CONFORM_KINDS.bound,
      CONFORM_KINDS.shape,
      CONFORM_KINDS.emptyArray,
    ]) {
      expect(countOf(input, kind), kind).toBeGreaterThan(0);
    }
    expect(countOf(input, CONFORM_KINDS.scalar)).toBe(2);
  });

  it("makes oneOf anyOf where an example matches several branches, and drops a required property an example lacks", () => {
    const tips = {
      oneOf: [
        { type: "object", properties: { sum: { type: ["number", "null"] } } },
        { type: "object", properties: { sum: { type: "number" } } },
      ],
    };
    const input = spec({
      "/e": get(ok({ type: "object", required: ["id"], properties: { id: { type: "number" }, tips } }, { tips: { sum: 1 } })),
    });
    const { doc } = normalizeSpec(input);
    const schema = schemaAt(doc, "/e") as { required: string[]; properties: { tips: Record<string, unknown> } };
    expect(schema.properties.tips["anyOf"]).toHaveLength(2);
    expect(schema.required).toEqual([]);
    expect(countOf(input, CONFORM_KINDS.oneOfOverlap)).toBe(1);
    expect(countOf(input, CONFORM_KINDS.required)).toBe(1);
  });
});

describe("structure rules", () => {
  it("makes every path callable under the servers URL: strips a repeated base path, drops a URL", async () => {
    const input = spec({
      "/api/v1/x": get(ok({ type: "object" })),
      "/https://partner.example": { post: { operationId: "cb", responses: ok({ type: "object" }) } },
    });
    const { doc } = normalizeSpec(input);
    expect(Object.keys(doc.paths)).toEqual(["/x"]);
    expect(countOf(input, STRUCTURE_RULES.basePath)).toBe(1);
    expect(countOf(input, STRUCTURE_RULES.urlPath)).toBe(1);
    expect(countsByCheck(await audited(input))["path not callable under the servers URL"]).toBe(0);
    expect(
      countsByCheck(auditSpec({ bundle: "raw", raw: input, normalized: input, types: "" }))["path not callable under the servers URL"],
    ).toBe(2);
  });

  it("gives a path parameter one schema across methods, preferring the string form", () => {
    const param = (schema: unknown) => [{ name: "date", in: "path", required: true, schema }];
    const input = spec({
      "/s/{date}": {
        get: { operationId: "g", parameters: param({ type: "number" }), responses: ok({ type: "object" }) },
        put: { operationId: "p", parameters: param({ type: "string", format: "date" }), responses: ok({ type: "object" }) },
      },
    });
    const { doc } = normalizeSpec(input);
    const schemaOf = (method: string) =>
      (doc.paths["/s/{date}"]![method] as { parameters: Array<{ schema: unknown }> }).parameters[0]?.schema;
    expect(schemaOf("get")).toEqual({ type: "string", format: "date" });
    expect(schemaOf("put")).toEqual({ type: "string", format: "date" });
    expect(countOf(input, STRUCTURE_RULES.pathParam)).toBe(1);
  });

  it("accepts both credential forms where security and the documented Authorization header disagree", () => {
    const header = (description: string) => [
      { name: "Authorization", in: "header", required: true, description, schema: { type: "string" } },
    ];
    const input = spec({
      "/p": get(ok({ type: "object" }), { security: [{ BearerPartnerUser: [] }], parameters: header("Bearer partner_token") }),
      "/u": {
        get: {
          operationId: "u",
          security: [{ BearerPartnerUser: [] }],
          parameters: header("Bearer partner_token, User user_token"),
          responses: ok({ type: "object" }),
        },
      },
    });
    const { doc } = normalizeSpec(input);
    expect(doc.paths["/p"]?.["get"]).toMatchObject({ security: [{ BearerPartner: [] }, { BearerPartnerUser: [] }] });
    expect(doc.paths["/u"]?.["get"]).toMatchObject({ security: [{ BearerPartnerUser: [] }] });
    expect(countOf(input, STRUCTURE_RULES.security)).toBe(1);
  });

  it("hoists nested $defs, so no keyword becomes a property of the generated types", async () => {
    const input = spec({ "/r": get(ok({ $ref: "#/components/schemas/resource" })) });
    (input["components"] as { schemas: Record<string, unknown> }).schemas["resource"] = {
      type: "object",
      properties: { id: { type: "string" } },
      $defs: { link: { type: "object", properties: { href: { type: "string" } } } },
    };
    const before = auditSpec({ bundle: "raw", raw: input, normalized: input, types: await generateTypes(input) });
    expect(countsByCheck(before)["schema keyword turned into a property in generated types"]).toBeGreaterThan(0);
    const { doc } = normalizeSpec(input);
    expect((doc["components"] as { schemas: Record<string, unknown> }).schemas["link"]).toEqual({
      type: "object",
      properties: { href: { type: "string" } },
    });
    expect(countsByCheck(await audited(input))["schema keyword turned into a property in generated types"]).toBe(0);
    expect(countOf(input, STRUCTURE_RULES.defs)).toBe(1);
  });

  it("carries a oneOf branch's required list onto the branch, and a default never makes a field required", async () => {
    const body = {
      type: "object",
      properties: { kind: { type: "integer", default: 0 }, a: { type: "string" }, b: { type: "string" } },
      oneOf: [{ required: ["a"] }, { required: ["kind", "b"] }],
    };
    const input = spec({ "/o": { post: { operationId: "o", requestBody: { content: json(body) }, responses: ok({ type: "object" }) } } });
    const { doc } = normalizeSpec(input);
    expect(countOf(input, STRUCTURE_RULES.oneOfRequired)).toBe(1);
    const types = await generateTypes(doc);
    const compact = types.replace(/\/\*\*.*?\*\//g, "").replace(/\s+/g, " ");
    expect(compact).toContain("kind?: number; a?: string; b?: string; } & ({ a: string; } | { kind: number; b: string; })");
  });
});

import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { bundlePath } from "../../../scripts/lib/bundles.js";
import { buildMockVariant, VENDOR_MEDIA_TYPE } from "../../../scripts/lib/mock-variant.js";
import { normalizeSpec } from "../../../scripts/lib/normalize.js";
import { STRUCTURE_RULES } from "../../../scripts/lib/normalize-structure.js";
import { listOperations, type OpenApiDoc } from "../../../scripts/lib/openapi-doc.js";

/** A small spec of our own with every defect the normaliser knows about. */
function syntheticSpec(): OpenApiDoc {
  return {
    openapi: "3.1.0",
    info: { title: "synthetic", version: "1" },
    components: {
      securitySchemes: {
        BearerPartner: { type: "http", scheme: "bearer" },
        BearerPartnerUser: { type: "http", scheme: "bearer" },
      },
      parameters: {
        accept: { name: "Accept", in: "header", required: true, schema: { type: "string" } },
        page: { name: "page", in: "query", schema: { type: "integer" } },
      },
      responses: {
        ok: { description: "ok", content: { "application/json": { schema: { type: "object" } } } },
      },
    },
    paths: {
      "/auth": {
        post: {
          operationId: "login",
          security: [],
          parameters: [{ name: "Conetnt-Type", in: "header", required: true, schema: { type: "string" } }],
          responses: { "200": { $ref: "#/components/responses/ok" } },
        },
      },
      "/things/{location_id}": {
        parameters: [{ name: "Authorization", in: "header", required: true, schema: { type: "string" } }],
        get: {
          operationId: "list_things",
          security: [{ BearerPartnerUser: [] }],
          parameters: [
            { $ref: "#/components/parameters/accept" },
            { $ref: "#/components/parameters/page" },
            { name: "location_id", in: "path", required: true, schema: { type: "integer" } },
            { name: "Content-Type", in: "query", required: true, schema: { type: "string" } },
            { name: "accepted", in: "query", schema: { type: "boolean" } },
          ],
          responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } },
        },
        put: {
          operationId: "put_thing",
          parameters: [{ name: "Authorizarion", in: "header", required: true, schema: { type: "string" } }],
          responses: { "204": { description: "none" } },
        },
      },
    },
  };
}

function paramNames(doc: OpenApiDoc, path: string, method: string): string[] {
  const item = doc.paths[path] as Record<string, { parameters?: Array<{ name?: string; $ref?: string }> }>;
  const all = [...((item["parameters"] as unknown as Array<{ name?: string; $ref?: string }>) ?? []), ...(item[method]?.parameters ?? [])];
  return all.map((p) => p.name ?? p.$ref ?? "?");
}

describe("normalizeSpec on a synthetic spec", () => {
  it("removes transport parameters in header and query, inline, by $ref, misspelled and path-level", () => {
    const { doc } = normalizeSpec(syntheticSpec());
    expect(paramNames(doc, "/things/{location_id}", "get")).toEqual(["#/components/parameters/page", "location_id", "accepted"]);
    expect(paramNames(doc, "/things/{location_id}", "put")).toEqual([]);
    expect(paramNames(doc, "/auth", "post")).toEqual([]);
  });

  it("keeps every real parameter, including ones whose names merely resemble transport headers", () => {
    const { doc } = normalizeSpec(syntheticSpec());
    const names = paramNames(doc, "/things/{location_id}", "get");
    expect(names).toContain("accepted");
    expect(names).toContain("#/components/parameters/page");
  });

  it("reports each kind of change with the number of operations it touched", () => {
    const { report } = normalizeSpec(syntheticSpec());
    const counts = Object.fromEntries(report.changes.map((c) => [c.kind, c.count]));
    expect(counts).toEqual({
      'removed required header parameter "Accept"': 1,
      'removed required header parameter "Authorization"': 2,
      'removed required header parameter "Authorizarion" (misspelled Authorization)': 1,
      'removed required header parameter "Conetnt-Type" (misspelled Content-Type)': 1,
      'removed required query parameter "Content-Type"': 1,
      "removed unused transport component parameter": 1,
      "security set to BearerPartner (declared [])": 1,
      // The `{type: object}` replies: one inline, one a component response.
      [STRUCTURE_RULES.openObject]: 2,
    });
  });

  it("gives POST /auth the partner token security it really needs", () => {
    const { doc } = normalizeSpec(syntheticSpec());
    expect((doc.paths["/auth"]?.["post"] as { security: unknown } | undefined)?.security).toEqual([{ BearerPartner: [] }]);
  });

  it("never mutates its input", () => {
    const input = syntheticSpec();
    const before = structuredClone(input);
    normalizeSpec(input);
    expect(input).toEqual(before);
  });

  it("is idempotent: normalising twice changes nothing more", () => {
    const once = normalizeSpec(syntheticSpec()).doc;
    const twice = normalizeSpec(once);
    expect(twice.doc).toEqual(once);
    expect(twice.report.changes).toEqual([]);
  });
});

describe("buildMockVariant", () => {
  it("offers every JSON response also as the vendor media type, inline and in components", () => {
    const mock = buildMockVariant(normalizeSpec(syntheticSpec()).doc).doc;
    const get = mock.paths["/things/{location_id}"]?.["get"] as { responses: Record<string, { content: Record<string, unknown> }> };
    expect(Object.keys(get.responses["200"]?.content ?? {})).toEqual(["application/json", VENDOR_MEDIA_TYPE]);
    const ok = (mock["components"] as { responses: Record<string, { content: Record<string, unknown> }> }).responses["ok"];
    expect(ok?.content[VENDOR_MEDIA_TYPE]).toEqual(ok?.content["application/json"]);
  });

  it("counts the operations and component responses it offers the vendor media type for", () => {
    const { report } = buildMockVariant(normalizeSpec(syntheticSpec()).doc);
    const counts = Object.fromEntries(report.changes.map((c) => [c.kind, c.count]));
    expect(counts[`mock: JSON responses also offered as ${VENDOR_MEDIA_TYPE}`]).toBe(1);
    expect(counts[`mock: JSON responses also offered as ${VENDOR_MEDIA_TYPE} (component responses)`]).toBe(1);
  });

  it("makes required query parameters optional only where Prism cannot match their names (prism#2017)", () => {
    const spec: OpenApiDoc = {
      openapi: "3.1.0",
      info: { title: "synthetic", version: "1" },
      components: { parameters: { to: { name: "filter[to]", in: "query", required: true, schema: { type: "string" } } } },
      paths: {
        "/events": {
          parameters: [{ name: "filter[from]", in: "query", required: true, schema: { type: "string" } }],
          get: {
            parameters: [
              { $ref: "#/components/parameters/to" },
              { name: "plain", in: "query", required: true, schema: { type: "string" } },
              { name: "deep[x]", in: "query", required: true, style: "deepObject", schema: { type: "object" } },
              { name: "ids[]", in: "path", required: true, schema: { type: "string" } },
            ],
            responses: {},
          },
          post: { responses: {} },
        },
        "/plain": { get: { parameters: [{ name: "q", in: "query", required: true, schema: { type: "string" } }], responses: {} } },
      },
    };
    const { doc, report } = buildMockVariant(spec);
    const item = doc.paths["/events"] as {
      parameters: Array<Record<string, unknown>>;
      get: { parameters: Array<Record<string, unknown>> };
    };
    const requiredByName = (list: Array<Record<string, unknown>>) => Object.fromEntries(list.map((p) => [p["name"], p["required"]]));
    expect(requiredByName(item.parameters)).toEqual({ "filter[from]": false });
    expect(requiredByName(item.get.parameters)).toEqual({ "filter[to]": false, plain: true, "deep[x]": true, "ids[]": true });
    expect(spec.paths["/events"]?.["parameters"]).toEqual([expect.objectContaining({ required: true })]);
    const kind = "mock: required query parameter Prism cannot match by name (prism#2017) made optional";
    expect(report.changes.find((c) => c.kind === kind)).toEqual({ kind, count: 2, samples: ["GET /events", "POST /events"] });
  });
});

describe("normalizeSpec on the real bundles", () => {
  async function load(name: "b2b-v1" | "b2b-v2"): Promise<OpenApiDoc> {
    return parseYaml(await readFile(bundlePath(name), "utf8"), { maxAliasCount: -1 }) as OpenApiDoc;
  }
  const countOf = (report: ReturnType<typeof normalizeSpec>["report"], kind: string) =>
    report.changes.find((c) => c.kind === kind)?.count ?? 0;

  it("v1: the counts match the defects listed in the mirror's README", async () => {
    const { doc, report } = normalizeSpec(await load("b2b-v1"));
    expect(countOf(report, 'removed required header parameter "Accept"')).toBe(252);
    expect(countOf(report, 'removed required header parameter "Content-Type"')).toBe(229);
    expect(countOf(report, 'removed required header parameter "Authorization"')).toBe(197);
    expect(countOf(report, 'removed required header parameter "Conetnt-Type" (misspelled Content-Type)')).toBe(3);
    expect(countOf(report, 'removed required header parameter "Authorizarion" (misspelled Authorization)')).toBe(1);
    expect(countOf(report, 'removed required header parameter "Content-type" (misspelled Content-Type)')).toBe(1);
    for (const name of ["Accept", "Content-Type", "Authorization"]) {
      expect(countOf(report, `removed required query parameter "${name}"`)).toBe(2);
    }
    expect(countOf(report, "security set to BearerPartner (declared [])")).toBe(1);
    expect(listOperations(doc.paths)).toHaveLength(259);
  }, 60_000);

  it("v2: every one of the 42 operations loses its required Accept and Authorization", async () => {
    const { doc, report } = normalizeSpec(await load("b2b-v2"));
    expect(countOf(report, 'removed required header parameter "Accept"')).toBe(42);
    expect(countOf(report, 'removed required header parameter "Authorization"')).toBe(42);
    expect(listOperations(doc.paths)).toHaveLength(42);
  }, 60_000);

  it("leaves no transport parameter anywhere in either normalised bundle", async () => {
    for (const name of ["b2b-v1", "b2b-v2"] as const) {
      const { doc } = normalizeSpec(await load(name));
      const text = JSON.stringify(doc.paths);
      expect(text).not.toMatch(/"name":"(Accept|Content-Type|Authorization|Conetnt-Type|Authorizarion|Content-type)"/);
    }
  }, 60_000);
});

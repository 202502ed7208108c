import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";
import { renderJson, renderMarkdown, renderText } from "../../../scripts/lib/changelog.js";
import { OpenApiTextError, parseOpenApiText } from "../../../scripts/lib/openapi-parse.js";
import { SpecInputError, diffSpecs } from "../../../scripts/lib/spec-diff.js";
import type { SpecDiff } from "../../../scripts/lib/spec-diff-types.js";
import { isTransportParam } from "../../../scripts/lib/transport-params.js";

type Doc = Record<string, unknown>;

const FIXTURES = join(REPO_ROOT, "test", "fixtures", "diff");
const fixture = (name: string): string => join(FIXTURES, name);
const loadFixture = (name: string): Doc => parseOpenApiText(name, readFileSync(fixture(name), "utf8")).doc;

function spec(paths: Doc, components: Doc = {}, top: Doc = {}): Doc {
  return { openapi: "3.1.0", info: { title: "synthetic", version: "1" }, paths, components, ...top };
}

function jsonContent(schema: unknown): Doc {
  return { content: { "application/json": { schema } } };
}

function ok(schema?: unknown): Doc {
  return { "200": { description: "ok", ...(schema !== undefined && jsonContent(schema)) } };
}

/** `GET /widgets` with the given operation fields. */
function widgetsGet(fields: Doc, components: Doc = {}): Doc {
  return spec({ "/widgets": { get: { operationId: "listWidgets", responses: ok(), ...fields } } }, components);
}

/** [kind, breaking] of each change, in the diff's order. */
function verdicts(diff: SpecDiff): [string, boolean][] {
  return diff.changes.map((change) => [change.kind, change.breaking]);
}

function query(name: string, schema: Doc = { type: "string" }, required = false): Doc {
  return { name, in: "query", required, schema };
}

describe("diffSpecs: operations", () => {
  it("finds nothing between identical documents", () => {
    const doc = loadFixture("widgets-old.yaml");
    const diff = diffSpecs(doc, structuredClone(doc));
    expect(diff).toEqual({
      changes: [],
      breaking: false,
      summary: { added: 0, removed: 0, deprecated: 0, breaking: 0, nonBreaking: 0 },
    });
  });

  it("reports removed operations as breaking and added ones as not", () => {
    const before = spec({ "/a": { get: { operationId: "getA", responses: ok() } } });
    const after = spec({ "/b": { post: { operationId: "postB", responses: ok() } } });
    const diff = diffSpecs(before, after);
    expect(diff.changes).toEqual([
      { kind: "operation-removed", breaking: true, operation: "GET /a", operationId: "getA", detail: "operation removed" },
      { kind: "operation-added", breaking: false, operation: "POST /b", operationId: "postB", detail: "operation added" },
    ]);
    expect(diff.breaking).toBe(true);
    expect(diff.summary).toEqual({ added: 1, removed: 1, deprecated: 0, breaking: 1, nonBreaking: 1 });
  });

  it("reports a newly deprecated operation once, as non-breaking", () => {
    const diff = diffSpecs(widgetsGet({}), widgetsGet({ deprecated: true }));
    expect(verdicts(diff)).toEqual([["operation-deprecated", false]]);
    expect(diff.summary.deprecated).toBe(1);
    expect(diffSpecs(widgetsGet({ deprecated: true }), widgetsGet({ deprecated: true })).changes).toEqual([]);
  });

  it("matches operations whose path parameters were renamed, and reports the parameters", () => {
    const path = (name: string): Doc =>
      spec({
        [`/widgets/{${name}}`]: {
          get: {
            parameters: [{ name, in: "path", required: true, schema: { type: "integer" } }],
            responses: ok(),
          },
        },
      });
    const diff = diffSpecs(path("id"), path("widget_id"));
    expect(diff.changes.map((change) => [change.operation, change.kind, change.breaking])).toEqual([
      ["GET /widgets/{widget_id}", "parameter-removed", true],
      ["GET /widgets/{widget_id}", "parameter-added", true],
    ]);
  });

  it("orders changes by path, then method, then kind, whatever the key order of the documents", () => {
    const before = spec({
      "/b": { get: { responses: ok() } },
      "/a": { post: { responses: ok() }, get: { parameters: [query("x")], responses: ok() } },
    });
    const after = spec({
      "/a": { get: { deprecated: true, responses: ok() } },
      "/c": { get: { responses: ok() } },
    });
    const listed = diffSpecs(before, after).changes.map((change) => `${change.operation} ${change.kind}`);
    expect(listed).toEqual([
      "GET /a operation-deprecated",
      "GET /a parameter-removed",
      "POST /a operation-removed",
      "GET /b operation-removed",
      "GET /c operation-added",
    ]);
  });

  it("rejects documents that are not OpenAPI 3.x", () => {
    const good = widgetsGet({});
    expect(() => diffSpecs({ swagger: "2.0", paths: {} }, good)).toThrow(SpecInputError);
    expect(() => diffSpecs(good, "openapi: 3.1.0")).toThrow(/new document is not an OpenAPI 3.x document/);
    expect(() => diffSpecs(good, { openapi: "3.1.0", paths: [] })).toThrow(/"paths" is not a mapping/);
  });
});

describe("diffSpecs: parameters", () => {
  const cases: [string, Doc[], Doc[], [string, boolean][]][] = [
    ["optional parameter added", [], [query("q")], [["parameter-added", false]]],
    ["required parameter added", [], [query("q", undefined, true)], [["parameter-added", true]]],
    ["parameter removed", [query("q")], [], [["parameter-removed", true]]],
    ["parameter made required", [query("q")], [query("q", undefined, true)], [["parameter-required", true]]],
    ["parameter made optional", [query("q", undefined, true)], [query("q")], [["parameter-optional", false]]],
    ["parameter type changed", [query("n", { type: "integer" })], [query("n", { type: "string" })], [["parameter-type-changed", true]]],
    [
      "parameter type widened from integer to number",
      [query("n", { type: "integer" })],
      [query("n", { type: "number" })],
      [["parameter-type-changed", false]],
    ],
    [
      "parameter type narrowed from number to integer",
      [query("n", { type: "number" })],
      [query("n", { type: "integer" })],
      [["parameter-type-changed", true]],
    ],
    [
      "parameter enum narrowed",
      [query("s", { type: "string", enum: ["a", "b"] })],
      [query("s", { type: "string", enum: ["a"] })],
      [["parameter-enum-value-removed", true]],
    ],
    [
      "parameter enum widened",
      [query("s", { type: "string", enum: ["a"] })],
      [query("s", { type: "string", enum: ["a", "b"] })],
      [["parameter-enum-value-added", false]],
    ],
    [
      "parameter array item type changed",
      [query("ids", { type: "array", items: { type: "integer" } })],
      [query("ids", { type: "array", items: { type: "string" } })],
      [["request-type-changed", true]],
    ],
  ];
  it.each(cases)("%s", (_name, before, after, expected) => {
    const diff = diffSpecs(widgetsGet({ parameters: before }), widgetsGet({ parameters: after }));
    expect(verdicts(diff)).toEqual(expected);
    expect(diff.breaking).toBe(expected.some(([, breaking]) => breaking));
  });

  it("says where and what in the change", () => {
    const [change] = diffSpecs(widgetsGet({}), widgetsGet({ parameters: [query("page", undefined, true)] })).changes;
    expect(change).toMatchObject({
      operation: "GET /widgets",
      operationId: "listWidgets",
      location: "parameters.query.page",
      detail: "query parameter `page` added (required)",
    });
  });

  it("resolves $ref parameters, so inlining one changes nothing", () => {
    const components = { parameters: { Page: query("page", { type: "integer" }) } };
    const viaRef = widgetsGet({ parameters: [{ $ref: "#/components/parameters/Page" }] }, components);
    const inline = widgetsGet({ parameters: [query("page", { type: "integer" })] });
    expect(diffSpecs(viaRef, inline).changes).toEqual([]);
    const changedComponent = widgetsGet(
      { parameters: [{ $ref: "#/components/parameters/Page" }] },
      { parameters: { Page: query("page", { type: "string" }) } },
    );
    expect(verdicts(diffSpecs(viaRef, changedComponent))).toEqual([["parameter-type-changed", true]]);
  });

  it("merges path-item parameters with the operation's, the operation's winning", () => {
    const atOperation = spec({ "/w": { get: { parameters: [query("q")], responses: ok() } } });
    const atPathItem = spec({ "/w": { parameters: [query("q")], get: { responses: ok() } } });
    expect(diffSpecs(atOperation, atPathItem).changes).toEqual([]);
    const overridden = spec({
      "/w": { parameters: [query("q")], get: { parameters: [query("q", undefined, true)], responses: ok() } },
    });
    expect(verdicts(diffSpecs(atPathItem, overridden))).toEqual([["parameter-required", true]]);
  });

  it("treats header names case-insensitively", () => {
    const header = (name: string): Doc => ({ name, in: "header", schema: { type: "string" } });
    const before = widgetsGet({ parameters: [header("X-Request-Id")] });
    expect(diffSpecs(before, widgetsGet({ parameters: [header("x-request-id")] })).changes).toEqual([]);
  });

  it("ignores transport parameters the SDK sets itself, misspelled or in the query", () => {
    const transport = ["Accept", "Content-Type", "Authorization", "Conetnt-Type", "Authorizarion", "Content-type"].flatMap((name) => [
      { name, in: "header", required: true, schema: { type: "string" } },
      { name, in: "query", required: true, schema: { type: "string" } },
    ]);
    const components = { parameters: { Accept: transport[0] } };
    const after = widgetsGet({ parameters: [...transport, { $ref: "#/components/parameters/Accept" }] }, components);
    expect(diffSpecs(widgetsGet({}), after).changes).toEqual([]);
    expect(diffSpecs(after, widgetsGet({})).changes).toEqual([]);
  });
});

describe("isTransportParam", () => {
  it("matches Accept, Content-Type and Authorization (and known misspellings) in header or query only", () => {
    const names = ["Accept", "accept", "Content-Type", "Content-type", "Conetnt-Type", "Authorization", "Authorizarion"];
    for (const name of names) {
      expect(isTransportParam({ name, in: "header" }), name).toBe(true);
      expect(isTransportParam({ name, in: "query" }), name).toBe(true);
    }
    expect(isTransportParam({ name: "Accept", in: "path" })).toBe(false);
    expect(isTransportParam({ name: "Accept-Language", in: "header" })).toBe(false);
    expect(isTransportParam({ name: "X-Authorization-Id", in: "header" })).toBe(false);
    expect(isTransportParam({ name: 42, in: "header" })).toBe(false);
  });
});

describe("diffSpecs: request body", () => {
  const body = (required: boolean, schema: unknown = { type: "object" }): Doc => ({
    requestBody: { required, ...jsonContent(schema) },
  });
  const post = (fields: Doc, components: Doc = {}): Doc =>
    spec({ "/widgets": { post: { operationId: "createWidget", responses: ok(), ...fields } } }, components);

  it.each([
    ["optional body added", {}, body(false), [["request-body-added", false]]],
    ["required body added", {}, body(true), [["request-body-added", true]]],
    ["body removed", body(false), {}, [["request-body-removed", true]]],
    ["body made required", body(false), body(true), [["request-body-required", true]]],
    ["body made optional", body(true), body(false), [["request-body-optional", false]]],
  ] as [string, Doc, Doc, [string, boolean][]][])("%s", (_name, before, after, expected) => {
    expect(verdicts(diffSpecs(post(before), post(after)))).toEqual(expected);
  });

  it("resolves $ref request bodies", () => {
    const components = { requestBodies: { Input: { required: true, ...jsonContent({ type: "object" }) } } };
    const viaRef = post({ requestBody: { $ref: "#/components/requestBodies/Input" } }, components);
    expect(diffSpecs(viaRef, post(body(true))).changes).toEqual([]);
  });

  const object = (properties: Doc, required: string[] = []): Doc => ({ type: "object", properties, required });
  const schemaCases: [string, Doc, Doc, [string, boolean][]][] = [
    ["optional property added", object({}), object({ a: { type: "string" } }), [["request-property-added", false]]],
    ["required property added", object({}), object({ a: { type: "string" } }, ["a"]), [["request-property-added", true]]],
    ["property removed", object({ a: { type: "string" } }), object({}), [["request-property-removed", true]]],
    [
      "property made required",
      object({ a: { type: "string" } }),
      object({ a: { type: "string" } }, ["a"]),
      [["request-property-required", true]],
    ],
    [
      "property made optional",
      object({ a: { type: "string" } }, ["a"]),
      object({ a: { type: "string" } }),
      [["request-property-optional", false]],
    ],
    ["property type changed", object({ a: { type: "string" } }), object({ a: { type: "integer" } }), [["request-type-changed", true]]],
    [
      "property may now be null (widened)",
      object({ a: { type: "string" } }),
      object({ a: { type: ["string", "null"] } }),
      [["request-type-changed", false]],
    ],
    [
      "enum value removed",
      object({ a: { type: "string", enum: ["x", "y"] } }),
      object({ a: { type: "string", enum: ["x"] } }),
      [["request-enum-value-removed", true]],
    ],
    [
      "enum value added",
      object({ a: { type: "string", enum: ["x"] } }),
      object({ a: { type: "string", enum: ["x", "y"] } }),
      [["request-enum-value-added", false]],
    ],
    ["body type changed", object({}), { type: "array", items: { type: "string" } }, [["request-type-changed", true]]],
    [
      "const value changed",
      object({ kind: { const: "a" } }),
      object({ kind: { const: "b" } }),
      [
        ["request-enum-value-removed", true],
        ["request-enum-value-added", false],
      ],
    ],
    [
      "property became read-only (no longer sent)",
      object({ a: { type: "string" } }, ["a"]),
      object({ a: { type: "string", readOnly: true } }, ["a"]),
      [["request-property-removed", true]],
    ],
    ["read-only property added (the client never sends it)", object({}), object({ id: { type: "integer", readOnly: true } }, ["id"]), []],
  ];
  it.each(schemaCases)("schema: %s", (_name, before, after, expected) => {
    expect(verdicts(diffSpecs(post(body(true, before)), post(body(true, after))))).toEqual(expected);
  });

  it("reaches into arrays and allOf, and names the property's path", () => {
    const before = {
      allOf: [
        { $ref: "#/components/schemas/Base" },
        { type: "object", properties: { lines: { type: "array", items: object({ sku: { type: "string" } }) } } },
      ],
    };
    const after = structuredClone(before);
    after.allOf[1] = {
      type: "object",
      properties: { lines: { type: "array", items: object({ sku: { type: "integer" } }) } },
    };
    const components = (note: Doc): Doc => ({ schemas: { Base: object({ note }) } });
    const diff = diffSpecs(
      post(body(true, before), components({ type: "string" })),
      post(body(true, after), components({ type: "string", enum: ["short"] })),
    );
    expect(diff.changes.map((change) => [change.kind, change.location, change.detail])).toEqual([
      ["request-type-changed", "requestBody.lines[].sku", "request body property `lines[].sku` type changed: string → integer"],
      ["request-enum-value-removed", "requestBody.note", 'request body property `note` now only accepts `"short"`'],
    ]);
  });
});

describe("diffSpecs: responses", () => {
  const get = (responses: Doc, components: Doc = {}): Doc => widgetsGet({ responses }, components);
  const data = (properties: Doc, required: string[] = []): Doc => ({ type: "object", properties, required });

  it("reports success statuses removed (breaking) and added (not); other statuses are ignored", () => {
    const before = get({ "200": { description: "ok" }, "404": { description: "missing" } });
    const after = get({ "201": { description: "created" }, "422": { description: "invalid" } });
    const diff = diffSpecs(before, after);
    expect(diff.changes.map((change) => [change.kind, change.breaking, change.location])).toEqual([
      ["response-status-removed", true, "responses.200"],
      ["response-status-added", false, "responses.201"],
    ]);
  });

  it.each([
    ["property added", data({}), data({ a: { type: "string" } }), [["response-property-added", false]]],
    ["property removed", data({ a: { type: "string" } }), data({}), [["response-property-removed", true]]],
    [
      "property may now be absent",
      data({ a: { type: "string" } }, ["a"]),
      data({ a: { type: "string" } }),
      [["response-property-optional", true]],
    ],
    ["property now always present", data({ a: { type: "string" } }), data({ a: { type: "string" } }, ["a"]), []],
    ["type changed", data({ a: { type: "string" } }), data({ a: { type: "boolean" } }), [["response-type-changed", true]]],
    [
      "type may now be null",
      data({ a: { type: "string" } }),
      data({ a: { type: "string", nullable: true } }),
      [["response-type-changed", true]],
    ],
    [
      "type no longer null (narrowed)",
      data({ a: { type: ["string", "null"] } }),
      data({ a: { type: "string" } }),
      [["response-type-changed", false]],
    ],
    ["enum value added", data({ a: { enum: ["x"] } }), data({ a: { enum: ["x", "y"] } }), [["response-enum-value-added", true]]],
    ["enum value removed", data({ a: { enum: ["x", "y"] } }), data({ a: { enum: ["x"] } }), [["response-enum-value-removed", false]]],
    [
      "const value changed",
      data({ a: { const: "x" } }),
      data({ a: { const: "y" } }),
      [
        ["response-enum-value-added", true],
        ["response-enum-value-removed", false],
      ],
    ],
    ["write-only property removed (never returned)", data({ secret: { type: "string", writeOnly: true } }), data({}), []],
  ] as [string, Doc, Doc, [string, boolean][]][])("schema: %s", (_name, before, after, expected) => {
    expect(verdicts(diffSpecs(get(ok(before)), get(ok(after))))).toEqual(expected);
  });

  it("follows $ref responses and schemas into every operation that uses them", () => {
    const components = (properties: Doc): Doc => ({
      responses: { One: { description: "one", ...jsonContent({ $ref: "#/components/schemas/Widget" }) } },
      schemas: { Widget: data(properties) },
    });
    const doc = (properties: Doc): Doc =>
      spec(
        {
          "/widgets": { get: { responses: ok({ type: "array", items: { $ref: "#/components/schemas/Widget" } }) } },
          "/widgets/{id}": { get: { responses: { "200": { $ref: "#/components/responses/One" } } } },
        },
        components(properties),
      );
    const diff = diffSpecs(doc({ name: { type: "string" } }), doc({}));
    expect(diff.changes.map((change) => [change.operation, change.kind, change.location])).toEqual([
      ["GET /widgets", "response-property-removed", "responses.200[].name"],
      ["GET /widgets/{id}", "response-property-removed", "responses.200.name"],
    ]);
  });

  it("compares oneOf alternatives pairwise", () => {
    const alternatives = (second: Doc): Doc => ({ oneOf: [data({ a: { type: "string" } }), second] });
    const diff = diffSpecs(get(ok(alternatives(data({ b: { type: "string" } })))), get(ok(alternatives(data({})))));
    expect(diff.changes.map((change) => [change.kind, change.location])).toEqual([["response-property-removed", "responses.200<2>.b"]]);
  });
});

describe("diffSpecs: recursive schemas", () => {
  const tree = (leafType: string, extra: Doc = {}): Doc =>
    widgetsGet(
      { responses: ok({ $ref: "#/components/schemas/Node" }) },
      {
        schemas: {
          Node: {
            type: "object",
            properties: {
              value: { type: leafType },
              children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
              other: { $ref: "#/components/schemas/Other" },
              ...extra,
            },
          },
          Other: { type: "object", properties: { back: { $ref: "#/components/schemas/Node" } } },
        },
      },
    );

  it("terminates on self- and mutually recursive schemas and reports a change once, where it first shows", () => {
    expect(diffSpecs(tree("string"), tree("string")).changes).toEqual([]);
    const diff = diffSpecs(tree("string"), tree("integer", { extra: { type: "string" } }));
    expect(diff.changes.map((change) => [change.kind, change.location])).toEqual([
      ["response-property-added", "responses.200.extra"],
      ["response-type-changed", "responses.200.value"],
    ]);
  });

  it("terminates on schemas that contain themselves as objects (YAML aliases)", () => {
    const cyclic = (type: string): Doc => {
      const node: Doc = { type: "object", properties: {} };
      node["properties"] = { self: node, twin: node, value: { type } };
      return widgetsGet({ responses: ok(node) });
    };
    const yamlCycle = parseOpenApiText(
      "cycle.yaml",
      [
        "openapi: 3.1.0",
        "info: { title: t, version: '1' }",
        "paths:",
        "  /w:",
        "    get:",
        "      responses:",
        "        '200':",
        "          description: ok",
        "          content:",
        "            application/json:",
        "              schema: &node",
        "                type: object",
        "                properties: { self: *node, value: { type: string } }",
      ].join("\n"),
    ).doc;
    expect(diffSpecs(yamlCycle, yamlCycle).changes).toEqual([]);
    expect(verdicts(diffSpecs(cyclic("string"), cyclic("integer")))).toEqual([["response-type-changed", true]]);
  });
});

describe("diffSpecs: security", () => {
  const secured = (security: unknown, topLevel?: unknown): Doc =>
    spec(
      { "/widgets": { get: { responses: ok(), ...(security !== undefined && { security }) } } },
      {},
      topLevel === undefined ? {} : { security: topLevel },
    );
  const partner = [{ BearerPartner: [] }];
  const user = [{ BearerPartnerUser: [] }];

  it.each([
    ["partner token → user token", partner, user, true],
    ["user token → partner or user token", user, [...partner, ...user], false],
    ["no security → partner token", [], partner, true],
    ["partner token → no security", partner, [], false],
    ["partner token → partner token with a scope", partner, [{ BearerPartner: ["read"] }], true],
  ] as [string, unknown, unknown, boolean][])("%s", (_name, before, after, breaking) => {
    const diff = diffSpecs(secured(before), secured(after));
    expect(verdicts(diff)).toEqual([["security-changed", breaking]]);
  });

  it("inherits the document's security and names both sides", () => {
    const diff = diffSpecs(secured(undefined, partner), secured(user, partner));
    expect(diff.changes[0]?.detail).toBe("security changed: BearerPartner → BearerPartnerUser");
    expect(diffSpecs(secured(undefined, partner), secured(partner)).changes).toEqual([]);
  });
});

describe("fixture pair", () => {
  it("lists every change between widgets-old.yaml and widgets-new-breaking.yaml with its verdict", () => {
    const diff = diffSpecs(loadFixture("widgets-old.yaml"), loadFixture("widgets-new-breaking.yaml"));
    const listed = diff.changes.map(
      (change) => `${change.breaking ? "!" : " "} ${change.operation} ${change.kind} ${change.location ?? ""}`,
    );
    expect(listed).toEqual([
      "  GET /gadgets operation-added ",
      "  GET /legacy operation-deprecated ",
      "  GET /widgets parameter-added parameters.query.q",
      "! GET /widgets parameter-required parameters.query.page",
      "! GET /widgets response-property-removed responses.200.data[].name",
      "! GET /widgets response-type-changed responses.200.data[].parts[].sku",
      "  GET /widgets response-enum-value-removed responses.200.data[].colour",
      "! POST /widgets request-property-added requestBody.size",
      "! POST /widgets request-enum-value-removed requestBody.colour",
      "! POST /widgets response-property-removed responses.201.name",
      "! POST /widgets response-type-changed responses.201.parts[].sku",
      "  POST /widgets response-enum-value-removed responses.201.colour",
      "! GET /widgets/{id} security-changed security",
      "! GET /widgets/{id} response-property-removed responses.200.name",
      "! GET /widgets/{id} response-type-changed responses.200.parts[].sku",
      "  GET /widgets/{id} response-enum-value-removed responses.200.colour",
      "! DELETE /widgets/{id} operation-removed ",
    ]);
    expect(diff.summary).toEqual({ added: 1, removed: 1, deprecated: 1, breaking: 11, nonBreaking: 6 });
  });

  it("finds only non-breaking changes in the compatible JSON variant", () => {
    const diff = diffSpecs(loadFixture("widgets-old.yaml"), loadFixture("widgets-new-compatible.json"));
    expect(diff.breaking).toBe(false);
    expect(new Set(diff.changes.map((change) => change.kind))).toEqual(
      new Set(["operation-added", "operation-deprecated", "parameter-added", "request-enum-value-added", "response-property-added"]),
    );
  });
});

describe("parseOpenApiText", () => {
  const info = 'info: { title: t, version: "1" }';
  it("reads YAML and JSON, and refuses what is neither or not OpenAPI 3.x", () => {
    const json = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}';
    expect(parseOpenApiText("a.json", json).doc).toEqual({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {} });
    expect(parseOpenApiText("a.yaml", `openapi: 3.1.1\n${info}\npaths: {}\n`).doc).toEqual({
      openapi: "3.1.1",
      info: { title: "t", version: "1" },
      paths: {},
    });
    expect(() => parseOpenApiText("bad.yaml", "openapi: [unclosed")).toThrow(/^bad\.yaml is not valid YAML \(truncated\?\): /);
    expect(() => parseOpenApiText("bad.json", '{"openapi": ')).toThrow(OpenApiTextError);
    expect(() => parseOpenApiText("list.yaml", "- just\n- a list\n")).toThrow(/list\.yaml is not an OpenAPI 3\.x document/);
    expect(() => parseOpenApiText("two.yaml", `openapi: 2.0.0\n${info}\npaths: {}\n`)).toThrow(OpenApiTextError);
    expect(() => parseOpenApiText("no-info.yaml", "openapi: 3.1.1\npaths: {}\n")).toThrow(/no "info" object/);
  });

  it("terminates on a cyclic document while checking its references", () => {
    const text = `openapi: 3.1.0\n${info}\npaths: {}\ncomponents:\n  schemas:\n    a: &a\n      properties: { self: *a, b: { $ref: "#/nowhere" } }\n`;
    expect(() => parseOpenApiText("cycle.yaml", text)).toThrow(/1 \$ref\(s\) point nowhere, first "#\/nowhere"/);
  });
});

describe("changelog renderers", () => {
  const diff = diffSpecs(loadFixture("widgets-old.yaml"), loadFixture("widgets-new-breaking.yaml"));

  it("text: a summary, then changes grouped by operation with BREAKING marks", () => {
    const text = renderText(diff, { title: "widgets" });
    const lines = text.split("\n");
    expect(lines[0]).toBe("widgets: 11 breaking, 6 non-breaking changes; operations: 1 added, 1 removed, 1 deprecated");
    expect(text).toContain(
      [
        "GET /widgets (listWidgets)",
        "            query parameter `q` added (optional)",
        "  BREAKING  query parameter `page` is now required",
      ].join("\n"),
    );
    expect(lines.filter((line) => line.startsWith("  BREAKING  "))).toHaveLength(11);
    expect(renderText(diffSpecs(widgetsGet({}), widgetsGet({})))).toBe("API changes: no changes\n");
  });

  it("markdown: breaking changes in their own section before the others", () => {
    const markdown = renderMarkdown(diff, { title: "b2b-v1" });
    expect(markdown.startsWith("### b2b-v1\n\n**Breaking:** 11 breaking")).toBe(true);
    const breaking = markdown.indexOf("#### Breaking changes");
    const other = markdown.indexOf("#### Other changes");
    expect(breaking).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(breaking);
    expect(markdown.slice(breaking, other)).toContain("- `DELETE /widgets/{id}` (`deleteWidget`)\n  - operation removed");
    expect(markdown.slice(other)).toContain("- `GET /gadgets` (`listGadgets`)\n  - operation added");
    expect(markdown.slice(other)).not.toContain("operation removed");
  });

  it("markdown: stays under maxLength and says how many changes it left out", () => {
    const paths = Array.from({ length: 400 }, (_, i) => [`/things/${i}`, { get: { responses: ok() } }]);
    const many = spec(Object.fromEntries(paths));
    const big = diffSpecs(spec({}), many);
    const markdown = renderMarkdown(big, { maxLength: 5_000 });
    expect(markdown.length).toBeLessThanOrEqual(5_000);
    const listed = markdown.split("\n").filter((line) => line === "  - operation added").length;
    expect(listed).toBeGreaterThan(10);
    expect(markdown).toContain(`_${400 - listed} more changes not listed;`);
    expect(
      renderMarkdown(big)
        .split("\n")
        .filter((line) => line === "  - operation added"),
    ).toHaveLength(400);
  });

  it("json: the diff itself", () => {
    expect(JSON.parse(renderJson(diff))).toEqual(diff);
  });
});

describe("spec:diff CLI", () => {
  const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");
  const SCRIPT = join(REPO_ROOT, "scripts", "spec", "diff.ts");
  const run = (...args: string[]) => {
    const result = spawnSync(TSX, [SCRIPT, ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const old = fixture("widgets-old.yaml");

  it("exits 0 with no changes for identical files", () => {
    const result = run(old, old);
    expect(result).toMatchObject({ status: 0, stderr: "" });
    expect(result.stdout).toBe("API changes: no changes\n");
  });

  it("exits 1 when there are breaking changes", () => {
    const result = run(old, fixture("widgets-new-breaking.yaml"));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("  BREAKING  operation removed");
  });

  it("exits 0 for non-breaking changes only, and compares YAML with JSON", () => {
    const result = run(old, fixture("widgets-new-compatible.json"));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("operation added");
  });

  it("prints parseable JSON with --json (exit code still tells about breaking changes)", () => {
    const result = run("--json", old, fixture("widgets-new-breaking.yaml"));
    expect(result.status).toBe(1);
    const parsed = JSON.parse(result.stdout) as SpecDiff;
    expect(parsed.breaking).toBe(true);
    expect(parsed.summary.breaking).toBe(11);
    expect(parsed.changes[0]).toMatchObject({ kind: "operation-added", operation: "GET /gadgets" });
  });

  it("prints markdown with --markdown", () => {
    const result = run(old, fixture("widgets-new-breaking.yaml"), "--markdown");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("#### Breaking changes");
  });

  it.each([
    ["a missing file", [old, fixture("missing.yaml")], /^spec:diff: cannot read .*missing\.yaml: no such file$/],
    ["unparsable YAML", [fixture("broken.yaml"), old], /^spec:diff: .*broken\.yaml is not valid YAML \(truncated\?\): /],
    [
      "a Swagger 2.0 document",
      [old, fixture("not-openapi.yaml")],
      /^spec:diff: .*not-openapi\.yaml is not an OpenAPI 3\.x document: swagger 2\.0$/,
    ],
    ["one file only", [old], /^spec:diff: expected two files, got 1; usage: /],
    ["an unknown option", [old, old, "--yaml"], /^spec:diff: .*--yaml.*; usage: /],
  ])("exits 2 with one line on stderr for %s", (_name, args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr.trimEnd()).toMatch(message);
  });
});

import { describe, expect, it } from "vitest";
import type { OpenApiDoc } from "../../../scripts/lib/openapi-doc.js";
import { buildOperationTable, encodeOperations, renderOperationTables } from "../../../scripts/lib/operation-table.js";
import { decodeOperations, type HttpMethod, type OperationInfo } from "../../../src/facade/operations.js";

/** A small spec of our own: query parameters in every style, and JSON, file and empty success responses. */
const ok = (content?: Record<string, object>) => ({ description: "ok", ...(content ? { content } : {}) });
const json = { "application/json": { schema: { type: "object" } } };
const query = (name: string, extra: object = {}) => ({
  name,
  in: "query",
  schema: { type: "array", items: { type: "integer" } },
  ...extra,
});

function spec(paths: Record<string, Record<string, unknown>>): OpenApiDoc {
  return {
    openapi: "3.1.0",
    info: { title: "synthetic", version: "1" },
    components: {
      parameters: { joinedIds: query("ids", { style: "form", explode: false }) },
      responses: { Pdf: ok({ "application/pdf": {} }) },
    },
    paths,
  };
}

const doc = spec({
  "/styled": {
    parameters: [query("inherited", { explode: false }), query("overridden", { explode: false })],
    get: {
      operationId: "styled",
      parameters: [
        { $ref: "#/components/parameters/joinedIds" },
        query("spaced", { style: "spaceDelimited" }),
        query("piped", { style: "pipeDelimited", explode: true }),
        { name: "filter", in: "query", style: "deepObject", explode: true, schema: { type: "object" } },
        query("exploded", { style: "form", explode: true }),
        query("plain"),
        query("overridden"),
        { name: "X-Trace", in: "header", style: "simple", schema: { type: "array" } },
      ],
      responses: { "200": ok(json) },
    },
  },
  "/receipt": {
    get: { operationId: "receipt", responses: { "200": { $ref: "#/components/responses/Pdf" }, "404": ok(json) } },
    post: { operationId: "either", responses: { "200": ok({ "application/pdf": {}, "application/json": {} }) } },
    put: { operationId: "export", responses: { "200": ok({ "text/csv": {} }), "202": ok({ "text/csv": {}, "application/zip": {} }) } },
    delete: { operationId: "empty", responses: { "204": ok() } },
  },
});

const table = buildOperationTable(doc);
const row = (operationId: string) => table.find((op) => op.operationId === operationId);

describe("buildOperationTable: query styles", () => {
  it("records only the parameters not serialised as form + explode, with OpenAPI's explode default per style", () => {
    expect(row("styled")?.queryStyles).toEqual({
      inherited: { style: "form", explode: false },
      ids: { style: "form", explode: false },
      spaced: { style: "spaceDelimited", explode: false },
      piped: { style: "pipeDelimited", explode: true },
      filter: { style: "deepObject", explode: true },
    });
  });

  it("is null for operations without query parameters or with default ones only", () => {
    expect(row("receipt")?.queryStyles).toBeNull();
    const defaults = buildOperationTable(spec({ "/d": { get: { operationId: "d", parameters: [query("a")], responses: {} } } }));
    expect(defaults[0]?.queryStyles).toBeNull();
  });

  it("fails with the operation and parameter named when a query style is not one OpenAPI allows there", () => {
    const bad = spec({ "/m": { get: { operationId: "m", parameters: [query("ids", { style: "matrix" })], responses: {} } } });
    expect(() => buildOperationTable(bad)).toThrow('GET /m: query parameter "ids" has unsupported style "matrix"');
  });
});

describe("buildOperationTable: pagination", () => {
  const limit = (maximum: number) => ({ name: "limit", in: "query", schema: { type: "integer", maximum } });
  const page = { name: "page", in: "query", schema: { type: "integer" } };

  it("takes the page size limit from an operation-level parameter that overrides the path-level one", () => {
    const paged = spec({
      "/items": {
        parameters: [page, limit(50)],
        get: { operationId: "items", parameters: [limit(250)], responses: { "200": ok(json) } },
      },
    });
    expect(buildOperationTable(paged)[0]?.pagination).toEqual({ pageParam: "page", sizeParam: "limit", maxSize: 250, total: null });
  });

  it("keeps a path-level page size limit that no operation parameter overrides", () => {
    const paged = spec({ "/items": { parameters: [page, limit(50)], get: { operationId: "items", responses: { "200": ok(json) } } } });
    expect(buildOperationTable(paged)[0]?.pagination).toMatchObject({ sizeParam: "limit", maxSize: 50 });
  });
});

describe("buildOperationTable: file media types", () => {
  it("lists the success media types of an operation that answers with a file, without repeats", () => {
    expect(row("receipt")?.fileMediaTypes).toEqual(["application/pdf"]);
    expect(row("export")?.fileMediaTypes).toEqual(["text/csv", "application/zip"]);
  });

  it("is null when a success answer can be JSON, or has no body", () => {
    expect(row("styled")?.fileMediaTypes).toBeNull();
    expect(row("either")?.fileMediaTypes).toBeNull();
    expect(row("empty")?.fileMediaTypes).toBeNull();
  });
});

describe("compact encoding", () => {
  const base = {
    auth: "user",
    pagination: null,
    locationParam: null,
    deprecated: false,
    queryStyles: null,
    fileMediaTypes: null,
    hasQuery: false,
    hasBody: false,
    tag: "Clients",
  } as const;
  const operations: OperationInfo[] = [
    { ...base, operationId: "get_client", method: "get", path: "/company/{location_id}/clients/{client_id}", locationParam: "location_id" },
    {
      ...base,
      operationId: "delete_client",
      method: "delete",
      path: "/company/{location_id}/clients/{client_id}",
      locationParam: "location_id",
      deprecated: true,
    },
    {
      ...base,
      operationId: "search_clients",
      method: "post",
      path: "/company/{location_id}/clients/search",
      locationParam: "location_id",
      pagination: { pageParam: "page", sizeParam: "page_size", maxSize: null, total: "meta.total_count", in: "body" },
      hasBody: true,
    },
    { ...base, operationId: "auth", method: "post", path: "/auth", auth: "partner", tag: "Authentication B2B", hasBody: true },
    { ...base, operationId: "optional", method: "get", path: "/companies", auth: "partner-optional-user", hasQuery: true },
    { ...base, operationId: "webhook", method: "post", path: "/https://example.test/a (b):c@d%e", tag: "Other" },
    { ...base, operationId: "chain", method: "get", path: "/chain/{chain_id}/locations/{salon_id}", locationParam: "salon_id" },
    {
      ...base,
      operationId: "file",
      method: "get",
      path: "/receipt/{id}",
      fileMediaTypes: ["application/pdf"],
      queryStyles: { ids: { style: "form", explode: false } },
    },
  ];

  it("decodes to exactly the table it was built from, auth kinds and odd path characters included", () => {
    const decoded = decodeOperations(encodeOperations(operations));
    const byId = new Map(decoded.map((op) => [op.operationId, op]));
    expect(decoded).toHaveLength(operations.length);
    for (const operation of operations) expect(byId.get(operation.operationId)).toEqual(operation);
  });

  it("writes ids without their method's usual verb, and whole the ids that lack it", () => {
    const ids: [HttpMethod, string][] = [
      ["get", "get_a"],
      ["get", "get_b"],
      ["get", "list_c"],
      ["get", "get_=d"],
      ["get", "=get_e"],
      ["get", "get_"],
      ["delete", "delete_f"],
      ["post", "=g"],
    ];
    const table = ids.map(([method, operationId], index) => ({ ...base, operationId, method, path: `/p${index}` }));
    const encoded = encodeOperations(table);
    expect(encoded.verbs.slice(0, 4)).toEqual(["get_", "", "", "delete_"]);
    expect(encoded.ids).toBe("a,b,=list_c,=get_=d,==get_e,,f,==g");
    expect(decodeOperations(encoded).map((operation) => operation.operationId)).toEqual(ids.map(([, id]) => id));
  });

  it("writes the table, and the type-level facts, the same way for the same input", () => {
    const source = renderOperationTables({ v1: operations });
    expect(source).toContain("export const v1Encoded: EncodedOperations = {");
    expect(source).toContain('"/company/{location_id}/clients/{client_id}": "location_id";');
    expect(source).toContain('"/company/{location_id}/clients/search": "post";');
    expect(renderOperationTables({ v1: [...operations] })).toBe(source);
  });

  it("fails the generator instead of writing a table that decodes differently", () => {
    // Ids are comma-separated in the encoding, so an id with a comma cannot survive it.
    const comma = [{ ...base, operationId: "a,b", method: "get", path: "/x" }] satisfies OperationInfo[];
    expect(() => encodeOperations(comma)).toThrow(/does not decode/);
  });
});

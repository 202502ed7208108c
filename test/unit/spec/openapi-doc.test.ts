import { describe, expect, it } from "vitest";
import { effectiveParameters, resolveLocalRef, resolvePointer } from "../../../scripts/lib/openapi-doc.js";

/** A small spec of our own whose refs need every part of JSON pointer decoding. */
const limit = { name: "limit", in: "query", schema: { type: "integer", maximum: 50 } };
const doc = {
  openapi: "3.1.0",
  paths: {
    "/things/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, limit],
      get: {
        parameters: [{ $ref: "#/paths/~1things~1%7Bid%7D/parameters/1" }, { name: "X-Trace", in: "header", schema: { type: "string" } }],
        responses: {},
      },
      put: {
        parameters: [
          { name: "limit", in: "query", schema: { type: "integer", maximum: 250 } },
          { name: "ID", in: "path", schema: { type: "string" } },
        ],
        responses: {},
      },
    },
  },
  components: {
    schemas: { "a/b~c": { type: "string" }, "%": { type: "boolean" } },
    parameters: { alias: { $ref: "#/components/parameters/real" }, real: limit, loop: { $ref: "#/components/parameters/loop" } },
  },
};

describe("resolvePointer", () => {
  it("decodes percent-encoding before ~1 and ~0", () => {
    expect(resolvePointer(doc, "#/paths/~1things~1%7Bid%7D/get/responses")).toEqual({});
    expect(resolvePointer(doc, "#/components/schemas/a~1b~0c")).toEqual({ type: "string" });
    expect(resolvePointer(doc, "#/components/schemas/%25")).toEqual({ type: "boolean" });
  });

  it("indexes arrays by decimal position", () => {
    expect(resolvePointer(doc, "#/paths/~1things~1%7Bid%7D/parameters/1")).toBe(limit);
    expect(resolvePointer(doc, "#/paths/~1things~1%7Bid%7D/parameters/2")).toBeUndefined();
    expect(resolvePointer(doc, "#/paths/~1things~1%7Bid%7D/parameters/01")).toBeUndefined();
    expect(resolvePointer(doc, "#/paths/~1things~1%7Bid%7D/parameters/length")).toBeUndefined();
  });

  it("finds only the document's own keys, and nothing for malformed or non-local refs", () => {
    expect(resolvePointer(doc, "#/components/constructor")).toBeUndefined();
    expect(resolvePointer(doc, "#/components/schemas/%E0%A4%A")).toBeUndefined();
    expect(resolvePointer(doc, "other.yaml#/components")).toBeUndefined();
    expect(resolvePointer(doc, "#")).toBe(doc);
  });
});

describe("resolveLocalRef", () => {
  it("follows a chain of refs, including a percent-encoded one into an array", () => {
    expect(resolveLocalRef(doc, { $ref: "#/components/parameters/alias" })).toBe(limit);
    expect(resolveLocalRef(doc, { $ref: "#/paths/~1things~1%7Bid%7D/parameters/1" })).toBe(limit);
  });

  it("returns a value that is not a ref as it is, and stops at a cycle", () => {
    expect(resolveLocalRef(doc, limit)).toBe(limit);
    expect(resolveLocalRef(doc, { $ref: "#/components/parameters/loop" })).toEqual({ $ref: "#/components/parameters/loop" });
    expect(resolveLocalRef(doc, { $ref: "#/components/parameters/none" })).toBeUndefined();
  });
});

describe("effectiveParameters", () => {
  const paramsOf = (method: "get" | "put") => effectiveParameters(doc, "/things/{id}", doc.paths["/things/{id}"][method]);

  it("lists path-level parameters first, then the operation's own, refs resolved", () => {
    expect(paramsOf("get").map((param) => `${param.in} ${param.name}`)).toEqual(["path id", "query limit", "header X-Trace"]);
  });

  it("lets an operation parameter with the same location and name replace the path-level one, in its place", () => {
    const put = paramsOf("put");
    expect(put.map((param) => `${param.in} ${param.name}`)).toEqual(["path id", "query limit", "path ID"]);
    expect(put[1]?.["schema"]).toEqual({ type: "integer", maximum: 250 });
  });

  it("is empty for an operation of a path the document does not have and without parameters of its own", () => {
    expect(effectiveParameters(doc, "/missing", { responses: {} })).toEqual([]);
  });
});

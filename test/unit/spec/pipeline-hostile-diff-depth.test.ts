import { describe, expect, it } from "vitest";
import { diffSpecs } from "../../../scripts/lib/spec-diff.js";

type Doc = Record<string, unknown>;

const leaf = (type: string): Doc => ({ type: "object", required: ["leaf"], properties: { leaf: { type } } });

function nested(type: string, depth: number): Doc {
  let schema = leaf(type);
  for (let i = 0; i < depth; i++) schema = { type: "object", required: ["n"], properties: { n: schema } };
  return schema;
}

function allOfChain(type: string, depth: number): Doc {
  let schema = leaf(type);
  for (let i = 0; i < depth; i++) schema = { allOf: [schema] };
  return schema;
}

const doc = (schema: Doc): Doc => ({
  openapi: "3.1.0",
  info: { title: "synthetic", version: "1" },
  paths: { "/a": { get: { responses: { "200": { description: "ok", content: { "application/json": { schema } } } } } } },
});

describe("spec:diff past its depth limits", () => {
  it("still finds a change shallower than the limit", () => {
    expect(diffSpecs(doc(nested("string", 31)), doc(nested("integer", 31))).changes.map((c) => c.kind)).toEqual(["response-type-changed"]);
  });

  it.each([32, 40, 200])("reports a difference under %i nested objects as could-not-be-compared, breaking", (depth) => {
    const diff = diffSpecs(doc(nested("string", depth)), doc(nested("integer", depth)));
    expect(diff.breaking).toBe(true);
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({ kind: "schema-not-compared", breaking: true });
    expect(diff.changes[0]?.detail).toMatch(/could not be compared \(nested deeper than 32 levels\)/);
  });

  it.each([9, 12])("reports a difference under %i nested allOf as could-not-be-compared, breaking", (depth) => {
    const diff = diffSpecs(doc(allOfChain("string", depth)), doc(allOfChain("integer", depth)));
    expect(diff.breaking).toBe(true);
    expect(diff.changes.map((change) => change.kind)).toContain("schema-not-compared");
  });

  it("says nothing when the deep parts are identical", () => {
    expect(diffSpecs(doc(nested("string", 40)), doc(nested("string", 40))).changes).toEqual([]);
    expect(diffSpecs(doc(allOfChain("string", 12)), doc(allOfChain("string", 12))).changes).toEqual([]);
  });
});

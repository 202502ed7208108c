import { describe, expect, it } from "vitest";
import { diffSpecs } from "../../../scripts/lib/spec-diff.js";

type Doc = Record<string, unknown>;

/** `POST /a` with the given request body schema, response 200 schema and parameters. */
function post(fields: { request?: unknown; response?: unknown; parameters?: unknown[] }): Doc {
  const op: Doc = { responses: { "200": { description: "ok" } } };
  if (fields.parameters) op["parameters"] = fields.parameters;
  if (fields.request) op["requestBody"] = { required: true, content: { "application/json": { schema: fields.request } } };
  if (fields.response) {
    op["responses"] = { "200": { description: "ok", content: { "application/json": { schema: fields.response } } } };
  }
  return { openapi: "3.1.0", info: { title: "synthetic", version: "1" }, paths: { "/a": { post: op } } };
}

const object = (s: unknown): Doc => ({ type: "object", required: ["s"], properties: { s } });
const query = (schema: unknown): unknown[] => [{ name: "q", in: "query", schema }];

function verdicts(before: Doc, after: Doc): [string, boolean, string][] {
  return diffSpecs(before, after).changes.map((change) => [change.kind, change.breaking, change.detail]);
}

describe("spec:diff: an enum or const that appears on an input or disappears from an output", () => {
  it("reports an enum added to a request property as breaking (every other value is no longer accepted)", () => {
    const result = verdicts(post({ request: object({ type: "string" }) }), post({ request: object({ type: "string", enum: ["a"] }) }));
    expect(result).toEqual([["request-enum-value-removed", true, 'request body property `s` now only accepts `"a"`']]);
  });

  it("reports an enum added to a query parameter as breaking", () => {
    const result = verdicts(post({ parameters: query({ type: "string" }) }), post({ parameters: query({ type: "string", enum: ["a"] }) }));
    expect(result).toEqual([["parameter-enum-value-removed", true, 'query parameter `q` now only accepts `"a"`']]);
  });

  it("reports an enum or const dropped from a response as breaking (any value may now come back)", () => {
    const dropped = verdicts(
      post({ response: object({ type: "string", enum: ["a", "b"] }) }),
      post({ response: object({ type: "string" }) }),
    );
    expect(dropped).toEqual([["response-enum-value-added", true, 'response 200 property `s` may now be any value, not only `"a"`, `"b"`']]);
    const constDropped = verdicts(
      post({ response: object({ type: "string", const: "a" }) }),
      post({ response: object({ type: "string" }) }),
    );
    expect(constDropped.map(([kind, breaking]) => [kind, breaking])).toEqual([["response-enum-value-added", true]]);
    const topLevel = verdicts(post({ response: { type: "string", enum: ["a"] } }), post({ response: { type: "string" } }));
    expect(topLevel.map(([kind, breaking]) => [kind, breaking])).toEqual([["response-enum-value-added", true]]);
  });

  it("lists a response enum value removed, and an enum lifted from an input, as non-breaking", () => {
    const removed = verdicts(
      post({ response: object({ type: "string", enum: ["a", "b"] }) }),
      post({ response: object({ type: "string", enum: ["a"] }) }),
    );
    expect(removed).toEqual([["response-enum-value-removed", false, 'response 200 property `s` is no longer `"b"`']]);
    const lifted = verdicts(post({ request: object({ type: "string", enum: ["a"] }) }), post({ request: object({ type: "string" }) }));
    expect(lifted.map(([kind, breaking]) => [kind, breaking])).toEqual([["request-enum-value-added", false]]);
  });
});

import { describe, expect, it } from "vitest";
import { diffSpecs } from "../../../scripts/lib/spec-diff.js";

type Doc = Record<string, unknown>;

function spec(scheme: Doc, security: Doc[] = [{ B: [] }]): Doc {
  return {
    openapi: "3.1.0",
    info: { title: "synthetic", version: "1" },
    paths: { "/a": { get: { security, responses: { "200": { description: "ok" } } } } },
    components: { securitySchemes: { B: scheme } },
  };
}

const verdicts = (before: Doc, after: Doc): [string, boolean, string][] =>
  diffSpecs(before, after).changes.map((change) => [change.kind, change.breaking, change.detail]);

describe("spec:diff: the definition of a referenced security scheme", () => {
  it("reports http bearer → apiKey in a query parameter as a breaking security change", () => {
    const result = verdicts(spec({ type: "http", scheme: "bearer" }), spec({ type: "apiKey", in: "query", name: "token" }));
    expect(result).toEqual([["security-changed", true, "security scheme `B` changed: `http bearer` → `apiKey query token`"]]);
  });

  it("reports a changed apiKey parameter name or place, and a changed http scheme", () => {
    const key = (where: string, name: string): Doc => ({ type: "apiKey", in: where, name });
    expect(verdicts(spec(key("header", "X-Token")), spec(key("header", "X-Key")))).toHaveLength(1);
    expect(verdicts(spec(key("header", "token")), spec(key("query", "token")))).toHaveLength(1);
    expect(verdicts(spec({ type: "http", scheme: "basic" }), spec({ type: "http", scheme: "bearer" }))[0]?.[1]).toBe(true);
  });

  it("ignores what does not change the credential: descriptions, bearerFormat, the case of case-insensitive parts", () => {
    const before = spec({ type: "http", scheme: "bearer", description: "one" });
    expect(verdicts(before, spec({ type: "http", scheme: "Bearer", bearerFormat: "JWT", description: "two" }))).toEqual([]);
    expect(
      verdicts(spec({ type: "apiKey", in: "header", name: "X-Token" }), spec({ type: "apiKey", in: "header", name: "x-token" })),
    ).toEqual([]);
  });

  it("does not look at schemes the operation does not require", () => {
    expect(verdicts(spec({ type: "http", scheme: "bearer" }, []), spec({ type: "apiKey", in: "query", name: "t" }, []))).toEqual([]);
  });
});

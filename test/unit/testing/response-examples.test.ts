import { describe, expect, it } from "vitest";
import type { OpenApiDoc } from "../../../scripts/lib/openapi-doc.js";
import { collectResponseExamples, renderResponseExamples } from "../../../scripts/lib/response-examples.js";

const widget = {
  type: "object",
  required: ["id", "name"],
  properties: { id: { type: "integer", example: 7 }, name: { type: "string", example: "Bolt" } },
};

/** A small synthetic spec: a body example that fits, one that does not, none at all, a 204 and a file. */
const doc = {
  openapi: "3.1.0",
  info: { title: "widgets", version: "1" },
  components: { schemas: { widget } },
  paths: {
    "/widgets/{id}": {
      get: {
        responses: {
          "404": { description: "no", content: { "application/json": { schema: { type: "object" } } } },
          "200": {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/widget" }, example: { id: 1, name: "Nut" } } },
          },
        },
      },
      put: {
        responses: {
          "200": {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/widget" }, example: { id: "one", name: "Nut" } } },
          },
        },
      },
      delete: { responses: { "204": { description: "gone" } } },
    },
    "/widgets": {
      post: {
        responses: { "201": { description: "made", content: { "application/json": { schema: { $ref: "#/components/schemas/widget" } } } } },
      },
    },
    "/widgets/{id}/label": {
      get: { responses: { "200": { description: "pdf", content: { "application/pdf": { schema: { type: "string" } } } } } },
    },
  },
} as unknown as OpenApiDoc;

describe("default responses of altegio-sdk/testing", () => {
  const { examples, report } = collectResponseExamples(doc);

  it("take the first success status and the spec's body example when it fits the schema", () => {
    expect(examples["get /widgets/{id}"]).toEqual({ status: 200, body: { id: 1, name: "Nut" } });
  });

  it("sample the schema (its own property examples first) when the body example does not fit or there is none", () => {
    expect(examples["put /widgets/{id}"]).toEqual({ status: 200, body: { id: 7, name: "Bolt" } });
    expect(examples["post /widgets"]).toEqual({ status: 201, body: { id: 7, name: "Bolt" } });
  });

  it("answer without a body where the response has no JSON body", () => {
    expect(examples["delete /widgets/{id}"]).toEqual({ status: 204, body: null });
    expect(examples["get /widgets/{id}/label"]).toEqual({ status: 200, body: null });
    expect(report).toEqual({ fromExample: 1, sampled: 2, noBody: 2 });
  });

  it("render one typed table per API version", () => {
    const source = renderResponseExamples({ v1: { "get /x": { status: 200, body: { a: 1 } } } });
    expect(source).toContain(
      'export const v1ResponseExamples: Readonly<Record<string, ResponseExample>> = {"get /x":{"status":200,"body":{"a":1}}};',
    );
  });
});

import { describe, expect, it } from "vitest";
import { createSchemaCheck } from "../../../scripts/lib/schema-check.js";
import { createSynthesizer } from "../../../scripts/lib/synthesize.js";

/** A small spec of our own: components to `$ref`, and operations covering each kind of input. */
const doc = {
  openapi: "3.1.0",
  info: { title: "synthetic", version: "1" },
  components: {
    parameters: {
      thingId: {
        name: "thing_id",
        in: "path",
        required: true,
        schema: { type: "integer", minimum: 1 },
        examples: { one: { $ref: "#/components/examples/seven" } },
      },
    },
    examples: { seven: { value: 7 } },
    schemas: {
      Address: {
        type: "object",
        required: ["city", "zip"],
        properties: { city: { type: "string", minLength: 2 }, zip: { type: "string", pattern: "^\\d{5}$" } },
      },
      Person: {
        type: "object",
        additionalProperties: false,
        required: ["name", "address"],
        properties: {
          id: { type: "integer", readOnly: true },
          name: { type: "string", maxLength: 10 },
          address: { $ref: "#/components/schemas/Address" },
          tags: { type: "array", minItems: 2, items: { type: "string", enum: ["a", "b"] } },
        },
      },
      BadExample: { type: "object", required: ["n"], properties: { n: { type: "integer" } }, example: [] },
    },
  },
  paths: {
    "/things/{thing_id}": {
      parameters: [{ $ref: "#/components/parameters/thingId" }],
      get: {
        parameters: [
          { name: "from", in: "query", required: true, schema: { type: "string", format: "date" } },
          { name: "kind", in: "query", required: true, schema: { type: "string", enum: ["x", "y"] }, example: "z" },
          { name: "page", in: "query", schema: { type: "integer" }, example: 1 },
          { name: "trace", in: "header", schema: { type: "string" } },
        ],
        responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } },
      },
      put: {
        requestBody: { content: { "*/*": { schema: { $ref: "#/components/schemas/Person" } } } },
        responses: { "204": { description: "none" } },
      },
      post: {
        requestBody: {
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/Person" },
              example: { name: "Ann", address: { city: "Riga", zip: "10001" } },
            },
            "text/plain": { schema: { type: "string" } },
          },
        },
        responses: { "201": { description: "created" } },
      },
      delete: {
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/BadExample" } } } },
        responses: { "200": { description: "ok", content: { "application/pdf": {} } } },
      },
    },
    "/upload": {
      post: {
        requestBody: {
          content: {
            "multipart/form-data": {
              schema: { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary" } } },
            },
          },
        },
        responses: { "200": { description: "ok" } },
      },
    },
    "/xml": {
      post: { requestBody: { content: { "application/xml": { schema: { type: "object" } } } }, responses: {} },
    },
  },
};

const synthesizer = createSynthesizer(doc);
const check = createSchemaCheck(doc);
const valueOf = (schema: object, candidates?: unknown[]) => synthesizer.value(schema, candidates);

describe("synthesizer.value", () => {
  it("takes the first enum value and a const as it is", () => {
    expect(valueOf({ type: "string", enum: ["on", "off"] })).toBe("on");
    expect(valueOf({ const: 3 })).toBe(3);
  });

  it("produces strings in the declared formats", () => {
    expect(valueOf({ type: "string", format: "date" })).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const dateTime = valueOf({ type: "string", format: "date-time" });
    expect(Number.isNaN(Date.parse(String(dateTime)))).toBe(false);
    expect(String(dateTime)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    expect(valueOf({ type: "string", format: "email" })).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
  });

  it("matches patterns, including regex escapes such as \\d", () => {
    expect(valueOf({ type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$" })).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(valueOf({ type: "string", pattern: "^(record|visit)_[0-9]+$" })).toMatch(/^(record|visit)_[0-9]+$/);
  });

  it("respects minimum, maximum, multipleOf and string lengths", () => {
    expect(valueOf({ type: "integer", minimum: 5, maximum: 9 })).toBe(5);
    expect(valueOf({ type: "integer", exclusiveMinimum: 5 })).toBe(6);
    expect(valueOf({ type: "integer", minimum: 1, maximum: 3600, multipleOf: 300 })).toBe(300);
    expect(String(valueOf({ type: "string", minLength: 12 })).length).toBeGreaterThanOrEqual(12);
    expect(String(valueOf({ type: "string", maxLength: 3 })).length).toBeLessThanOrEqual(3);
  });

  it("fills nested objects through $ref, arrays up to minItems, and leaves readOnly properties out", () => {
    const person = valueOf({ $ref: "#/components/schemas/Person" }) as Record<string, unknown>;
    expect(person).not.toHaveProperty("id");
    expect(person["address"]).toEqual({ city: expect.any(String), zip: expect.stringMatching(/^\d{5}$/) });
    expect(person["tags"]).toEqual(["a", "a"]);
    expect(check({ $ref: "#/components/schemas/Person" }, person)).toBe(true);
  });

  it("prefers a candidate example that satisfies the schema, and skips one that does not", () => {
    expect(valueOf({ type: "integer" }, ["twelve", 12])).toBe(12);
    expect(valueOf({ type: "integer", minimum: 0 }, [-1])).toBe(0);
  });

  it("ignores a schema's own example when it contradicts the schema", () => {
    expect(valueOf({ $ref: "#/components/schemas/BadExample" })).toEqual({ n: 0 });
  });

  it("keeps properties whose names happen to be sample keywords when it drops the sample values", () => {
    const schema = {
      type: "object",
      required: ["example", "default"],
      properties: { example: { type: "string" }, default: { type: "boolean" } },
      example: "not an object",
    };
    expect(valueOf(schema)).toEqual({ example: "string", default: true });
  });

  it("allows null for a nullable type", () => {
    expect(check({ type: ["integer", "null"] }, valueOf({ type: ["integer", "null"] }))).toBe(true);
  });

  it("throws, naming the place, when nothing satisfies the schema", () => {
    expect(() => synthesizer.value({ type: "integer", minimum: 5, maximum: 1 }, [], "body of GET /x")).toThrow(
      /cannot synthesise a valid body of GET \/x/,
    );
  });
});

describe("synthesizer.request", () => {
  it("fills path parameters (path-level, by $ref, from a referenced example) and only the required query parameters", () => {
    const request = synthesizer.request("/things/{thing_id}", "get");
    expect(request.path).toEqual({ thing_id: 7 });
    // `kind`'s example "z" is not one of its values; `page` and the header are optional.
    expect(request.query).toEqual({ from: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), kind: "x" });
    expect(request.body).toBeNull();
    expect(request.accept).toEqual([]);
  });

  it("uses the media type example for a JSON body and prefers JSON over other media types", () => {
    expect(synthesizer.request("/things/{thing_id}", "POST").body).toEqual({
      encoding: "json",
      value: { name: "Ann", address: { city: "Riga", zip: "10001" } },
    });
  });

  it("sends a */* body as JSON, synthesised from the schema", () => {
    const body = synthesizer.request("/things/{thing_id}", "put").body;
    expect(body?.encoding).toBe("json");
    expect(check({ $ref: "#/components/schemas/Person" }, body?.value)).toBe(true);
  });

  it("sends a multipart body as form fields", () => {
    expect(synthesizer.request("/upload", "post").body).toEqual({ encoding: "multipart", value: { file: "string" } });
  });

  it("asks for a file's media type when no success response is JSON", () => {
    expect(synthesizer.request("/things/{thing_id}", "delete").accept).toEqual(["application/pdf"]);
  });

  it("refuses a request body it cannot send, and an operation that is not there", () => {
    expect(() => synthesizer.request("/xml", "post")).toThrow(/no supported request media type among application\/xml/);
    expect(() => synthesizer.request("/nowhere", "get")).toThrow(/GET \/nowhere is not in the document/);
  });
});

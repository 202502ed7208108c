import { isRecord } from "./openapi-doc.js";

/**
 * A JSON Schema that an example satisfies, as loose as it can be while still saying what the
 * example shows: every object property optional, arrays typed by their elements, numbers as
 * `number`. Marked `x-inferred` so a reader of the normalised bundle knows it was not published.
 */

export type JsonType = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "string";
  return "object";
}

function inferInner(value: unknown): Record<string, unknown> {
  const type = jsonTypeOf(value);
  if (type === "integer" || type === "number") return { type: "number" };
  if (type === "array") {
    const items = (value as unknown[]).map(inferInner);
    const distinct = [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];
    if (distinct.length === 0) return { type: "array", maxItems: 0 };
    return { type: "array", items: distinct.length === 1 ? distinct[0] : { anyOf: distinct } };
  }
  if (type === "object" && isRecord(value)) {
    return { type: "object", properties: Object.fromEntries(Object.entries(value).map(([key, v]) => [key, inferInner(v)])) };
  }
  return { type };
}

export function inferSchema(value: unknown): Record<string, unknown> {
  return { ...inferInner(value), "x-inferred": true };
}

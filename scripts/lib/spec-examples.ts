import { jsonMediaType } from "./media-types.js";
import { isRecord, listOperations, type OpenApiDoc, resolveLocalRef } from "./openapi-doc.js";
import { pointerOf } from "./schema-validator.js";

/**
 * Every example a document gives for a JSON request or response body, with the JSON pointer of the
 * schema it claims to satisfy: media-level `example` / `examples` (whole bodies) and `example` /
 * `examples` written inside the schemas (a part of a body). A schema reached from many operations
 * (a component) yields its embedded examples once, for the first operation that reaches it.
 */

export type ExamplePlace = "request body" | "request schema" | "response body" | "response schema";

export interface ExampleCase {
  readonly place: ExamplePlace;
  /** `METHOD /path`. */
  readonly operation: string;
  readonly operationId: string | undefined;
  /** Response status, or `request`. */
  readonly status: string;
  /** Where the example is written: `example`, `examples.<name>`, or a schema pointer. */
  readonly source: string;
  readonly schemaPointer: string;
  readonly value: unknown;
}

/** Keywords whose value is one subschema, a list of them, or a map of them. */
const SINGLE = [
  "items",
  "additionalProperties",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
];
const LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

type Keys = readonly (string | number)[];

/** Calls `visit` for every schema node under `start` (following local `$ref`s), each node once per `seen`. */
export function walkSchemas(
  doc: unknown,
  start: Keys,
  seen: Set<string>,
  visit: (node: Record<string, unknown>, keys: Keys) => void,
): void {
  const stack: Keys[] = [start];
  while (stack.length > 0) {
    const keys = stack.pop() as Keys;
    const pointer = pointerOf(keys);
    if (seen.has(pointer)) continue;
    seen.add(pointer);
    let node: unknown = doc;
    for (const key of keys) node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
    if (!isRecord(node)) continue;
    const ref = node["$ref"];
    if (typeof ref === "string" && ref.startsWith("#/")) {
      stack.push(
        ref
          .slice(2)
          .split("/")
          .map((part) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~")),
      );
    }
    visit(node, keys);
    for (const key of SINGLE) if (isRecord(node[key])) stack.push([...keys, key]);
    for (const key of LISTS) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((_, i) => stack.push([...keys, key, i]));
    }
    for (const key of MAPS) {
      const map = node[key];
      if (isRecord(map)) for (const name of Object.keys(map)) stack.push([...keys, key, name]);
    }
  }
}

function mediaExamples(doc: unknown, media: Record<string, unknown>): Array<{ source: string; value: unknown }> {
  const found: Array<{ source: string; value: unknown }> = [];
  if (media["example"] !== undefined) found.push({ source: "example", value: media["example"] });
  if (isRecord(media["examples"])) {
    for (const [name, entry] of Object.entries(media["examples"])) {
      const example = resolveLocalRef(doc, entry);
      if (isRecord(example) && example["value"] !== undefined) found.push({ source: `examples.${name}`, value: example["value"] });
    }
  }
  return found;
}

function schemaExamples(node: Record<string, unknown>): unknown[] {
  const values = node["example"] !== undefined ? [node["example"]] : [];
  return Array.isArray(node["examples"]) ? [...values, ...node["examples"]] : values;
}

export function collectExamples(doc: OpenApiDoc): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const seen = new Set<string>();
  for (const { path, method, operation } of listOperations(doc.paths)) {
    const operationId = typeof operation["operationId"] === "string" ? operation["operationId"] : undefined;
    const where = `${method.toUpperCase()} ${path}`;
    const bodies: Array<{ status: string; keys: Keys; content: unknown }> = [];
    const requestBody = resolveLocalRef(doc, operation["requestBody"]);
    if (isRecord(requestBody))
      bodies.push({ status: "request", keys: ["paths", path, method, "requestBody", "content"], content: requestBody["content"] });
    const responses = isRecord(operation["responses"]) ? operation["responses"] : {};
    for (const [status, entry] of Object.entries(responses)) {
      const ref = isRecord(entry) && typeof entry["$ref"] === "string" ? entry["$ref"] : undefined;
      const keys: Keys = ref?.startsWith("#/")
        ? [...ref.slice(2).split("/"), "content"]
        : ["paths", path, method, "responses", status, "content"];
      bodies.push({ status, keys, content: (resolveLocalRef(doc, entry) as Record<string, unknown> | undefined)?.["content"] });
    }
    for (const { status, keys, content } of bodies) {
      if (!isRecord(content)) continue;
      const mediaType = jsonMediaType(content);
      const media = mediaType === undefined ? undefined : content[mediaType];
      if (mediaType === undefined || !isRecord(media) || media["schema"] === undefined) continue;
      const schemaKeys = [...keys, mediaType, "schema"];
      const request = status === "request";
      for (const { source, value } of mediaExamples(doc, media)) {
        cases.push({
          place: request ? "request body" : "response body",
          operation: where,
          operationId,
          status,
          source,
          schemaPointer: pointerOf(schemaKeys),
          value,
        });
      }
      walkSchemas(doc, schemaKeys, seen, (node, nodeKeys) => {
        for (const value of schemaExamples(node)) {
          const schemaPointer = pointerOf(nodeKeys);
          cases.push({
            place: request ? "request schema" : "response schema",
            operation: where,
            operationId,
            status,
            source: schemaPointer,
            schemaPointer,
            value,
          });
        }
      });
    }
  }
  return cases;
}

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

/** The whole-body examples of one media object: `example`, and each `examples.<name>` (`$ref`s resolved). */
export function mediaExamples(doc: unknown, media: Record<string, unknown>): Array<{ source: string; value: unknown }> {
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

/** One JSON request or response body an operation declares. */
export interface JsonBody {
  /** `METHOD /path`. */
  readonly operation: string;
  readonly operationId: string | undefined;
  /** Response status, or `request`. */
  readonly status: string;
  /** The response (or request body) object that holds `content`, `$ref` resolved. */
  readonly container: Record<string, unknown>;
  readonly mediaType: string;
  readonly media: Record<string, unknown>;
  /** Where `media` is in the document (through a component's `$ref` when the body is one). */
  readonly mediaKeys: Keys;
}

function contentKeys(entry: unknown, own: Keys): Keys {
  const ref = isRecord(entry) && typeof entry["$ref"] === "string" ? entry["$ref"] : undefined;
  return ref?.startsWith("#/") ? [...ref.slice(2).split("/"), "content"] : [...own, "content"];
}

/** Every JSON body of every operation, request first then responses in document order: the one walk the audit, the example rules and the live check share. */
export function listJsonBodies(doc: OpenApiDoc): JsonBody[] {
  const found: JsonBody[] = [];
  for (const { path, method, operation } of listOperations(doc.paths)) {
    const operationId = typeof operation["operationId"] === "string" ? operation["operationId"] : undefined;
    const entries: Array<{ status: string; entry: unknown; keys: Keys }> = [];
    if (operation["requestBody"] !== undefined) {
      entries.push({ status: "request", entry: operation["requestBody"], keys: ["paths", path, method, "requestBody"] });
    }
    const responses = isRecord(operation["responses"]) ? operation["responses"] : {};
    for (const [status, entry] of Object.entries(responses))
      entries.push({ status, entry, keys: ["paths", path, method, "responses", status] });
    for (const { status, entry, keys } of entries) {
      const container = resolveLocalRef(doc, entry);
      if (!isRecord(container) || !isRecord(container["content"])) continue;
      const mediaType = jsonMediaType(container["content"]);
      const media = mediaType === undefined ? undefined : container["content"][mediaType];
      if (mediaType === undefined || !isRecord(media)) continue;
      const mediaKeys = [...contentKeys(entry, keys), mediaType];
      found.push({ operation: `${method.toUpperCase()} ${path}`, operationId, status, container, mediaType, media, mediaKeys });
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
  for (const { operation, operationId, status, media, mediaKeys } of listJsonBodies(doc)) {
    if (media["schema"] === undefined) continue;
    const schemaKeys = [...mediaKeys, "schema"];
    const request = status === "request";
    for (const { source, value } of mediaExamples(doc, media)) {
      cases.push({
        place: request ? "request body" : "response body",
        operation,
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
          operation,
          operationId,
          status,
          source: schemaPointer,
          schemaPointer,
          value,
        });
      }
    });
  }
  return cases;
}

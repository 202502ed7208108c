import type { HttpMethod } from "../../src/facade/operations.js";

/**
 * The base module for reading an OpenAPI document: what a mapping is, where its operations are,
 * and how to read it the way the spec says to: local `$ref`s are JSON pointers (RFC 6901) inside a
 * URI fragment, and operation parameters override path-item ones.
 */

/** The keys of an OpenAPI path item that hold operations. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"] as const satisfies readonly HttpMethod[];

/** A parsed OpenAPI document, as the scripts work on it. */
export type OpenApiDoc = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

export interface OperationEntry {
  readonly path: string;
  readonly method: HttpMethod;
  readonly operation: Readonly<Record<string, unknown>>;
}

export interface OpenApiStats {
  readonly paths: number;
  readonly operations: number;
}

/** A YAML/JSON mapping (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every operation under `paths`, in document order. */
export function listOperations(paths: unknown): OperationEntry[] {
  if (!isRecord(paths)) return [];
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isRecord(operation)) entries.push({ path, method, operation });
    }
  }
  return entries;
}

/** Counts recorded in `openapi/lock.json` and checked by the generator. */
export function openApiStats(doc: { readonly paths: unknown }): OpenApiStats {
  return {
    paths: isRecord(doc.paths) ? Object.keys(doc.paths).length : 0,
    operations: listOperations(doc.paths).length,
  };
}

/** The value a local reference (`#/components/...`) points at; undefined when it points nowhere. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (ref === "#") return doc;
  if (!ref.startsWith("#/")) return undefined;
  let current: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    let key: string;
    try {
      // The pointer sits in a URI fragment, so it may be percent-encoded.
      key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    } catch {
      return undefined;
    }
    if (Array.isArray(current)) current = /^(0|[1-9]\d*)$/.test(key) ? current[Number(key)] : undefined;
    else if (isRecord(current) && Object.hasOwn(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

/** Follows local `$ref`s (a chain of them, stopping at a cycle); returns the value itself when it is not a ref. */
export function resolveLocalRef(doc: unknown, value: unknown): unknown {
  let current = value;
  const seen = new Set<string>();
  while (isRecord(current) && typeof current["$ref"] === "string") {
    const ref = current["$ref"];
    if (!ref.startsWith("#/") || seen.has(ref)) return current;
    seen.add(ref);
    current = resolvePointer(doc, ref);
  }
  return current;
}

export type ParameterObject = Record<string, unknown> & { readonly name: string; readonly in: string };

/** A parameter is identified by where it goes and its name; header names are case-insensitive. */
export function parameterKey(param: ParameterObject): string {
  return `${param.in}.${param.in === "header" ? param.name.toLowerCase() : param.name}`;
}

function isParameterObject(value: unknown): value is ParameterObject {
  return isRecord(value) && typeof value["name"] === "string" && typeof value["in"] === "string";
}

/**
 * The parameters that apply to an operation of `doc.paths[path]`, `$ref`s resolved: the path
 * item's, each replaced by an operation parameter with the same `in` and `name` (OpenAPI 3.x),
 * then the operation's own. Entries that are not parameter objects are left out.
 */
export function effectiveParameters(doc: unknown, path: string, operation: Readonly<Record<string, unknown>>): ParameterObject[] {
  const paths = isRecord(doc) ? doc["paths"] : undefined;
  const pathItem = resolveLocalRef(doc, isRecord(paths) ? paths[path] : undefined);
  const byKey = new Map<string, ParameterObject>();
  for (const list of [isRecord(pathItem) ? pathItem["parameters"] : undefined, operation["parameters"]]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const param = resolveLocalRef(doc, entry);
      if (isParameterObject(param)) byKey.set(parameterKey(param), param);
    }
  }
  return [...byKey.values()];
}

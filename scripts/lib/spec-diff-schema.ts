/**
 * Schema comparison for the spec diff: follows local `$ref`s, merges `allOf`, and reports added,
 * removed, re-typed and re-required properties and enum values, judged by whether the data is
 * sent by the client or received by it.
 */
import { isDeepStrictEqual } from "node:util";
import { codeSpan, specWord } from "./changelog.js";
import { isRecord, resolveLocalRef } from "./openapi-doc.js";
import type { ChangeKind, Emit } from "./spec-diff-types.js";

type Json = Record<string, unknown>;

/** Data sent by the client (`parameter`, `request`) or received by it (`response`). */
export type Flow = "parameter" | "request" | "response";

export interface SchemaSite {
  readonly flow: Flow;
  /** What the root schema describes, for messages: "request body", "query parameter `page`". */
  readonly subject: string;
  readonly location: string;
}

/** A schema with `$ref` followed and `allOf` merged: what the comparison needs of it. */
interface FlatSchema {
  /** The schema object `$ref` led to (undefined when there is none). */
  node: Json | undefined;
  types: Set<string>;
  properties: Map<string, unknown>;
  required: Set<string>;
  items: unknown;
  enumValues: readonly unknown[] | undefined;
  alternatives: readonly unknown[] | undefined;
  readOnly: boolean;
  writeOnly: boolean;
  /** `allOf`/`oneOf`/`anyOf` nested past MAX_ALLOF_DEPTH were left out: the schema is not fully known. */
  truncated: boolean;
}

/** Deeper than any real payload; stops schemas that recurse through inline copies (YAML aliases). */
const MAX_SCHEMA_DEPTH = 32;
const MAX_ALLOF_DEPTH = 8;

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function declaredTypes(schema: Json): Set<string> {
  const types = new Set<string>();
  const type = schema["type"];
  if (typeof type === "string") types.add(type);
  if (Array.isArray(type)) type.filter((entry) => typeof entry === "string").forEach((entry) => types.add(entry));
  if (types.size > 0 && schema["nullable"] === true) types.add("null");
  if (types.size === 0 && "const" in schema) types.add(jsonType(schema["const"]));
  return types;
}

/** `chain`: the schemas being flattened further up; one met again (it recurses) adds nothing, and would cost exponential time. */
function flatten(doc: Json, node: unknown, depth = 0, chain = new Set<unknown>()): FlatSchema {
  const schema = resolveLocalRef(doc, node);
  const flat: FlatSchema = {
    node: isRecord(schema) ? schema : undefined,
    types: new Set(),
    properties: new Map(),
    required: new Set(),
    items: undefined,
    enumValues: undefined,
    alternatives: undefined,
    readOnly: false,
    writeOnly: false,
    truncated: false,
  };
  if (!isRecord(schema) || chain.has(schema)) return flat;
  chain.add(schema);
  const parts = [schema];
  if (Array.isArray(schema["allOf"])) {
    if (depth < MAX_ALLOF_DEPTH) parts.push(...schema["allOf"].map((member) => resolveLocalRef(doc, member)).filter(isRecord));
    else flat.truncated = true;
  }
  for (const [index, part] of parts.entries()) {
    const merged = index === 0 ? undefined : flatten(doc, part, depth + 1, chain);
    const types = merged?.types ?? declaredTypes(part);
    if (flat.types.size === 0) types.forEach((type) => flat.types.add(type));
    const ownProperties = isRecord(part["properties"]) ? Object.entries(part["properties"]) : [];
    const properties = merged?.properties ?? ownProperties;
    for (const [name, property] of properties) flat.properties.set(name, property);
    const required = merged?.required ?? (Array.isArray(part["required"]) ? part["required"] : []);
    for (const name of required) if (typeof name === "string") flat.required.add(name);
    flat.items ??= merged?.items ?? part["items"];
    // A `const` is a one-value enum: changing it removes the old value.
    const ownValues = Array.isArray(part["enum"]) ? part["enum"] : "const" in part ? [part["const"]] : undefined;
    flat.enumValues ??= merged?.enumValues ?? ownValues;
    flat.alternatives ??= merged?.alternatives ?? oneOfAnyOf(part);
    flat.readOnly ||= merged?.readOnly ?? part["readOnly"] === true;
    flat.writeOnly ||= merged?.writeOnly ?? part["writeOnly"] === true;
    flat.truncated ||= merged?.truncated ?? false;
  }
  if (flat.types.size === 0) inferTypes(doc, flat, depth, chain);
  chain.delete(schema);
  return flat;
}

function oneOfAnyOf(schema: Json): unknown[] | undefined {
  const alternatives = schema["oneOf"] ?? schema["anyOf"];
  return Array.isArray(alternatives) ? alternatives : undefined;
}

/** Types of a schema that does not say `type`: from its alternatives, or from its shape. */
function inferTypes(doc: Json, flat: FlatSchema, depth: number, chain: Set<unknown>): void {
  if (flat.alternatives !== undefined && depth >= MAX_ALLOF_DEPTH) {
    flat.truncated = true;
  } else if (flat.alternatives !== undefined) {
    for (const alternative of flat.alternatives) {
      const inferred = flatten(doc, alternative, depth + 1, chain);
      inferred.types.forEach((type) => flat.types.add(type));
      flat.truncated ||= inferred.truncated;
    }
  } else if (flat.properties.size > 0) {
    flat.types.add("object");
  } else if (flat.items !== undefined) {
    flat.types.add("array");
  } else if (flat.enumValues !== undefined) {
    flat.enumValues.forEach((value) => flat.types.add(jsonType(value)));
  }
}

/** Every value of `narrow` is also a value of `wide` (an integer is a number). */
function typesCover(wide: ReadonlySet<string>, narrow: ReadonlySet<string>): boolean {
  return [...narrow].every((type) => wide.has(type) || (type === "integer" && wide.has("number")));
}

function sameTypes(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((type) => b.has(type));
}

function formatTypes(types: ReadonlySet<string>): string {
  return [...types].sort().map(specWord).join(" | ");
}

function formatValues(values: readonly unknown[]): string {
  return values.map((value) => codeSpan(JSON.stringify(value) ?? String(value))).join(", ");
}

/** The two documents the schemas come from, and where the changes found go. */
export interface SchemaPair {
  readonly old: { readonly doc: Json };
  readonly new: { readonly doc: Json };
  readonly emit: Emit;
}

interface SchemaWalk {
  readonly pair: SchemaPair;
  readonly site: SchemaSite;
  /**
   * Schema objects being compared further up, old side → new sides. Meeting a pair again means
   * the schema recurses (through `$ref`, or through a YAML alias to an enclosing node).
   */
  readonly ancestors: Map<Json, Set<Json>>;
}

/** Reports how the schema `after` differs from `before`, as seen by a client at `site`. */
export function compareSchemas(pair: SchemaPair, site: SchemaSite, before: unknown, after: unknown): void {
  walkSchemas({ pair, site, ancestors: new Map() }, before, after, "", 0);
}

function walkSchemas(walk: SchemaWalk, beforeNode: unknown, afterNode: unknown, path: string, depth: number): void {
  if (beforeNode === undefined || afterNode === undefined) return;
  // Past the limits nothing can be said for sure: a difference there is reported, not passed over.
  if (depth > MAX_SCHEMA_DEPTH) {
    if (!isDeepStrictEqual(beforeNode, afterNode)) reporter(walk, path).notCompared(`nested deeper than ${MAX_SCHEMA_DEPTH} levels`);
    return;
  }
  const before = flatten(walk.pair.old.doc, beforeNode);
  const after = flatten(walk.pair.new.doc, afterNode);
  if (before.node === undefined || after.node === undefined) return;
  if ((before.truncated || after.truncated) && !isDeepStrictEqual(before.node, after.node)) {
    reporter(walk, path).notCompared(`allOf/oneOf/anyOf nested deeper than ${MAX_ALLOF_DEPTH} levels`);
  }
  const seen = walk.ancestors.get(before.node) ?? new Set<Json>();
  if (seen.has(after.node)) return;
  walk.ancestors.set(before.node, seen.add(after.node));
  try {
    compareFlat(walk, before, after, path, depth);
  } finally {
    seen.delete(after.node);
  }
}

function compareFlat(walk: SchemaWalk, before: FlatSchema, after: FlatSchema, path: string, depth: number): void {
  const report = reporter(walk, path);
  if (before.types.size > 0 && after.types.size > 0 && !sameTypes(before.types, after.types)) {
    report.typeChanged(before.types, after.types);
    return;
  }
  if (before.enumValues !== undefined && after.enumValues !== undefined) {
    const key = (value: unknown): string => JSON.stringify(value);
    const beforeKeys = new Set(before.enumValues.map(key));
    const afterKeys = new Set(after.enumValues.map(key));
    const removed = before.enumValues.filter((value) => !afterKeys.has(key(value)));
    const added = after.enumValues.filter((value) => !beforeKeys.has(key(value)));
    if (removed.length > 0) report.enumRemoved(removed);
    if (added.length > 0) report.enumAdded(added);
  } else if (before.enumValues === undefined && after.enumValues !== undefined) {
    // Every value but the listed ones is removed.
    report.enumImposed(after.enumValues);
  } else if (before.enumValues !== undefined && after.enumValues === undefined) {
    // Every value but the listed ones is added.
    report.enumLifted(before.enumValues);
  }
  const names = [...new Set([...before.properties.keys(), ...after.properties.keys()])].sort();
  for (const name of names) {
    const childPath = path === "" ? name : `${path}.${name}`;
    const child = reporter(walk, childPath);
    const beforeProperty = visibleInFlow(walk, walk.pair.old.doc, before.properties.get(name));
    const afterProperty = visibleInFlow(walk, walk.pair.new.doc, after.properties.get(name));
    if (beforeProperty === undefined && afterProperty === undefined) continue;
    if (beforeProperty === undefined) {
      child.propertyAdded(after.required.has(name));
    } else if (afterProperty === undefined) {
      child.propertyRemoved();
    } else {
      const wasRequired = before.required.has(name);
      const isRequired = after.required.has(name);
      if (wasRequired !== isRequired) child.requiredChanged(isRequired);
      walkSchemas(walk, beforeProperty, afterProperty, childPath, depth + 1);
    }
  }
  if (before.items !== undefined && after.items !== undefined) {
    walkSchemas(walk, before.items, after.items, `${path}[]`, depth + 1);
  }
  // Alternatives can only be matched up when there are as many on both sides.
  if (before.alternatives !== undefined && before.alternatives.length === after.alternatives?.length) {
    for (const [index, alternative] of before.alternatives.entries()) {
      walkSchemas(walk, alternative, after.alternatives[index], `${path}<${index + 1}>`, depth + 1);
    }
  }
}

/** The property, unless it never travels this way: read-only ones are not sent, write-only ones not returned. */
function visibleInFlow(walk: SchemaWalk, doc: Json, property: unknown): unknown {
  if (property === undefined) return undefined;
  const flat = flatten(doc, property);
  return (walk.site.flow === "response" ? flat.writeOnly : flat.readOnly) ? undefined : property;
}

/** Turns what the walk finds at `path` into changes, by whether the data is sent or received. */
function reporter(walk: SchemaWalk, path: string) {
  const { site, pair } = walk;
  const sent = site.flow !== "response";
  const subject = path === "" ? site.subject : `${site.subject} property ${codeSpan(path)}`;
  const location = path === "" || /^[[<]/.test(path) ? `${site.location}${path}` : `${site.location}.${path}`;
  const emit = (kind: ChangeKind, breaking: boolean, detail: string): void => pair.emit(kind, breaking, detail, location);
  const atParameterRoot = site.flow === "parameter" && path === "";
  return {
    notCompared(why: string): void {
      emit("schema-not-compared", true, `${subject} could not be compared (${why}); review it by hand (counted as breaking)`);
    },
    typeChanged(before: ReadonlySet<string>, after: ReadonlySet<string>): void {
      const kind = atParameterRoot ? "parameter-type-changed" : sent ? "request-type-changed" : "response-type-changed";
      // Widening what may be sent, or narrowing what may come back, leaves callers working.
      const breaking = sent ? !typesCover(after, before) : !typesCover(before, after);
      emit(kind, breaking, `${subject} type changed: ${formatTypes(before)} → ${formatTypes(after)}`);
    },
    enumRemoved(values: readonly unknown[]): void {
      if (!sent) {
        emit("response-enum-value-removed", false, `${subject} is no longer ${formatValues(values)}`);
        return;
      }
      const kind = site.flow === "parameter" ? "parameter-enum-value-removed" : "request-enum-value-removed";
      emit(kind, true, `${subject} no longer accepts ${formatValues(values)}`);
    },
    enumImposed(values: readonly unknown[]): void {
      if (sent) {
        const kind = site.flow === "parameter" ? "parameter-enum-value-removed" : "request-enum-value-removed";
        emit(kind, true, `${subject} now only accepts ${formatValues(values)}`);
      } else {
        emit("response-enum-value-removed", false, `${subject} is now only ${formatValues(values)}`);
      }
    },
    enumLifted(values: readonly unknown[]): void {
      if (sent) {
        const kind = site.flow === "parameter" ? "parameter-enum-value-added" : "request-enum-value-added";
        emit(kind, false, `${subject} now accepts any value, not only ${formatValues(values)}`);
      } else {
        emit("response-enum-value-added", true, `${subject} may now be any value, not only ${formatValues(values)}`);
      }
    },
    enumAdded(values: readonly unknown[]): void {
      if (sent) {
        const kind = site.flow === "parameter" ? "parameter-enum-value-added" : "request-enum-value-added";
        emit(kind, false, `${subject} now also accepts ${formatValues(values)}`);
      } else {
        // Typed clients (exhaustive switches, literal types) are not ready for values they were never told of.
        emit("response-enum-value-added", true, `${subject} may now also be ${formatValues(values)}`);
      }
    },
    propertyAdded(required: boolean): void {
      if (sent) emit("request-property-added", required, `${subject} added (${required ? "required" : "optional"})`);
      else emit("response-property-added", false, `${subject} added`);
    },
    propertyRemoved(): void {
      emit(sent ? "request-property-removed" : "response-property-removed", true, `${subject} removed`);
    },
    requiredChanged(required: boolean): void {
      if (sent && required) emit("request-property-required", true, `${subject} is now required`);
      if (sent && !required) emit("request-property-optional", false, `${subject} is now optional`);
      if (!sent && !required) emit("response-property-optional", true, `${subject} may now be absent`);
    },
  };
}

import { inferSchema, type JsonType, jsonTypeOf } from "./infer-schema.js";
import { isRecord, resolveLocalRef } from "./openapi-doc.js";

/**
 * Loosens a schema where its own examples contradict it, and only as far as they do: the examples
 * are real payloads, the declared schema a hypothesis. Each kind of loosening is reported through
 * `onChange`, once per schema node it changes, so nothing is hidden.
 */

export const CONFORM_KINDS = {
  scalar: "scalar type widened where an example disagrees (e.g. string | number)",
  nullable: "null accepted where an example is null",
  emptyArray: "[] accepted where an object is declared and an example is []",
  shape: "shape widened where an example is an object for an array or the reverse",
  enumValue: "enum value added from an example",
  oneOfOverlap: "oneOf made anyOf where an example matches several branches",
  branch: "branch added where an example matches no branch",
  bound: "bound or pattern dropped where an example breaks it",
  required: "required property absent from an example made optional",
  closed: "property of an example added to a closed object",
  undeclared: "property an example shows but the schema does not declare: added, optional (the generated type is closed)",
} as const;

export type ConformKind = (typeof CONFORM_KINDS)[keyof typeof CONFORM_KINDS];

const SCALARS = new Set<JsonType>(["boolean", "integer", "number", "string"]);
const BOUNDS = [
  "maximum",
  "minimum",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "pattern",
  "multipleOf",
  "maxItems",
  "minItems",
  "const",
];
const EMPTY_ARRAY = { type: "array", maxItems: 0 };

function declaredTypes(schema: Record<string, unknown>): JsonType[] | undefined {
  const type = schema["type"];
  if (typeof type === "string") return [type as JsonType];
  return Array.isArray(type) ? (type as JsonType[]) : undefined;
}

function typeAccepts(types: readonly JsonType[], actual: JsonType): boolean {
  return types.includes(actual) || (actual === "integer" && types.includes("number"));
}

/** Annotations that stay on a widened node: they describe the whole of it. */
const KEPT_ON_WIDENING = ["title", "description", "example", "examples", "deprecated"];

/** Moves a node's content into `anyOf: [original, extra]`, in place, so `$ref`s to it see the change. */
function widenInPlace(node: Record<string, unknown>, extra: Record<string, unknown>): void {
  const kept = Object.fromEntries(KEPT_ON_WIDENING.filter((key) => key in node).map((key) => [key, node[key]]));
  const rest = Object.fromEntries(Object.entries(node).filter(([key]) => !KEPT_ON_WIDENING.includes(key)));
  for (const key of Object.keys(node)) delete node[key];
  Object.assign(node, kept, { anyOf: [rest, extra] });
}

function boundHolds(keyword: string, limit: unknown, value: unknown): boolean {
  if (typeof value === "number" && typeof limit === "number") {
    if (keyword === "maximum") return value <= limit;
    if (keyword === "minimum") return value >= limit;
    if (keyword === "exclusiveMaximum") return value < limit;
    if (keyword === "exclusiveMinimum") return value > limit;
    if (keyword === "multipleOf") return limit === 0 || Number.isInteger(value / limit);
  }
  if (typeof value === "string") {
    if (keyword === "maxLength" && typeof limit === "number") return value.length <= limit;
    if (keyword === "minLength" && typeof limit === "number") return value.length >= limit;
    if (keyword === "pattern" && typeof limit === "string") {
      try {
        return new RegExp(limit, "u").test(value);
      } catch {
        return true;
      }
    }
  }
  if (Array.isArray(value) && typeof limit === "number") {
    if (keyword === "maxItems") return value.length <= limit;
    if (keyword === "minItems") return value.length >= limit;
  }
  if (keyword === "const") return JSON.stringify(limit) === JSON.stringify(value);
  return true;
}

const NO_KEYS: ReadonlySet<string> = new Set();

const isObjectSchema = (node: Record<string, unknown>) => declaredTypes(node)?.includes("object") === true || isRecord(node["properties"]);

export class ExampleConformer {
  constructor(
    private readonly doc: unknown,
    private readonly onChange: (kind: ConformKind) => void,
  ) {}

  /** Whether `value` satisfies `schema` as far as these rules look (types, enums, required, bounds). */
  fits(schema: unknown, value: unknown, depth = 0, inherited: ReadonlySet<string> = NO_KEYS): boolean {
    const node = resolveLocalRef(this.doc, schema);
    if (!isRecord(node) || depth > 64) return true;
    const keys = this.keysAround(node, inherited);
    if (Array.isArray(node["allOf"]) && !node["allOf"].every((branch) => this.fits(branch, value, depth + 1, keys))) return false;
    if (Array.isArray(node["anyOf"]) && !node["anyOf"].some((branch) => this.fits(branch, value, depth + 1, keys))) return false;
    if (Array.isArray(node["oneOf"]) && node["oneOf"].filter((branch) => this.fits(branch, value, depth + 1, keys)).length !== 1)
      return false;
    const types = declaredTypes(node);
    const actual = jsonTypeOf(value);
    if (types !== undefined && !typeAccepts(types, actual)) return false;
    if (Array.isArray(node["enum"]) && !node["enum"].some((option) => JSON.stringify(option) === JSON.stringify(value))) return false;
    if (!BOUNDS.every((keyword) => !(keyword in node) || boundHolds(keyword, node[keyword], value))) return false;
    if (isRecord(value)) {
      const required = Array.isArray(node["required"]) ? node["required"] : [];
      if (!required.every((name) => typeof name !== "string" || name in value)) return false;
      if (this.closedInTypes(node) && Object.keys(value).some((key) => !keys.has(key))) return false;
      const properties = isRecord(node["properties"]) ? node["properties"] : {};
      return Object.entries(value).every(([key, item]) => !(key in properties) || this.fits(properties[key], item, depth + 1));
    }
    if (Array.isArray(value) && node["items"] !== undefined) return value.every((item) => this.fits(node["items"], item, depth + 1));
    return true;
  }

  /** Loosens `schema` (and what it refers to) until `value` fits it. */
  conform(schema: unknown, value: unknown, depth = 0, inherited: ReadonlySet<string> = NO_KEYS): void {
    const node = resolveLocalRef(this.doc, schema);
    if (!isRecord(node) || depth > 64) return;
    const keys = this.keysAround(node, inherited);
    if (Array.isArray(node["allOf"])) this.conformAllOf(node, node["allOf"], value, depth, keys);
    if (this.conformBranches(node, value, depth, keys)) return;
    if (this.conformType(node, value)) return;
    if (Array.isArray(node["enum"]) && !node["enum"].some((option) => JSON.stringify(option) === JSON.stringify(value))) {
      node["enum"] = [...node["enum"], value];
      this.onChange(CONFORM_KINDS.enumValue);
    }
    for (const keyword of BOUNDS) {
      if (keyword in node && !boundHolds(keyword, node[keyword], value)) {
        delete node[keyword];
        this.onChange(CONFORM_KINDS.bound);
      }
    }
    if (isRecord(value)) this.conformObject(node, value, depth, keys);
    else if (Array.isArray(value) && node["items"] !== undefined) for (const item of value) this.conform(node["items"], item, depth + 1);
  }

  /** anyOf/oneOf; true when the node was replaced and needs nothing more. */
  private conformBranches(node: Record<string, unknown>, value: unknown, depth: number, keys: ReadonlySet<string>): boolean {
    for (const key of ["oneOf", "anyOf"] as const) {
      const branches = node[key];
      if (!Array.isArray(branches)) continue;
      const matching = branches.filter((branch) => this.fits(branch, value, depth + 1, keys));
      if (key === "oneOf" && matching.length > 1) {
        delete node["oneOf"];
        node["anyOf"] = branches;
        this.onChange(CONFORM_KINDS.oneOfOverlap);
      }
      if (matching.length > 0) continue;
      const actual = jsonTypeOf(value);
      const sameType = branches.find((branch) => {
        const resolved = resolveLocalRef(this.doc, branch);
        const types = isRecord(resolved) ? declaredTypes(resolved) : undefined;
        return types !== undefined && typeAccepts(types, actual);
      });
      if (sameType !== undefined) {
        this.conform(sameType, value, depth + 1, keys);
      } else {
        branches.push(actual === "array" && (value as unknown[]).length === 0 ? { ...EMPTY_ARRAY } : inferSchema(value));
        this.onChange(CONFORM_KINDS.branch);
      }
    }
    return false;
  }

  /** The `type` keyword; true when the node was widened into an `anyOf` that the value fits. */
  private conformType(node: Record<string, unknown>, value: unknown): boolean {
    const types = declaredTypes(node);
    const actual = jsonTypeOf(value);
    if (types === undefined || typeAccepts(types, actual)) return false;
    if (actual === "null") {
      node["type"] = [...types, "null"];
      this.onChange(CONFORM_KINDS.nullable);
      return false;
    }
    if (SCALARS.has(actual) && types.every((type) => SCALARS.has(type) || type === "null")) {
      node["type"] = [...types, actual === "integer" ? "number" : actual];
      this.onChange(CONFORM_KINDS.scalar);
      return false;
    }
    if (actual === "array" && (value as unknown[]).length === 0 && types.includes("object")) {
      widenInPlace(node, { ...EMPTY_ARRAY });
      this.onChange(CONFORM_KINDS.emptyArray);
      return true;
    }
    widenInPlace(node, inferSchema(value));
    this.onChange(CONFORM_KINDS.shape);
    return true;
  }

  /**
   * The property names the generated type around `node` declares: its own, its `allOf` parts'
   * (an intersection) and those of the schemas it is a part or branch of.
   */
  private keysAround(node: Record<string, unknown>, inherited: ReadonlySet<string>, depth = 0): ReadonlySet<string> {
    const keys = new Set(inherited);
    if (isRecord(node["properties"])) for (const key of Object.keys(node["properties"])) keys.add(key);
    if (Array.isArray(node["allOf"]) && depth < 16) {
      for (const part of node["allOf"]) {
        const resolved = resolveLocalRef(this.doc, part);
        if (isRecord(resolved)) for (const key of this.keysAround(resolved, NO_KEYS, depth + 1)) keys.add(key);
      }
    }
    return keys;
  }

  /**
   * Whether openapi-typescript makes this node a closed object type (no index signature), which
   * rejects a property the JSON Schema would let through: an object schema without
   * `additionalProperties`, whose shape is not left to `anyOf`/`oneOf` object branches.
   */
  private closedInTypes(node: Record<string, unknown>): boolean {
    if (!isObjectSchema(node) || node["additionalProperties"] !== undefined || node["patternProperties"] !== undefined) return false;
    const branches = [node["anyOf"], node["oneOf"]].flatMap((list) => (Array.isArray(list) ? list : []));
    return !branches.some((branch) => {
      const resolved = resolveLocalRef(this.doc, branch);
      return isRecord(resolved) && isObjectSchema(resolved);
    });
  }

  /**
   * `allOf` parts each see the others' properties; a property none declares goes to the node itself
   * when its type is closed, else to the first closed part, once.
   */
  private conformAllOf(
    node: Record<string, unknown>,
    parts: readonly unknown[],
    value: unknown,
    depth: number,
    keys: ReadonlySet<string>,
  ): void {
    const everything = isRecord(value) ? new Set([...keys, ...Object.keys(value)]) : keys;
    const owner = this.closedInTypes(node)
      ? undefined
      : parts.find((part) => {
          const resolved = resolveLocalRef(this.doc, part);
          return isRecord(resolved) && this.closedInTypes(resolved);
        });
    for (const part of parts) this.conform(part, value, depth + 1, part === owner ? keys : everything);
  }

  private conformObject(node: Record<string, unknown>, value: Record<string, unknown>, depth: number, keys: ReadonlySet<string>): void {
    if (Array.isArray(node["required"])) {
      const kept = node["required"].filter((name) => typeof name !== "string" || name in value);
      if (kept.length < node["required"].length) {
        node["required"] = kept;
        this.onChange(CONFORM_KINDS.required);
      }
    }
    const properties = isRecord(node["properties"]) ? node["properties"] : undefined;
    for (const [key, item] of Object.entries(value)) {
      if (properties !== undefined && key in properties) {
        this.conform(properties[key], item, depth + 1);
      } else if (isRecord(node["additionalProperties"])) {
        this.conform(node["additionalProperties"], item, depth + 1);
      } else if (node["additionalProperties"] === false) {
        node["properties"] = { ...(node["properties"] as Record<string, unknown> | undefined), [key]: inferSchema(item) };
        this.onChange(CONFORM_KINDS.closed);
      } else if (!keys.has(key) && this.closedInTypes(node)) {
        node["properties"] = { ...(node["properties"] as Record<string, unknown> | undefined), [key]: inferSchema(item) };
        this.onChange(CONFORM_KINDS.undeclared);
      }
    }
  }
}

import { isSuccessStatus } from "./media-types.js";
import type { OpenApiDoc } from "./openapi-doc.js";
import { createSchemaValidator } from "./schema-validator.js";
import { collectExamples, type ExampleCase, type ExamplePlace } from "./spec-examples.js";

/**
 * The type-level proof of the audit: every example that validates against its (normalised) schema
 * is declared as a value of the generated TypeScript type for that schema, and `tsc` compiles the
 * lot. Whole bodies are typed as the client sees them: a 2xx reply as `client.get(...)` resolves
 * to it, a request body as `client.post(...)` accepts it; an example written inside a schema is
 * typed by walking the generated types along its schema pointer (a property, an array item, a map
 * value; an `anyOf`/`oneOf` branch is typed as the union it is a branch of). The rendered modules hold the bundles' examples, so they go to a git-ignored directory.
 */

export type ApiVersion = "v1" | "v2";

export interface TypedExample {
  readonly version: ApiVersion;
  readonly place: ExamplePlace;
  readonly operation: string;
  readonly operationId: string | undefined;
  readonly status: string;
  readonly source: string;
  /** The TypeScript type the example is declared as (names from the rendered module's imports). */
  readonly type: string;
  readonly value: unknown;
}

export interface ExampleExclusion {
  readonly version: ApiVersion;
  readonly operation: string;
  readonly source: string;
  readonly reason: string;
}

export interface ExampleTypeCases {
  readonly cases: readonly TypedExample[];
  /** Examples that validate but have no type of their own in the generated code (counted, never hidden). */
  readonly excluded: readonly ExampleExclusion[];
  /** Examples that fail their schema: the audit reports them; they are not the types' fault. */
  readonly invalid: number;
}

type Keys = readonly string[];

function keysOf(pointer: string): Keys {
  return pointer
    .slice(2)
    .split("/")
    .map((part) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~"));
}

const literal = (key: string) => JSON.stringify(key);
const index = (type: string, ...keys: string[]) => `${type}${keys.map((key) => `[${literal(key)}]`).join("")}`;

/** The generated type of the schema at the start of `keys`, and the keys left inside that schema. */
function baseType(keys: Keys, whole: boolean, place: ExamplePlace): { type: string; rest: Keys } | string {
  const [root, a, b, c, d, e, f, g] = keys;
  if (root === "paths" && a !== undefined && b !== undefined) {
    if (c === "requestBody" && d === "content" && e !== undefined && f === "schema") {
      const rest = keys.slice(7);
      if (whole && rest.length === 0) return { type: `RequestBodyOf<paths, ${literal(a)}, ${literal(b)}>`, rest };
      return { type: index(`NonNullable<${index("paths", a, b)}["requestBody"]>`, "content", e), rest };
    }
    if (c === "responses" && d !== undefined && e === "content" && f !== undefined && g === "schema") {
      const rest = keys.slice(8);
      if (whole && rest.length === 0 && isSuccessStatus(d)) return { type: `SuccessBodyOf<paths, ${literal(a)}, ${literal(b)}>`, rest };
      return { type: index("paths", a, b, "responses", d, "content", f), rest };
    }
  }
  if (root === "components" && a === "schemas" && b !== undefined) return { type: index("components", "schemas", b), rest: keys.slice(3) };
  if (
    root === "components" &&
    (a === "responses" || a === "requestBodies") &&
    b !== undefined &&
    c === "content" &&
    d !== undefined &&
    e === "schema"
  ) {
    return { type: index("components", a, b, "content", d), rest: keys.slice(6) };
  }
  return `${place} schema at a place the generated types do not name`;
}

/** The generated type at `pointer`, or why there is none. */
export function typeAtPointer(pointer: string, whole: boolean, place: ExamplePlace): { type: string } | { reason: string } {
  const base = baseType(keysOf(pointer), whole, place);
  if (typeof base === "string") return { reason: base };
  let { type } = base;
  const rest = [...base.rest];
  while (rest.length > 0) {
    const key = rest.shift() as string;
    if (key === "properties" && rest.length > 0) type = `PropertyOf<${type}, ${literal(rest.shift() as string)}>`;
    else if (key === "items") type = `ItemOf<${type}>`;
    else if (key === "additionalProperties") type = `ValueOf<${type}>`;
    else if (key === "patternProperties" && rest.length > 0) {
      rest.shift();
      type = `ValueOf<${type}>`;
    } else if (key === "prefixItems" && rest.length > 0) type = `${type}[${Number(rest.shift())}]`;
    // A branch has no type of its own; an example of one branch must be a value of the union.
    else if ((key === "anyOf" || key === "oneOf") && rest.length > 0) rest.shift();
    else
      return {
        reason: `example inside \`${key}\`: a ${key === "allOf" || key === "anyOf" || key === "oneOf" ? "branch" : "keyword"} has no generated type of its own`,
      };
  }
  return { type };
}

export function exampleTypeCases(version: ApiVersion, doc: OpenApiDoc): ExampleTypeCases {
  const validate = createSchemaValidator(doc);
  const cases: TypedExample[] = [];
  const excluded: ExampleExclusion[] = [];
  let invalid = 0;
  for (const example of collectExamples(doc) as ExampleCase[]) {
    if (validate(example.schemaPointer, example.value).length > 0) {
      invalid += 1;
      continue;
    }
    const whole = example.place === "request body" || example.place === "response body";
    const typed = typeAtPointer(example.schemaPointer, whole, example.place);
    const { place, operation, operationId, status, source, value } = example;
    if ("reason" in typed) excluded.push({ version, operation, source, reason: typed.reason });
    else cases.push({ version, place, operation, operationId, status, source, type: typed.type, value });
  }
  return { cases, excluded, invalid };
}

/** Type helpers of the rendered modules: one step along a schema pointer, spread over unions. */
export const HELPERS_MODULE = `// Generated by scripts/generate.ts. Do not edit.
import type { RequestBodyOption } from "openapi-fetch";
export type { SuccessBodyOf } from "%TYPED_CLIENT%";
import type { HttpMethod, OperationOf } from "%TYPED_CLIENT%";
/** A request body as \`client.post(path, { body })\` accepts it. */
export type RequestBodyOf<Paths, Path extends keyof Paths, Method extends HttpMethod> = Exclude<
  RequestBodyOption<OperationOf<Paths, Path, Method>>["body"],
  undefined
>;
export type PropertyOf<T, K extends string> = T extends unknown ? (K extends keyof T ? Exclude<T[K], undefined> : never) : never;
export type ItemOf<T> = T extends readonly (infer Item)[] ? Item : never;
export type ValueOf<T> = T extends { [key: string]: infer Value } ? Value : never;
`;

/** One case per line, so a compiler error's line names its case. */
export function renderCaseModule(
  version: ApiVersion,
  cases: readonly TypedExample[],
  generatedModule: string,
): { source: string; lines: number[] } {
  const header = [
    "// Generated by scripts/generate.ts from the bundles' examples. Do not edit; never commit.",
    `import type { components, paths } from ${literal(generatedModule)};`,
    'import type { ItemOf, PropertyOf, RequestBodyOf, SuccessBodyOf, ValueOf } from "./helpers.js";',
  ];
  const out = [...header];
  const lines: number[] = [];
  cases.forEach((example, i) => {
    out.push(
      `// ${example.operationId ?? "-"} ${example.operation} ${example.status} ${example.place} ${example.source}`.replace(/\*\//g, "* /"),
    );
    out.push(`export const ${version}_${i}: ${example.type} = ${JSON.stringify(example.value)};`);
    lines.push(out.length);
  });
  return { source: `${out.join("\n")}\n`, lines };
}

import RandExp from "randexp";
import { isRecord } from "./openapi-doc.js";

/**
 * openapi-sampler ignores `multipleOf` and mangles regex escapes such as `\d` in `pattern`.
 * These helpers rewrite a schema before sampling so that it carries an `example` for exactly
 * those constraints, which the sampler then uses as the value.
 */

/** Keywords that carry sample values rather than constraints. */
const SAMPLE_KEYWORDS = new Set(["example", "examples", "default"]);
/** Keywords whose value is data, copied as it is. */
const DATA_KEYWORDS = new Set([...SAMPLE_KEYWORDS, "enum", "const", "required"]);
/** Keywords whose value maps names (not keywords) to schemas. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

function mapValues(record: Record<string, unknown>, fn: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

/** The shortest string the generator finds for a pattern: fewest repetitions, lowest characters. */
export function patternSample(pattern: string): string {
  const generator = new RandExp(pattern);
  generator.randInt = (from) => from;
  return generator.gen();
}

/** The smallest multiple of `step` within the schema's bounds, or undefined when there is none. */
export function multipleSample(schema: Readonly<Record<string, unknown>>): number | undefined {
  const step = schema["multipleOf"];
  if (typeof step !== "number" || step <= 0) return undefined;
  const { minimum, exclusiveMinimum, maximum, exclusiveMaximum } = schema;
  let value = typeof minimum === "number" ? Math.ceil(minimum / step) * step : 0;
  if (typeof exclusiveMinimum === "number" && value <= exclusiveMinimum) value = (Math.floor(exclusiveMinimum / step) + 1) * step;
  if (typeof maximum === "number" && value > maximum) return undefined;
  if (typeof exclusiveMaximum === "number" && value >= exclusiveMaximum) return undefined;
  return value;
}

function hintFor(schema: Readonly<Record<string, unknown>>): { value: unknown } | undefined {
  if (typeof schema["pattern"] === "string") return { value: patternSample(schema["pattern"]) };
  const multiple = multipleSample(schema);
  return multiple === undefined ? undefined : { value: multiple };
}

export interface HintOptions {
  /** Keep the spec's own `example`/`examples`/`default` (a hint only fills in where none is given). */
  readonly keepSampleValues: boolean;
}

/** A copy of a schema with hints added at every depth; property names are kept as they are. */
export function withSamplingHints(schema: unknown, options: HintOptions): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withSamplingHints(item, options));
  if (!isRecord(schema)) return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!options.keepSampleValues && SAMPLE_KEYWORDS.has(key)) continue;
    if (DATA_KEYWORDS.has(key)) result[key] = value;
    else if (SCHEMA_MAPS.has(key) && isRecord(value)) result[key] = mapValues(value, (child) => withSamplingHints(child, options));
    else result[key] = withSamplingHints(value, options);
  }
  const hasSampleValue = [...SAMPLE_KEYWORDS].some((key) => result[key] !== undefined);
  const hint = hasSampleValue ? undefined : hintFor(result);
  if (hint !== undefined) result["example"] = hint.value;
  return result;
}

/** The document with hints added to every component schema, for resolving `$ref`s while sampling. */
export function docWithSamplingHints(doc: Readonly<Record<string, unknown>>, options: HintOptions): Record<string, unknown> {
  const components = isRecord(doc["components"]) ? doc["components"] : {};
  const schemas = isRecord(components["schemas"]) ? mapValues(components["schemas"], (schema) => withSamplingHints(schema, options)) : {};
  return { ...doc, components: { ...components, schemas } };
}

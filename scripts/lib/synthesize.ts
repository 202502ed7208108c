import openapiSampler from "openapi-sampler";
import { JSON_MEDIA_TYPE, nonJsonSuccessMediaTypes } from "./media-types.js";
import { effectiveParameters, isRecord, resolveLocalRef } from "./openapi-doc.js";
import { docWithSamplingHints, withSamplingHints, type HintOptions } from "./sampling-hints.js";
import { createSchemaCheck, type SchemaCheck } from "./schema-check.js";

/**
 * Builds a valid request for an operation of an OpenAPI document: path parameters, required
 * query parameters and the request body. Spec examples come first when they satisfy their
 * schema (some published ones do not); otherwise values are sampled from the schema.
 */

/** How the body goes on the wire: JSON text, or multipart form fields. */
export type BodyEncoding = "json" | "multipart";

export interface SynthesizedBody {
  readonly encoding: BodyEncoding;
  readonly value: unknown;
}

export interface SynthesizedRequest {
  readonly path: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: SynthesizedBody | null;
  /** Media types to ask for when no success response is JSON (a PDF download, say); else empty. */
  readonly accept: readonly string[];
}

export interface Synthesizer {
  /** The first candidate that satisfies `schema`, else a sample of it; throws if nothing fits. */
  value(schema: unknown, candidates?: readonly unknown[], where?: string): unknown;
  request(path: string, method: string): SynthesizedRequest;
}

type SamplerSchema = Parameters<typeof openapiSampler.sample>[0];

const SAMPLER_OPTIONS = { skipReadOnly: true, enablePatterns: true, quiet: true } as const;

/** Request media types in order of preference, and how each is sent. */
const BODY_MEDIA_TYPES: ReadonlyArray<readonly [RegExp, BodyEncoding]> = [
  [/^application\/json$/i, "json"],
  [JSON_MEDIA_TYPE, "json"],
  [/^multipart\/form-data$/i, "multipart"],
];

/** The values of an OpenAPI `examples` map (`{ name: { value } }`, possibly by `$ref`). */
function exampleValues(doc: unknown, holder: Record<string, unknown>): unknown[] {
  const values: unknown[] = [];
  if (holder["example"] !== undefined) values.push(holder["example"]);
  const examples = holder["examples"];
  if (isRecord(examples)) {
    for (const entry of Object.values(examples)) {
      const example = resolveLocalRef(doc, entry);
      if (isRecord(example) && example["value"] !== undefined) values.push(example["value"]);
    }
  }
  return values;
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: unknown;
  readonly examples: readonly unknown[];
}

function parametersOf(doc: Readonly<Record<string, unknown>>, path: string, operation: Record<string, unknown>): Parameter[] {
  return effectiveParameters(doc, path, operation).map((param) => ({
    name: param.name,
    in: param.in,
    required: param["required"] === true,
    schema: param["schema"],
    examples: exampleValues(doc, param),
  }));
}

export function createSynthesizer(doc: Readonly<Record<string, unknown>>, check: SchemaCheck = createSchemaCheck(doc)): Synthesizer {
  // First with the spec's own schema examples, then (some are invalid) without them.
  const attempts = ([true, false] as const).map((keepSampleValues) => {
    const options: HintOptions = { keepSampleValues };
    let hintedDoc: Record<string, unknown> | undefined;
    return (schema: unknown): unknown => {
      hintedDoc ??= docWithSamplingHints(doc, options);
      const hinted = withSamplingHints(schema ?? {}, options) as SamplerSchema;
      return openapiSampler.sample(hinted, SAMPLER_OPTIONS, hintedDoc);
    };
  });

  const value = (schema: unknown, candidates: readonly unknown[] = [], where = "value"): unknown => {
    const valid = candidates.filter((candidate) => check(schema, candidate));
    if (valid.length > 0) return valid[0];
    let sampled: unknown;
    for (const attempt of attempts) {
      sampled = attempt(schema);
      if (check(schema, sampled)) return sampled;
    }
    throw new Error(`cannot synthesise a valid ${where}: sampled ${JSON.stringify(sampled)}`);
  };

  const body = (operation: Record<string, unknown>, where: string): SynthesizedBody | null => {
    const requestBody = resolveLocalRef(doc, operation["requestBody"]);
    if (!isRecord(requestBody) || !isRecord(requestBody["content"])) return null;
    const content = requestBody["content"];
    for (const [pattern, encoding] of BODY_MEDIA_TYPES) {
      const mediaType = Object.keys(content).find((name) => pattern.test(name));
      const media = mediaType === undefined ? undefined : content[mediaType];
      if (!isRecord(media)) continue;
      const schema = resolveLocalRef(doc, media["schema"]);
      return { encoding, value: value(schema, exampleValues(doc, media), `${where} body (${mediaType})`) };
    }
    throw new Error(`${where}: no supported request media type among ${Object.keys(content).join(", ")}`);
  };

  const request = (path: string, method: string): SynthesizedRequest => {
    const pathItem = isRecord(doc["paths"]) ? doc["paths"][path] : undefined;
    const operation = isRecord(pathItem) ? pathItem[method.toLowerCase()] : undefined;
    const where = `${method.toUpperCase()} ${path}`;
    if (!isRecord(pathItem) || !isRecord(operation)) throw new Error(`${where} is not in the document`);
    const pathParams: Record<string, unknown> = {};
    const query: Record<string, unknown> = {};
    for (const param of parametersOf(doc, path, operation)) {
      const target = param.in === "path" ? pathParams : param.in === "query" && param.required ? query : null;
      if (target === null) continue;
      const schema = resolveLocalRef(doc, param.schema);
      target[param.name] = value(schema, param.examples, `${where} ${param.in} parameter "${param.name}"`);
    }
    return { path: pathParams, query, body: body(operation, where), accept: nonJsonSuccessMediaTypes(doc, operation) };
  };

  return { value, request };
}

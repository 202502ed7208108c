import { ExampleConformer } from "./conform-to-examples.js";
import { inferSchema } from "./infer-schema.js";
import { isSuccessStatus } from "./media-types.js";
import type { ChangeCounter } from "./normalize-report.js";
import { isRecord, type OpenApiDoc, resolveLocalRef, resolvePointer } from "./openapi-doc.js";
import { collectExamples, listJsonBodies, mediaExamples } from "./spec-examples.js";

/**
 * Normalisation rules that take the bundles' examples as ground truth about shape: v1 replies come
 * in a `{success, data, meta}` envelope, a 2xx JSON reply with no schema gets one inferred from its
 * example, and every schema is loosened where its own examples contradict it.
 */

export const EXAMPLE_RULES = {
  envelope: "v1 2xx schema wrapped in the {success, data, meta} envelope its examples show",
  envelopeRequired: "v1 2xx envelope: success and data made required",
  meta: "v1 2xx envelope: meta typed as an object of the fields examples show, or []",
  inferred: "2xx JSON response without a schema: schema inferred from its example (all properties optional)",
  genericEnvelope: "v1 2xx JSON response without a schema or example: typed as the {success, data, meta} envelope",
  noContent: "204 response declaring a JSON body: body removed (HTTP sends none with a 204; its examples go with it)",
} as const;

interface SuccessMedia {
  readonly where: string;
  readonly status: string;
  readonly response: Record<string, unknown>;
  readonly media: Record<string, unknown>;
  readonly examples: unknown[];
}

function successMedia(doc: OpenApiDoc): SuccessMedia[] {
  return listJsonBodies(doc)
    .filter(({ status }) => status !== "request" && isSuccessStatus(status))
    .map(({ operation, status, container, media }) => ({
      where: operation,
      status,
      response: container,
      media,
      examples: mediaExamples(doc, media).map(({ value }) => value),
    }));
}

const isEnvelope = (value: unknown): value is Record<string, unknown> => isRecord(value) && "success" in value && "data" in value;

/** The v1 bundle: its servers URL ends in `/v1`. */
export function isV1(doc: OpenApiDoc): boolean {
  const servers = doc["servers"];
  const url = Array.isArray(servers) && isRecord(servers[0]) ? servers[0]["url"] : undefined;
  return typeof url === "string" && /\/v1\/?$/.test(url);
}

function envelopeProperties(doc: unknown, schema: unknown): Record<string, unknown> | undefined {
  const node = resolveLocalRef(doc, schema);
  return isRecord(node) && isRecord(node["properties"]) && "success" in node["properties"] ? node["properties"] : undefined;
}

function wrapInEnvelope(doc: OpenApiDoc, entries: readonly SuccessMedia[], counter: ChangeCounter): void {
  for (const { where, media, examples } of entries) {
    const schema = media["schema"];
    const envelopes = examples.filter(isEnvelope);
    if (schema === undefined || envelopes.length === 0 || envelopes.length < examples.length) continue;
    if (envelopeProperties(doc, schema) !== undefined) continue;
    const resolved = resolveLocalRef(doc, schema);
    const itemIsObject = isRecord(resolved) && resolved["type"] === "object";
    const dataIsList = envelopes.every((example) => Array.isArray(example["data"]));
    media["schema"] = {
      type: "object",
      required: ["success", "data"],
      properties: {
        success: { type: "boolean" },
        data: dataIsList && itemIsObject ? { type: "array", items: schema } : schema,
        meta: {},
      },
    };
    counter.add(EXAMPLE_RULES.envelope, where);
  }
}

function requireSuccessAndData(doc: OpenApiDoc, entries: readonly SuccessMedia[], counter: ChangeCounter): void {
  for (const { where, media, examples } of entries) {
    const node = resolveLocalRef(doc, media["schema"]);
    if (!isRecord(node) || envelopeProperties(doc, node) === undefined || !isRecord(node["properties"])) continue;
    if (!("data" in node["properties"]) || !examples.every(isEnvelope)) continue;
    const required = Array.isArray(node["required"]) ? node["required"] : [];
    if (required.includes("success") && required.includes("data")) continue;
    node["required"] = [...new Set([...required, "success", "data"])];
    counter.add(EXAMPLE_RULES.envelopeRequired, where);
  }
}

/** Every field any v1 example shows in `meta`, with a schema that accepts every value shown. */
function metaFieldsShown(doc: OpenApiDoc): Record<string, unknown> {
  const values = new Map<string, unknown[]>();
  for (const example of collectExamples(doc)) {
    if (example.place !== "response body" || !isRecord(example.value) || !isRecord(example.value["meta"])) continue;
    for (const [key, value] of Object.entries(example.value["meta"])) values.set(key, [...(values.get(key) ?? []), value]);
  }
  const fields: Record<string, unknown> = {};
  for (const [key, shown] of [...values].sort(([a], [b]) => a.localeCompare(b))) {
    const schema: Record<string, unknown> = { ...inferSchema(shown[0]) };
    const conformer = new ExampleConformer(doc, () => {});
    for (const value of shown.slice(1)) conformer.conform(schema, value);
    fields[key] = schema;
  }
  return fields;
}

function typeMeta(doc: OpenApiDoc, entries: readonly SuccessMedia[], counter: ChangeCounter): void {
  const fields = metaFieldsShown(doc);
  const typed = new Set<object>();
  for (const { where, media } of entries) {
    const properties = envelopeProperties(doc, media["schema"]);
    if (properties === undefined || typed.has(properties)) continue;
    typed.add(properties);
    properties["meta"] = {
      anyOf: [
        { type: "object", properties: structuredClone(fields) },
        { type: "array", maxItems: 0 },
      ],
      "x-normalized": "meta as the examples show it",
    };
    counter.add(EXAMPLE_RULES.meta, where);
  }
}

/**
 * A 204 never carries a body, so what the client resolves to is nothing, whatever schema or example
 * the spec puts there (a generic envelope, typically). Returns the entries that remain.
 */
function removeBodiesOf204(entries: readonly SuccessMedia[], counter: ChangeCounter): SuccessMedia[] {
  const removed = new Set<Record<string, unknown>>();
  for (const { where, status, response } of entries) {
    if (status !== "204" || removed.has(response)) continue;
    delete response["content"];
    removed.add(response);
    counter.add(EXAMPLE_RULES.noContent, where);
  }
  return entries.filter(({ response }) => !removed.has(response));
}

function inferMissingSchemas(entries: readonly SuccessMedia[], v1: boolean, counter: ChangeCounter): void {
  for (const { where, media, examples } of entries) {
    if (media["schema"] !== undefined) continue;
    if (examples.length > 0) {
      const schema: Record<string, unknown> = { ...inferSchema(examples[0]) };
      const conformer = new ExampleConformer(null, () => {});
      for (const example of examples.slice(1)) conformer.conform(schema, example);
      media["schema"] = schema;
      counter.add(EXAMPLE_RULES.inferred, where);
    } else if (v1) {
      media["schema"] = {
        type: "object",
        required: ["success", "data"],
        properties: { success: { type: "boolean" }, data: {}, meta: {} },
        "x-inferred": true,
      };
      counter.add(EXAMPLE_RULES.genericEnvelope, where);
    }
  }
}

/** Loosens every schema its examples contradict; after the structural rules, so it sees their result. */
function conformSchemasToExamples(doc: OpenApiDoc, counter: ChangeCounter): void {
  for (const example of collectExamples(doc)) {
    const schema = resolvePointer(doc, example.schemaPointer);
    const conformer = new ExampleConformer(doc, (kind) => counter.add(kind, example.operation));
    if (!conformer.fits(schema, example.value)) conformer.conform(schema, example.value);
  }
}

export function applyExampleRules(doc: OpenApiDoc, counter: ChangeCounter): void {
  const entries = removeBodiesOf204(successMedia(doc), counter);
  const v1 = isV1(doc);
  inferMissingSchemas(entries, v1, counter);
  if (v1) {
    wrapInEnvelope(doc, entries, counter);
    requireSuccessAndData(doc, entries, counter);
    typeMeta(doc, entries, counter);
  }
  conformSchemasToExamples(doc, counter);
}

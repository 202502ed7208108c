import type {
  AuthKind,
  LocationParam,
  OperationInfo,
  PageSizeParam,
  PaginationInfo,
  QueryStyle,
  QueryStyleName,
  TotalLocation,
} from "../../src/facade/operation-info.js";
import { jsonMediaType, nonJsonSuccessMediaTypes } from "./media-types.js";
import { isRecord, listOperations } from "./openapi-stats.js";
import type { OpenApiDoc } from "./normalize.js";
import { effectiveParameters, resolveLocalRef } from "./openapi-doc.js";
import { PAGINATION_OVERRIDES } from "./pagination-overrides.js";

/**
 * Builds the runtime tables the facade needs (auth, pagination, location, query serialisation,
 * file downloads) from a normalised spec.
 */

const PAGE_SIZE_PARAMS: readonly PageSizeParam[] = ["count", "page_size", "limit"];
const LOCATION_PARAMS: readonly LocationParam[] = ["location_id", "company_id", "salon_id"];
const QUERY_STYLES: readonly QueryStyleName[] = ["form", "spaceDelimited", "pipeDelimited", "deepObject"];
const TOTAL_FIELDS: ReadonlyArray<readonly [string, TotalLocation]> = [
  ["total_count", "meta.total_count"],
  ["count", "meta.count"],
];

function authOf(doc: OpenApiDoc, operation: Record<string, unknown>): AuthKind {
  const security = operation["security"] ?? doc["security"];
  const schemes = Array.isArray(security) ? security.flatMap((req) => (isRecord(req) ? Object.keys(req) : [])) : [];
  return schemes.includes("BearerPartnerUser") ? "user" : "partner";
}

/** Keys of `meta` in the success response: from its schema, else from its examples. */
function successMetaKeys(doc: OpenApiDoc, operation: Record<string, unknown>): Set<string> {
  const keys = new Set<string>();
  const responses = isRecord(operation["responses"]) ? operation["responses"] : {};
  const response = resolveLocalRef(doc, responses["200"] ?? responses["201"]);
  const content = isRecord(response) && isRecord(response["content"]) ? response["content"] : {};
  const mediaType = jsonMediaType(content);
  const media = mediaType === undefined ? undefined : content[mediaType];
  if (!isRecord(media)) return keys;
  const schema = resolveLocalRef(doc, media["schema"]);
  const metaSchema = isRecord(schema) && isRecord(schema["properties"]) ? resolveLocalRef(doc, schema["properties"]["meta"]) : undefined;
  if (isRecord(metaSchema) && isRecord(metaSchema["properties"])) {
    Object.keys(metaSchema["properties"]).forEach((key) => keys.add(key));
  }
  const examples = [
    media["example"],
    ...(isRecord(media["examples"])
      ? Object.values(media["examples"])
          .map((e) => resolveLocalRef(doc, e))
          .map((e) => (isRecord(e) ? e["value"] : undefined))
      : []),
  ];
  for (const example of examples) {
    if (isRecord(example) && isRecord(example["meta"])) Object.keys(example["meta"]).forEach((key) => keys.add(key));
  }
  return keys;
}

function paginationOf(doc: OpenApiDoc, path: string, method: string, operation: Record<string, unknown>): PaginationInfo | null {
  const where = `${method.toUpperCase()} ${path}`;
  if (where in PAGINATION_OVERRIDES) return PAGINATION_OVERRIDES[where] ?? null;
  if (method !== "get") return null;
  const query = effectiveParameters(doc, path, operation).filter((param) => param["in"] === "query");
  if (!query.some((param) => param["name"] === "page")) return null;
  const sizeParam = PAGE_SIZE_PARAMS.find((name) => query.some((param) => param["name"] === name)) ?? null;
  const sizeSchema = query.find((param) => param["name"] === sizeParam)?.["schema"];
  const maximum = isRecord(sizeSchema) ? sizeSchema["maximum"] : undefined;
  const metaKeys = successMetaKeys(doc, operation);
  const total = TOTAL_FIELDS.find(([key]) => metaKeys.has(key))?.[1] ?? null;
  return {
    pageParam: "page",
    sizeParam,
    maxSize: typeof maximum === "number" ? maximum : null,
    total,
  };
}

function locationParamOf(path: string): LocationParam | null {
  return LOCATION_PARAMS.find((name) => path.includes(`{${name}}`)) ?? null;
}

function isQueryStyleName(value: unknown): value is QueryStyleName {
  return QUERY_STYLES.some((style) => style === value);
}

/**
 * Query parameters whose declared serialisation is not OpenAPI's default (`form`, exploded), which
 * is also the only one openapi-fetch applies to arrays. An operation-level parameter replaces a
 * path-level one of the same name.
 */
function queryStylesOf(
  doc: OpenApiDoc,
  path: string,
  method: string,
  operation: Record<string, unknown>,
): Record<string, QueryStyle> | null {
  const styles = new Map<string, QueryStyle | null>();
  for (const param of effectiveParameters(doc, path, operation)) {
    const name = param["name"];
    if (param["in"] !== "query" || typeof name !== "string") continue;
    const style = param["style"] ?? "form";
    if (!isQueryStyleName(style)) {
      throw new Error(`${method.toUpperCase()} ${path}: query parameter "${name}" has unsupported style ${JSON.stringify(style)}`);
    }
    // OpenAPI: `explode` defaults to true for `form` and to false for every other style.
    const explode = typeof param["explode"] === "boolean" ? param["explode"] : style === "form";
    styles.set(name, style === "form" && explode ? null : { style, explode });
  }
  const declared = [...styles].filter((entry): entry is [string, QueryStyle] => entry[1] !== null);
  return declared.length === 0 ? null : Object.fromEntries(declared);
}

function fileMediaTypesOf(doc: OpenApiDoc, operation: Record<string, unknown>): string[] | null {
  const mediaTypes = nonJsonSuccessMediaTypes(doc, operation);
  return mediaTypes.length === 0 ? null : mediaTypes;
}

export function buildOperationTable(doc: OpenApiDoc): OperationInfo[] {
  return listOperations(doc.paths).map(({ path, method, operation }) => {
    const operationId = operation["operationId"];
    if (typeof operationId !== "string" || operationId === "") {
      throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
    }
    return {
      operationId,
      method,
      path,
      auth: authOf(doc, operation),
      pagination: paginationOf(doc, path, method, operation),
      locationParam: locationParamOf(path),
      deprecated: operation["deprecated"] === true,
      queryStyles: queryStylesOf(doc, path, method, operation),
      fileMediaTypes: fileMediaTypesOf(doc, operation),
    };
  });
}

/** TypeScript source of `src/generated/operations.ts`; stable for the same input. */
export function renderOperationTables(tables: Readonly<Record<string, readonly OperationInfo[]>>): string {
  const blocks = Object.entries(tables).map(([name, operations]) => {
    const rows = operations.map((op) => `  ${JSON.stringify(op)},`).join("\n");
    return `export const ${name} = [\n${rows}\n] as const satisfies readonly OperationInfo[];\n`;
  });
  return [
    "// Generated by scripts/generate.ts from Altegio's OpenAPI bundles. Do not edit.",
    'import type { OperationInfo } from "../facade/operation-info.js";',
    "",
    ...blocks,
  ].join("\n");
}

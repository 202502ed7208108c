import {
  decodeOperations,
  METHOD_LETTERS,
  HTTP_METHODS,
  type AuthKind,
  type EncodedOperations,
  type LocationParam,
  type OperationInfo,
  type PageSizeParam,
  type PaginationInfo,
  type QueryStyle,
  type QueryStyleName,
  type TotalLocation,
} from "../../src/facade/operations.js";
import { declaredCredentials } from "./documented-auth.js";
import { jsonMediaType, nonJsonSuccessMediaTypes } from "./media-types.js";
import { effectiveParameters, isRecord, listOperations, type OpenApiDoc, resolveLocalRef } from "./openapi-doc.js";
import { OPERATION_OVERRIDES } from "./spec-overrides.js";

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
  const forms = declaredCredentials(doc, operation);
  if (forms.has("partner-user")) return forms.has("partner") ? "partner-optional-user" : "user";
  return "partner";
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

/** Names and schemas of the properties of an operation's JSON request body. */
function bodyProperties(doc: OpenApiDoc, operation: Record<string, unknown>): Record<string, unknown> {
  const requestBody = resolveLocalRef(doc, operation["requestBody"]);
  const content = isRecord(requestBody) && isRecord(requestBody["content"]) ? requestBody["content"] : {};
  const mediaType = jsonMediaType(content);
  const media = mediaType === undefined ? undefined : content[mediaType];
  const schema = isRecord(media) ? resolveLocalRef(doc, media["schema"]) : undefined;
  return isRecord(schema) && isRecord(schema["properties"]) ? schema["properties"] : {};
}

/**
 * `page`-numbered lists: GET operations with a `page` query parameter, and POST searches whose JSON
 * body has a `page` property (e.g. `POST /company/{location_id}/clients/search`).
 */
function paginationOf(doc: OpenApiDoc, path: string, method: string, operation: Record<string, unknown>): PaginationInfo | null {
  const where = `${method.toUpperCase()} ${path}`;
  const override = OPERATION_OVERRIDES[where];
  if (override?.pagination !== undefined) return override.pagination;
  let params: Record<string, unknown>;
  if (method === "get") {
    const query = effectiveParameters(doc, path, operation).filter((param) => param["in"] === "query");
    params = Object.fromEntries(query.map((param) => [String(param["name"]), param["schema"]]));
  } else if (method === "post") {
    params = bodyProperties(doc, operation);
  } else {
    return null;
  }
  if (!("page" in params)) return null;
  const sizeParam = PAGE_SIZE_PARAMS.find((name) => name in params) ?? null;
  const sizeSchema = sizeParam === null ? undefined : resolveLocalRef(doc, params[sizeParam]);
  const maximum = isRecord(sizeSchema) ? sizeSchema["maximum"] : undefined;
  const metaKeys = successMetaKeys(doc, operation);
  const total = TOTAL_FIELDS.find(([key]) => metaKeys.has(key))?.[1] ?? null;
  return {
    pageParam: "page",
    sizeParam,
    maxSize: typeof maximum === "number" ? maximum : null,
    total,
    ...(method === "get" ? {} : { in: "body" as const }),
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
      hasQuery: effectiveParameters(doc, path, operation).some((param) => param["in"] === "query"),
      hasBody: operation["requestBody"] !== undefined,
      tag: tagOf(operation),
    };
  });
}

function tagOf(operation: Record<string, unknown>): string {
  const tags = operation["tags"];
  const first: unknown = Array.isArray(tags) ? tags[0] : undefined;
  return typeof first === "string" && first !== "" ? first : "Other";
}

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  readonly operations: OperationInfo[];
}

/** Characters the trie syntax uses, written as `%XX` inside a segment (the decoder reverses it). */
const RESERVED = /[ ():@%]/g;

const escapeSegment = (part: string): string =>
  part.replace(RESERVED, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);

function trieOf(operations: readonly OperationInfo[]): TrieNode {
  const root: TrieNode = { children: new Map(), operations: [] };
  for (const operation of operations) {
    let node = root;
    for (const part of operation.path.split("/").slice(1)) {
      const segment = part === `{${operation.locationParam}}` ? `@${operation.locationParam}` : escapeSegment(part);
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map(), operations: [] }));
      node = child;
    }
    node.operations.push(operation);
  }
  return root;
}

/** Per method (in METHOD_LETTERS order), the word + `_` most of its operation ids start with, or "" (trailing ones left out). */
function verbsOf(operations: readonly OperationInfo[]): string[] {
  const verbs = HTTP_METHODS.map((method) => {
    const counts = new Map<string, number>();
    for (const operation of operations) {
      const verb = operation.method === method ? /^[a-z0-9]+_/i.exec(operation.operationId)?.[0] : undefined;
      if (verb !== undefined) counts.set(verb, (counts.get(verb) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "";
  });
  while (verbs.at(-1) === "") verbs.pop();
  return verbs;
}

/** The id as the encoding writes it: without `verb`, or whole after `=` (also when what is left starts with `=`). */
function idWithoutVerb(operationId: string, verb: string): string {
  const rest = operationId.startsWith(verb) ? operationId.slice(verb.length) : null;
  return rest !== null && !rest.startsWith("=") ? rest : `=${operationId}`;
}

/**
 * The compact form of one version's table (see `src/facade/operations.ts`). Decoding it must give
 * the table back exactly, which is checked here, so an encoding gap fails the generator.
 */
export function encodeOperations(operations: readonly OperationInfo[]): EncodedOperations {
  const kindCounts = new Map<string, number>();
  for (const { auth } of operations) kindCounts.set(auth, (kindCounts.get(auth) ?? 0) + 1);
  const kinds = [...kindCounts].sort((a, b) => b[1] - a[1]).map(([kind]) => kind);
  const tagNames = [...new Set(operations.map((operation) => operation.tag))];
  if (tagNames.length > 36) throw new Error(`${tagNames.length} tags: the encoding holds at most 36`);
  const shared: unknown[] = [];
  const sharedKeys: string[] = [];
  const ref = (value: unknown): string => {
    const key = JSON.stringify(value);
    let index = sharedKeys.indexOf(key);
    if (index < 0) {
      index = sharedKeys.push(key) - 1;
      shared.push(value);
    }
    return String(index);
  };
  const pages: EncodedOperations["pages"][number][] = [];
  const pageKeys: string[] = [];
  const pageRef = ({ sizeParam, maxSize, total, in: where }: PaginationInfo): string => {
    const entry: EncodedOperations["pages"][number] = where ? [sizeParam, maxSize, total, where] : [sizeParam, maxSize, total];
    const key = JSON.stringify(entry);
    let index = pageKeys.indexOf(key);
    if (index < 0) {
      index = pageKeys.push(key) - 1;
      pages.push(entry);
    }
    return String(index);
  };
  const order: OperationInfo[] = [];
  const opCode = (operation: OperationInfo): string => {
    order.push(operation);
    const kind = kinds.indexOf(operation.auth);
    return [
      METHOD_LETTERS[HTTP_METHODS.indexOf(operation.method)],
      kind === 0 ? "" : String(kind),
      operation.pagination ? `*${pageRef(operation.pagination)}` : "",
      operation.queryStyles ? `?${ref(operation.queryStyles)}` : "",
      operation.fileMediaTypes ? `!${ref(operation.fileMediaTypes)}` : "",
      operation.hasQuery ? "&" : "",
      operation.hasBody ? "+" : "",
      operation.deprecated ? "~" : "",
    ].join("");
  };
  const encodeList = (node: TrieNode): string =>
    [...node.children]
      .map(([segment, child]) => {
        const ops = child.operations.map(opCode).join("");
        return `${segment}${ops === "" ? "" : `:${ops}`}${child.children.size > 0 ? `(${encodeList(child)})` : ""}`;
      })
      .join(" ");
  const paths = encodeList(trieOf(operations));
  const verbs = verbsOf(operations);
  const encoded: EncodedOperations = {
    paths,
    ids: order.map(({ operationId, method }) => idWithoutVerb(operationId, verbs[HTTP_METHODS.indexOf(method)] ?? "")).join(","),
    verbs,
    tags: order.map((operation) => tagNames.indexOf(operation.tag).toString(36)).join(""),
    tagNames,
    kinds,
    pages,
    shared,
  };
  const expected = JSON.stringify([...order].map(canonical));
  if (JSON.stringify(decodeOperations(encoded).map(canonical)) !== expected) {
    throw new Error("the compact operation table does not decode to the table it was built from");
  }
  return encoded;
}

function canonical(operation: OperationInfo): unknown {
  return Object.fromEntries(Object.entries(operation).sort(([a], [b]) => a.localeCompare(b)));
}

/** Type-level facts the typed surfaces need (location parameter per path, paginated methods per path). */
function renderFacts(prefix: string, operations: readonly OperationInfo[]): string {
  const locations = new Map<string, string>();
  const paginated = new Map<string, string[]>();
  for (const operation of operations) {
    if (operation.locationParam) locations.set(operation.path, operation.locationParam);
    if (operation.pagination) paginated.set(operation.path, [...(paginated.get(operation.path) ?? []), operation.method]);
  }
  const entries = (map: Map<string, string | string[]>) =>
    [...map]
      .map(
        ([path, value]) =>
          `  ${JSON.stringify(path)}: ${[value]
            .flat()
            .map((v) => JSON.stringify(v))
            .join(" | ")};`,
      )
      .join("\n");
  return [
    `/** The location path parameter of each path that has one. */`,
    `export interface ${prefix}LocationParams {\n${entries(locations)}\n}`,
    `/** Paginated operations: the methods of each path that list in pages. */`,
    `export interface ${prefix}Paginated {\n${entries(paginated)}\n}`,
    "",
  ].join("\n");
}

/** TypeScript source of `src/generated/operations.ts` (keys: `v1`, `v2`); stable for the same input. */
export function renderOperationTables(tables: Readonly<Record<string, readonly OperationInfo[]>>): string {
  const blocks = Object.entries(tables).map(
    ([version, operations]) =>
      `export const ${version}Encoded: EncodedOperations = ${JSON.stringify(encodeOperations(operations))};\n\n` +
      renderFacts(version.toUpperCase(), operations),
  );
  return [
    "// Generated by scripts/generate.ts from Altegio's OpenAPI bundles. Do not edit.",
    'import type { EncodedOperations } from "../facade/operations.js";',
    "",
    ...blocks,
  ].join("\n");
}

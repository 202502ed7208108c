/**
 * API changelog between two OpenAPI 3.x documents, judged from the point of view of a client of
 * the generated SDK: every change says whether code written against the old document can break.
 *
 * Why our own engine (checked 2026-11 on the npm registry): `openapi-diff` (Atlassian) is built on
 * swagger-parser/openapi3-ts 2, i.e. OpenAPI 3.0, and pulls axios and lodash; `@pb33f/openapi-changes`
 * downloads a Go binary in postinstall (no network in CI images or here); oasdiff and OpenAPITools'
 * openapi-diff are Go/Java binaries; `@azure/oad` reads Swagger 2.0 only; `@useoptic/openapi-utilities`
 * is the Optic CLI's internals (17 deps, machine-id telemetry helper). `api-smart-diff` is maintained
 * and 3.1-aware, but reports JSON-path diffs: the per-operation model, path-item parameter merging,
 * transport-header filtering and security rules would still be ours. The rules below are few and
 * tied to what our SDK exposes, so a small tested engine is simpler to keep right than an adapter.
 */
import { codeSpan, specWord } from "./changelog.js";
import { isSuccessStatus, jsonMediaType } from "./media-types.js";
import { effectiveParameters, HTTP_METHODS, isRecord, parameterKey, resolveLocalRef } from "./openapi-doc.js";
import { compareSchemas } from "./spec-diff-schema.js";
import { CHANGE_KINDS, type Change, type ChangeKind, type Emit, type SpecDiff } from "./spec-diff-types.js";
import { isTransportParam } from "./transport-params.js";

/** The input is not an OpenAPI 3.x document; `message` is one line for a human. */
export class SpecInputError extends Error {
  override readonly name = "SpecInputError";
  readonly exitCode = 2;
}

type Json = Record<string, unknown>;

function asOpenApi(doc: unknown, label: string): Json {
  const version = isRecord(doc) ? doc["openapi"] : undefined;
  if (!isRecord(doc) || typeof version !== "string" || !/^3\.\d+/.test(version)) {
    const swagger = isRecord(doc) ? doc["swagger"] : undefined;
    const found = swagger !== undefined ? `swagger ${String(swagger)}` : "no openapi: 3.x field";
    throw new SpecInputError(`${label} is not an OpenAPI 3.x document (${found})`);
  }
  if (doc["paths"] !== undefined && !isRecord(doc["paths"])) {
    throw new SpecInputError(`${label} is not an OpenAPI 3.x document ("paths" is not a mapping)`);
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Operations

interface OperationSide {
  readonly doc: Json;
  readonly path: string;
  readonly method: string;
  readonly op: Json;
  readonly pathItem: Json;
}

/** Path templates compare by shape, so renaming `{id}` to `{widget_id}` is a parameter change. */
function templateShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}");
}

function indexOperations(doc: Json): Map<string, OperationSide> {
  const paths = isRecord(doc["paths"]) ? doc["paths"] : {};
  const entries: { shape: string; side: OperationSide }[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const pathItem = resolveLocalRef(doc, rawItem);
    if (!isRecord(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const op = pathItem[method];
      if (!isRecord(op)) continue;
      entries.push({ shape: `${method} ${templateShape(path)}`, side: { doc, path, method, op, pathItem } });
    }
  }
  const shapeCount = new Map<string, number>();
  for (const { shape } of entries) shapeCount.set(shape, (shapeCount.get(shape) ?? 0) + 1);
  // Two paths of one document with the same shape are invalid OpenAPI; keep them apart by their text.
  return new Map(entries.map(({ shape, side }) => [(shapeCount.get(shape) ?? 0) > 1 ? `${side.method} ${side.path}` : shape, side]));
}

function label(side: OperationSide): string {
  return `${side.method.toUpperCase()} ${side.path}`;
}

function operationIdOf(side: OperationSide): string | undefined {
  const id = side.op["operationId"];
  return typeof id === "string" ? id : undefined;
}

interface OperationPair {
  readonly old: OperationSide;
  readonly new: OperationSide;
  readonly emit: Emit;
}

export function diffSpecs(oldDoc: unknown, newDoc: unknown): SpecDiff {
  const oldOps = indexOperations(asOpenApi(oldDoc, "old document"));
  const newOps = indexOperations(asOpenApi(newDoc, "new document"));
  const changes: Change[] = [];
  const emitterFor =
    (side: OperationSide, operationId = operationIdOf(side)): Emit =>
    (kind, breaking, detail, location) =>
      changes.push({
        kind,
        breaking,
        operation: label(side),
        ...(operationId !== undefined && { operationId }),
        detail,
        ...(location !== undefined && { location }),
      });

  for (const [key, oldSide] of oldOps) {
    if (!newOps.has(key)) emitterFor(oldSide)("operation-removed", true, "operation removed");
  }
  for (const [key, newSide] of newOps) {
    const oldSide = oldOps.get(key);
    const emit = emitterFor(newSide, operationIdOf(newSide) ?? (oldSide && operationIdOf(oldSide)));
    if (oldSide === undefined) emit("operation-added", false, "operation added");
    else diffOperation({ old: oldSide, new: newSide, emit });
  }
  return summarize(sortChanges(changes));
}

function diffOperation(pair: OperationPair): void {
  if (pair.old.op["deprecated"] !== true && pair.new.op["deprecated"] === true) {
    pair.emit("operation-deprecated", false, "operation deprecated");
  }
  diffSecurity(pair);
  diffSecuritySchemes(pair);
  diffParameters(pair);
  diffRequestBody(pair);
  diffResponses(pair);
}

const METHOD_ORDER = new Map<string, number>(HTTP_METHODS.map((method, index) => [method.toUpperCase(), index]));
const KIND_ORDER = new Map<string, number>(CHANGE_KINDS.map((kind, index) => [kind, index]));

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortChanges(changes: Change[]): Change[] {
  const split = (operation: string): [string, string] => {
    const space = operation.indexOf(" ");
    return [operation.slice(space + 1), operation.slice(0, space)];
  };
  return changes.sort((a, b) => {
    const [pathA, methodA] = split(a.operation);
    const [pathB, methodB] = split(b.operation);
    return (
      compareText(pathA, pathB) ||
      (METHOD_ORDER.get(methodA) ?? 99) - (METHOD_ORDER.get(methodB) ?? 99) ||
      (KIND_ORDER.get(a.kind) ?? 99) - (KIND_ORDER.get(b.kind) ?? 99) ||
      compareText(a.location ?? "", b.location ?? "") ||
      compareText(a.detail, b.detail)
    );
  });
}

function summarize(changes: Change[]): SpecDiff {
  const count = (kind: ChangeKind): number => changes.filter((change) => change.kind === kind).length;
  const breaking = changes.filter((change) => change.breaking).length;
  return {
    changes,
    breaking: breaking > 0,
    summary: {
      added: count("operation-added"),
      removed: count("operation-removed"),
      deprecated: count("operation-deprecated"),
      breaking,
      nonBreaking: changes.length - breaking,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Security

/** Each alternative as `A + B` (all needed together); `none` for anonymous access. */
function securityRequirements(side: OperationSide): Json[] {
  const declared = Array.isArray(side.op["security"]) ? side.op["security"] : side.doc["security"];
  return Array.isArray(declared) ? declared.filter(isRecord) : [];
}

function securityAlternatives(side: OperationSide): string[] {
  const declared = securityRequirements(side);
  if (declared.length === 0) return ["none"];
  const alternatives = declared.map((requirement) => {
    const schemes = Object.entries(requirement).map(([scheme, scopes]) =>
      Array.isArray(scopes) && scopes.length > 0 ? `${scheme}(${scopes.map(String).sort().join(",")})` : scheme,
    );
    return schemes.length === 0 ? "none" : schemes.sort().join(" + ");
  });
  return [...new Set(alternatives)].sort();
}

function diffSecurity(pair: OperationPair): void {
  const before = securityAlternatives(pair.old);
  const after = securityAlternatives(pair.new);
  if (before.join("|") === after.join("|")) return;
  // Callers keep working when whatever credentials they used are still accepted.
  const breaking = !after.includes("none") && !before.every((alternative) => after.includes(alternative));
  const detail = `security changed: ${before.map(specWord).join(" or ")} → ${after.map(specWord).join(" or ")}`;
  pair.emit("security-changed", breaking, detail, "security");
}

/** What a security scheme asks the client to send: `http bearer`, `apiKey header x-token`; case-insensitive parts lower-cased. */
function schemeShape(doc: Json, name: string): string {
  const schemes = isRecord(doc["components"]) ? resolveLocalRef(doc, doc["components"]["securitySchemes"]) : undefined;
  const scheme = isRecord(schemes) && Object.hasOwn(schemes, name) ? resolveLocalRef(doc, schemes[name]) : undefined;
  if (!isRecord(scheme)) return "undefined";
  const text = (key: string): string => (typeof scheme[key] === "string" ? scheme[key] : "");
  const type = text("type");
  if (type === "http") return `http ${text("scheme").toLowerCase()}`;
  if (type === "apiKey") {
    const where = text("in");
    return `apiKey ${where} ${where === "header" ? text("name").toLowerCase() : text("name")}`;
  }
  return type;
}

/** A scheme both sides require whose definition changed: credentials sent the old way are no longer accepted. */
function diffSecuritySchemes(pair: OperationPair): void {
  const names = (side: OperationSide): Set<string> =>
    new Set(securityRequirements(side).flatMap((requirement) => Object.keys(requirement)));
  const after = names(pair.new);
  for (const name of [...names(pair.old)].filter((scheme) => after.has(scheme)).sort()) {
    const before = schemeShape(pair.old.doc, name);
    const now = schemeShape(pair.new.doc, name);
    if (before === now) continue;
    const detail = `security scheme ${codeSpan(name)} changed: ${codeSpan(before)} → ${codeSpan(now)}`;
    pair.emit("security-changed", true, detail, `security.${name}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Parameters

interface Parameter {
  readonly key: string;
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: unknown;
}

/** The operation's effective parameters (path-item ones overridden by its own), transport headers left out. */
function parametersOf(side: OperationSide): Map<string, Parameter> {
  const result = new Map<string, Parameter>();
  for (const param of effectiveParameters(side.doc, side.path, side.op)) {
    if (isTransportParam(param)) continue;
    const key = parameterKey(param);
    const schema = param["schema"] ?? primaryMediaSchema(side.doc, param["content"]);
    result.set(key, { key, name: param.name, in: param.in, required: param["required"] === true, schema });
  }
  return result;
}

function diffParameters(pair: OperationPair): void {
  const before = parametersOf(pair.old);
  const after = parametersOf(pair.new);
  const describe = (param: Parameter): string => `${specWord(param.in)} parameter ${codeSpan(param.name)}`;
  for (const [key, param] of before) {
    if (!after.has(key)) pair.emit("parameter-removed", true, `${describe(param)} removed`, `parameters.${key}`);
  }
  for (const [key, param] of after) {
    const location = `parameters.${key}`;
    const previous = before.get(key);
    if (previous === undefined) {
      const required = param.required ? "required" : "optional";
      pair.emit("parameter-added", param.required, `${describe(param)} added (${required})`, location);
      continue;
    }
    if (!previous.required && param.required) {
      pair.emit("parameter-required", true, `${describe(param)} is now required`, location);
    } else if (previous.required && !param.required) {
      pair.emit("parameter-optional", false, `${describe(param)} is now optional`, location);
    }
    compareSchemas(pair, { flow: "parameter", subject: describe(param), location }, previous.schema, param.schema);
  }
}

// ---------------------------------------------------------------------------------------------
// Request body and responses

/** The schema of the JSON media type (or the first one) of a `content` map. */
function primaryMediaSchema(doc: Json, content: unknown): unknown {
  if (!isRecord(content)) return undefined;
  const chosen = jsonMediaType(content) ?? Object.keys(content)[0];
  const media = chosen === undefined ? undefined : resolveLocalRef(doc, content[chosen]);
  return isRecord(media) ? media["schema"] : undefined;
}

function diffRequestBody(pair: OperationPair): void {
  const before = resolveLocalRef(pair.old.doc, pair.old.op["requestBody"]);
  const after = resolveLocalRef(pair.new.doc, pair.new.op["requestBody"]);
  const location = "requestBody";
  if (!isRecord(before) && !isRecord(after)) return;
  if (!isRecord(after)) {
    pair.emit("request-body-removed", true, "request body removed", location);
    return;
  }
  const required = after["required"] === true;
  if (!isRecord(before)) {
    pair.emit("request-body-added", required, `request body added (${required ? "required" : "optional"})`, location);
    return;
  }
  const wasRequired = before["required"] === true;
  if (!wasRequired && required) pair.emit("request-body-required", true, "request body is now required", location);
  if (wasRequired && !required) pair.emit("request-body-optional", false, "request body is now optional", location);
  compareSchemas(
    pair,
    { flow: "request", subject: "request body", location },
    primaryMediaSchema(pair.old.doc, before["content"]),
    primaryMediaSchema(pair.new.doc, after["content"]),
  );
}

function successResponses(side: OperationSide): Map<string, Json> {
  const responses = isRecord(side.op["responses"]) ? side.op["responses"] : {};
  const result = new Map<string, Json>();
  for (const [status, raw] of Object.entries(responses)) {
    const response = resolveLocalRef(side.doc, raw);
    if (isSuccessStatus(status) && isRecord(response)) result.set(status.toUpperCase(), response);
  }
  return result;
}

function diffResponses(pair: OperationPair): void {
  const before = successResponses(pair.old);
  const after = successResponses(pair.new);
  for (const status of before.keys()) {
    if (!after.has(status)) {
      pair.emit("response-status-removed", true, `success response ${status} removed`, `responses.${status}`);
    }
  }
  for (const [status, response] of after) {
    const previous = before.get(status);
    if (previous === undefined) {
      pair.emit("response-status-added", false, `success response ${status} added`, `responses.${status}`);
      continue;
    }
    compareSchemas(
      pair,
      { flow: "response", subject: `response ${status}`, location: `responses.${status}` },
      primaryMediaSchema(pair.old.doc, previous["content"]),
      primaryMediaSchema(pair.new.doc, response["content"]),
    );
  }
}

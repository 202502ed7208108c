import { isRecord, listOperations, type OpenApiDoc, resolveLocalRef } from "./openapi-doc.js";
import { applyExampleRules } from "./normalize-examples.js";
import { acceptDocumentedCredentials, applyStructureRules, openUndeclaredObjects } from "./normalize-structure.js";
import { ChangeCounter, type NormalizeResult } from "./normalize-report.js";
import { OPERATION_OVERRIDES } from "./spec-overrides.js";
import { transportHeaderName } from "./transport-params.js";

/**
 * Fixes the known defects of Altegio's published bundles in a copy of the document. The
 * bundles themselves are never edited; every change is counted in the report.
 */

function describeTransportParam(param: Record<string, unknown>, canonical: string): string {
  const name = String(param["name"]);
  const where = String(param["in"]);
  const required = param["required"] === true ? "required " : "";
  const misspelled = name !== canonical ? ` (misspelled ${canonical})` : "";
  return `removed ${required}${where} parameter "${name}"${misspelled}`;
}

/** Drops transport parameters from one parameter list; counts each once per operation. */
function withoutTransportParams(doc: unknown, parameters: unknown, onRemoved: (kind: string) => void): unknown[] | undefined {
  if (!Array.isArray(parameters)) return undefined;
  return parameters.filter((entry) => {
    const param = resolveLocalRef(doc, entry);
    if (!isRecord(param)) return true;
    const canonical = transportHeaderName(param);
    if (canonical === null) return true;
    onRemoved(describeTransportParam(param, canonical));
    return false;
  });
}

function removeTransportParams(doc: OpenApiDoc, counter: ChangeCounter): void {
  // A path-level parameter applies to each operation of the path, so it counts for each.
  const pathLevelKinds = new Map<string, Set<string>>();
  for (const [path, item] of Object.entries(doc.paths)) {
    const kinds = new Set<string>();
    const kept = withoutTransportParams(doc, item["parameters"], (kind) => kinds.add(kind));
    if (kept) item["parameters"] = kept;
    pathLevelKinds.set(path, kinds);
  }
  for (const { path, method, operation } of listOperations(doc.paths)) {
    const kinds = new Set(pathLevelKinds.get(path));
    const op = operation as Record<string, unknown>;
    const kept = withoutTransportParams(doc, op["parameters"], (kind) => kinds.add(kind));
    if (kept) op["parameters"] = kept;
    for (const kind of kinds) counter.add(kind, `${method.toUpperCase()} ${path}`);
  }
}

/** Transport parameters left in `components.parameters` with no reference to them. */
function removeUnusedTransportComponents(doc: OpenApiDoc, counter: ChangeCounter): void {
  const components = doc["components"];
  if (!isRecord(components) || !isRecord(components["parameters"])) return;
  const parameters = components["parameters"];
  const text = JSON.stringify(doc.paths);
  for (const [key, param] of Object.entries(parameters)) {
    if (!isRecord(param) || transportHeaderName(param) === null) continue;
    if (text.includes(`"#/components/parameters/${key}"`)) continue;
    delete parameters[key];
    counter.add("removed unused transport component parameter", `#/components/parameters/${key}`);
  }
}

function applySecurityOverrides(doc: OpenApiDoc, counter: ChangeCounter): void {
  const schemes = isRecord(doc["components"]) ? doc["components"]["securitySchemes"] : undefined;
  for (const { path, method, operation } of listOperations(doc.paths)) {
    const where = `${method.toUpperCase()} ${path}`;
    const scheme = OPERATION_OVERRIDES[where]?.security;
    if (scheme === undefined || !isRecord(schemes) || !(scheme in schemes)) continue;
    const declared = JSON.stringify(operation["security"] ?? null);
    if (declared === JSON.stringify([{ [scheme]: [] }])) continue;
    (operation as Record<string, unknown>)["security"] = [{ [scheme]: [] }];
    counter.add(`security set to ${scheme} (declared ${declared})`, where);
  }
}

/**
 * The normalised document that generation and the mock server use. Works on a deep copy:
 * the input is left as it was.
 */
export function normalizeSpec(input: OpenApiDoc): NormalizeResult {
  const doc = structuredClone(input);
  const counter = new ChangeCounter();
  removeTransportParams(doc, counter);
  removeUnusedTransportComponents(doc, counter);
  applySecurityOverrides(doc, counter);
  acceptDocumentedCredentials(input, doc, counter);
  applyStructureRules(doc, counter);
  applyExampleRules(doc, counter);
  // Last: the example rules declare what examples show of an object's keys first.
  openUndeclaredObjects(doc, counter);
  return { doc, report: counter.report() };
}

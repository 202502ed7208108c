import { resolveLocalRef } from "./openapi-doc.js";
import { isRecord, listOperations } from "./openapi-stats.js";
import { transportHeaderName } from "./transport-params.js";

/**
 * Fixes the known defects of Altegio's published bundles in a copy of the document. The
 * bundles themselves are never edited; every change is counted in the report.
 */

export type OpenApiDoc = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

export interface NormalizationChange {
  /** What was changed, e.g. `removed required header parameter "Accept"`. */
  readonly kind: string;
  /** How many operations (or components, for component-level kinds) it touched. */
  readonly count: number;
  /** A few `METHOD /path` samples, for the printed report. */
  readonly samples: readonly string[];
}

export interface NormalizationReport {
  readonly changes: readonly NormalizationChange[];
}

export interface NormalizeResult {
  readonly doc: OpenApiDoc;
  readonly report: NormalizationReport;
}

/**
 * Security the spec gets wrong, by `METHOD /path`. `POST /auth` declares `security: []` yet the
 * API rejects it without the partner token.
 */
export const SECURITY_OVERRIDES: Readonly<Record<string, string>> = {
  "POST /auth": "BearerPartner",
};

const SAMPLE_LIMIT = 3;

class ChangeCounter {
  private readonly changes = new Map<string, { count: number; samples: string[] }>();

  add(kind: string, where: string): void {
    const entry = this.changes.get(kind) ?? { count: 0, samples: [] };
    entry.count += 1;
    if (entry.samples.length < SAMPLE_LIMIT) entry.samples.push(where);
    this.changes.set(kind, entry);
  }

  report(): NormalizationReport {
    const changes = [...this.changes.entries()]
      .map(([kind, { count, samples }]) => ({ kind, count, samples }))
      .sort((a, b) => a.kind.localeCompare(b.kind));
    return { changes };
  }
}

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
    const scheme = SECURITY_OVERRIDES[where];
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
  return { doc, report: counter.report() };
}

/** Altegio's required request media type; responses are declared as plain JSON. */
export const VENDOR_MEDIA_TYPE = "application/vnd.api.v2+json";

/** Offers each JSON response also as the vendor media type; counts operations touched. */
function offerVendorMediaType(doc: OpenApiDoc, counter: ChangeCounter): void {
  const visitResponse = (response: unknown): boolean => {
    if (!isRecord(response) || !isRecord(response["content"])) return false;
    const content = response["content"];
    const json = content["application/json"];
    if (json === undefined || VENDOR_MEDIA_TYPE in content) return false;
    content[VENDOR_MEDIA_TYPE] = json;
    return true;
  };
  const kind = `mock: JSON responses also offered as ${VENDOR_MEDIA_TYPE}`;
  for (const { path, method, operation } of listOperations(doc.paths)) {
    const responses = operation["responses"];
    const touched = isRecord(responses) ? Object.values(responses).map(visitResponse) : [];
    if (touched.includes(true)) counter.add(kind, `${method.toUpperCase()} ${path}`);
  }
  const components = doc["components"];
  if (isRecord(components) && isRecord(components["responses"])) {
    for (const [key, response] of Object.entries(components["responses"])) {
      if (visitResponse(response)) counter.add(`${kind} (component responses)`, `#/components/responses/${key}`);
    }
  }
}

/** Replaces `holder.parameters` entries by `relax(entry)`; true when any entry changed. */
function relaxAll(holder: Record<string, unknown>, relax: (entry: unknown) => unknown): boolean {
  const parameters = holder["parameters"];
  if (!Array.isArray(parameters)) return false;
  const relaxed = parameters.map(relax);
  holder["parameters"] = relaxed;
  return relaxed.some((entry, i) => entry !== parameters[i]);
}

/**
 * Prism's CLI URI-encodes the names of form-style query parameters in place while it prints example
 * URLs at start-up (stoplightio/prism#2017), so a required `filter[from]` is afterwards looked up as
 * `filter%5bfrom%5d`, never found, and every request is answered 422. In the mock copy such parameters
 * are optional, so Prism still checks the rest of the request; the contract suite checks that the SDK
 * sends them, with values that satisfy their schema.
 */
function relaxQueryParamsPrismCannotMatch(doc: OpenApiDoc, counter: ChangeCounter): void {
  const relax = (entry: unknown): unknown => {
    const param = resolveLocalRef(doc, entry);
    if (!isRecord(param) || param["in"] !== "query" || param["required"] !== true) return entry;
    if ((param["style"] ?? "form") !== "form" || typeof param["name"] !== "string") return entry;
    if (encodeURI(param["name"]) === param["name"]) return entry;
    return { ...param, required: false };
  };
  const kind = "mock: required query parameter Prism cannot match by name (prism#2017) made optional";
  for (const [path, item] of Object.entries(doc.paths)) {
    const pathLevelChanged = relaxAll(item, relax);
    for (const { method, operation } of listOperations({ [path]: item })) {
      const changed = relaxAll(operation as Record<string, unknown>, relax);
      if (pathLevelChanged || changed) counter.add(kind, `${method.toUpperCase()} ${path}`);
    }
  }
}

/**
 * The copy served to Prism, with what it changed: each JSON response also offered as the vendor
 * media type, so a content-negotiating mock answers the `Accept` header the SDK really sends instead
 * of 406, and the work-around for a Prism bug above. The SDK's own types never see these changes.
 */
export function buildMockVariant(normalized: OpenApiDoc): NormalizeResult {
  const doc = structuredClone(normalized);
  const counter = new ChangeCounter();
  offerVendorMediaType(doc, counter);
  relaxQueryParamsPrismCannotMatch(doc, counter);
  return { doc, report: counter.report() };
}

export function formatReport(name: string, report: NormalizationReport): string {
  if (report.changes.length === 0) return `${name}: nothing to normalise`;
  const lines = report.changes.map(
    (change) => `  ${String(change.count).padStart(4)} × ${change.kind}  (e.g. ${change.samples.join(", ")})`,
  );
  return [`${name}: normalised`, ...lines].join("\n");
}

import { isRecord, listOperations, type OpenApiDoc, resolveLocalRef } from "./openapi-doc.js";
import { ChangeCounter, type NormalizeResult } from "./normalize-report.js";

/**
 * The copy of a normalised document served to Prism by the contract suite; the generated types
 * never see these changes.
 */

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

/**
 * Parameters that carry transport concerns the SDK sets itself (content negotiation and
 * credentials). The published bundles declare them as operation parameters, sometimes
 * misspelled and sometimes in the query string; the normaliser drops them and the spec diff
 * ignores them.
 */
const TRANSPORT_PARAM_CANONICAL: Readonly<Record<string, string>> = {
  accept: "Accept",
  "content-type": "Content-Type",
  "conetnt-type": "Content-Type",
  authorization: "Authorization",
  authorizarion: "Authorization",
};

const TRANSPORT_LOCATIONS = new Set(["header", "query"]);

/** The header a transport parameter stands for (`Conetnt-Type` → `Content-Type`), or null. */
export function transportHeaderName(param: { readonly name?: unknown; readonly in?: unknown }): string | null {
  if (typeof param.name !== "string" || typeof param.in !== "string") return null;
  if (!TRANSPORT_LOCATIONS.has(param.in)) return null;
  return TRANSPORT_PARAM_CANONICAL[param.name.toLowerCase()] ?? null;
}

export function isTransportParam(param: { readonly name?: unknown; readonly in?: unknown }): boolean {
  return transportHeaderName(param) !== null;
}

import { effectiveParameters, isRecord, type OpenApiDoc } from "./openapi-doc.js";
import { transportHeaderName } from "./transport-params.js";

/**
 * What the published bundles say about credentials, two ways: the security schemes an operation
 * declares, and the text of the `Authorization` header parameter it documents (which the
 * normaliser deletes, because the SDK sets that header itself). Where the two disagree, the
 * normaliser accepts both and the audit reports what is left.
 */

/** `partner`: `Bearer <partner>` alone; `partner-user`: `Bearer <partner>, User <user>`. */
export type CredentialForm = "partner" | "partner-user";

/** Security schemes that take the partner token alone, and those that take it with a user token. */
export const PARTNER_SCHEMES = new Set(["BearerPartner", "bearer"]);
export const PARTNER_USER_SCHEMES = new Set(["BearerPartnerUser", "user"]);

/** The form the documented `Authorization` header describes (`Bearer partner_token, User user_token`), or null. */
export function documentedCredentials(
  rawDoc: OpenApiDoc,
  path: string,
  operation: Readonly<Record<string, unknown>>,
): CredentialForm | null {
  const header = effectiveParameters(rawDoc, path, operation).find((param) => transportHeaderName(param) === "Authorization");
  if (header === undefined) return null;
  const text = [header["description"], header["example"]].filter((part) => typeof part === "string").join(" ");
  if (text === "") return null;
  return /\buser\b/i.test(text) ? "partner-user" : "partner";
}

/** The forms an operation's security requirements accept (an empty set for none declared). */
export function declaredCredentials(doc: OpenApiDoc, operation: Readonly<Record<string, unknown>>): Set<CredentialForm> {
  const security = operation["security"] ?? doc["security"];
  const forms = new Set<CredentialForm>();
  if (!Array.isArray(security)) return forms;
  for (const requirement of security) {
    if (!isRecord(requirement)) continue;
    const schemes = Object.keys(requirement);
    if (schemes.some((scheme) => PARTNER_USER_SCHEMES.has(scheme))) forms.add("partner-user");
    else if (schemes.some((scheme) => PARTNER_SCHEMES.has(scheme))) forms.add("partner");
  }
  return forms;
}

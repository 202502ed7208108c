import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import type { OpenApiDoc } from "./openapi-doc.js";

/**
 * openapi-typescript output for a normalised document, as `npm run generate` writes it and the audit
 * reads it. `defaultNonNullable: false`: a property with a `default` stays optional when the spec
 * does not require it (the option's default would make every such request field required).
 */
export async function generateTypes(doc: OpenApiDoc): Promise<string> {
  return astToString(await openapiTS(doc as unknown as OpenAPI3, { alphabetize: false, defaultNonNullable: false }));
}

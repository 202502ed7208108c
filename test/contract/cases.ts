import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openapiDir, type BundleName } from "../../scripts/lib/bundles.js";
import { isRecord, listOperations, type OpenApiDoc } from "../../scripts/lib/openapi-doc.js";
import type { HttpMethod } from "../../src/facade/operations.js";

/** One operation of one API version, as the contract suite exercises it. */

export type ApiVersion = "v1" | "v2";

export interface ContractCase {
  readonly version: ApiVersion;
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  /** `v1 GET /company/{location_id} (get_location)` */
  readonly name: string;
  /** Response statuses the operation documents (`200`, `4XX`, `default`, ...). */
  readonly statuses: readonly string[];
}

export const BUNDLE_OF: Readonly<Record<ApiVersion, BundleName>> = { v1: "b2b-v1", v2: "b2b-v2" };

/** The normalised document `npm run generate` wrote for a version. */
export function loadNormalizedDoc(version: ApiVersion, dir: string = openapiDir()): OpenApiDoc {
  const file = join(dir, "normalized", `${BUNDLE_OF[version]}.json`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new Error(`${file} is missing or unreadable: run \`npm run setup\` first`);
  }
  if (!isRecord(doc) || !isRecord(doc["paths"])) throw new Error(`${file} is not an OpenAPI document with paths`);
  return doc as OpenApiDoc;
}

export function contractCases(version: ApiVersion, doc: OpenApiDoc): ContractCase[] {
  return listOperations(doc.paths).map(({ method, path, operation }) => {
    const operationId = typeof operation["operationId"] === "string" ? operation["operationId"] : "?";
    const statuses = isRecord(operation["responses"]) ? Object.keys(operation["responses"]) : [];
    return { version, method, path, operationId, statuses, name: `${version} ${method.toUpperCase()} ${path} (${operationId})` };
  });
}

/** Whether a status is one the operation documents, exactly, as a range (`4XX`) or as `default`. */
export function isDocumentedStatus(statuses: readonly string[], status: number): boolean {
  const code = String(status);
  return statuses.some((declared) => declared === code || declared.toUpperCase() === `${code[0]}XX` || declared === "default");
}

/**
 * Lookup of the generated operation tables by HTTP method + schema path (the path template with
 * `{params}`, which is what openapi-fetch hands middleware as `schemaPath`).
 */
import type { OperationInfo } from "./operation-info.js";

export interface OperationIndex {
  /** The operation for `method` (any case) on `path` (a schema path template), if the spec has it. */
  find(method: string, path: string): OperationInfo | undefined;
}

/** Built once per client: every request looks its operation up, some more than once. */
export function indexOperations(table: readonly OperationInfo[]): OperationIndex {
  const byMethod = new Map<string, Map<string, OperationInfo>>();
  for (const operation of table) {
    const lower = operation.method.toLowerCase();
    let byPath = byMethod.get(lower);
    if (!byPath) {
      byPath = new Map();
      byMethod.set(lower, byPath);
      byMethod.set(lower.toUpperCase(), byPath);
    }
    byPath.set(operation.path, operation);
  }
  return { find: (method, path) => (byMethod.get(method) ?? byMethod.get(method.toLowerCase()))?.get(path) };
}

/** `getCompany (GET /company/{location_id})` — how errors name an operation. */
export function describeOperation(operation: Pick<OperationInfo, "operationId" | "method" | "path">): string {
  return `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`;
}

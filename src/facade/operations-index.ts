/**
 * Lookup of the generated operation tables by HTTP method + schema path (the path template with
 * `{params}`, which is what openapi-fetch hands middleware as `schemaPath`).
 */
import type { OperationInfo } from "./operation-info.js";

export interface OperationIndex {
  /** The operation for `method` (any case) on `path` (a schema path template), if the spec has it. */
  find(method: string, path: string): OperationInfo | undefined;
}

function keyOf(method: string, path: string): string {
  return `${method.toLowerCase()} ${path}`;
}

export function indexOperations(table: readonly OperationInfo[]): OperationIndex {
  const byKey = new Map<string, OperationInfo>();
  for (const operation of table) byKey.set(keyOf(operation.method, operation.path), operation);
  return { find: (method, path) => byKey.get(keyOf(method, path)) };
}

/** `getCompany (GET /company/{location_id})` — how errors name an operation. */
export function describeOperation(operation: Pick<OperationInfo, "operationId" | "method" | "path">): string {
  return `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`;
}

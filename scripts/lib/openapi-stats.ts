import type { HttpMethod } from "../../src/facade/operations.js";

/** The keys of an OpenAPI path item that hold operations. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"] as const satisfies readonly HttpMethod[];

export interface OperationEntry {
  readonly path: string;
  readonly method: HttpMethod;
  readonly operation: Readonly<Record<string, unknown>>;
}

export interface OpenApiStats {
  readonly paths: number;
  readonly operations: number;
}

/** A YAML/JSON mapping (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every operation under `paths`, in document order. */
export function listOperations(paths: unknown): OperationEntry[] {
  if (!isRecord(paths)) return [];
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isRecord(operation)) entries.push({ path, method, operation });
    }
  }
  return entries;
}

/** Counts recorded in `openapi/lock.json` and checked by the generator. */
export function openApiStats(doc: { readonly paths: unknown }): OpenApiStats {
  return {
    paths: isRecord(doc.paths) ? Object.keys(doc.paths).length : 0,
    operations: listOperations(doc.paths).length,
  };
}

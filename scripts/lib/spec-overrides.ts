import type { PaginationInfo } from "../../src/facade/operations.js";

/**
 * What the published spec gets wrong about single operations, by `METHOD /path`: the normaliser
 * applies `security`, the operation table takes `pagination` over what it derives (`null` marks an
 * operation that declares `page` but does not return a list).
 */
export interface OperationOverride {
  /** The one security scheme the operation really takes. */
  readonly security?: string;
  readonly pagination?: PaginationInfo | null;
}

export const OPERATION_OVERRIDES: Readonly<Record<string, OperationOverride>> = {
  // Declares `security: []`, yet the API rejects it without the partner token.
  "POST /auth": { security: "BearerPartner" },
};

/** The vocabulary of the spec diff, shared by the operation and the schema comparison (types-only leaf). */

/** Also the order changes of one operation are listed in. */
export const CHANGE_KINDS = [
  "operation-removed",
  "operation-added",
  "operation-deprecated",
  "security-changed",
  "parameter-removed",
  "parameter-added",
  "parameter-required",
  "parameter-optional",
  "parameter-type-changed",
  "parameter-enum-value-removed",
  "parameter-enum-value-added",
  "request-body-removed",
  "request-body-added",
  "request-body-required",
  "request-body-optional",
  "request-property-removed",
  "request-property-added",
  "request-property-required",
  "request-property-optional",
  "request-type-changed",
  "request-enum-value-removed",
  "request-enum-value-added",
  "response-status-removed",
  "response-status-added",
  "response-property-removed",
  "response-property-added",
  "response-property-optional",
  "response-type-changed",
  "response-enum-value-added",
  "response-enum-value-removed",
  "schema-not-compared",
] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface Change {
  readonly kind: ChangeKind;
  readonly breaking: boolean;
  /** `METHOD /path` (the new path when only parameter names in it changed). */
  readonly operation: string;
  readonly operationId?: string;
  readonly detail: string;
  /** Dotted place inside the operation: `parameters.query.page`, `requestBody.items[].id`, `responses.200.data`. */
  readonly location?: string;
}

export interface SpecDiff {
  readonly changes: readonly Change[];
  readonly breaking: boolean;
  /** `added`, `removed`, `deprecated` count operations; `breaking`, `nonBreaking` count changes. */
  readonly summary: {
    readonly added: number;
    readonly removed: number;
    readonly deprecated: number;
    readonly breaking: number;
    readonly nonBreaking: number;
  };
}

/** Records one change of the operation being compared. */
export type Emit = (kind: ChangeKind, breaking: boolean, detail: string, location?: string) => void;

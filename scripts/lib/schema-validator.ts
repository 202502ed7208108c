import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";

/**
 * Validates values against schemas of one OpenAPI 3.1 document with Ajv in draft 2020-12 mode, the
 * dialect OpenAPI 3.1 schemas are written in. Shared by `spec:audit` (the bundles' examples) and
 * `test:live` (real responses), so both judge a payload the same way. Schemas are addressed by their
 * JSON pointer in the document, so `#/components/...` references resolve as the document says.
 * Formats are not checked: the generated TypeScript types do not carry them, and the audit is about
 * whether those types tell the truth.
 */

export interface SchemaViolation {
  /** JSON pointer into the value, `""` for the whole value. */
  readonly at: string;
  readonly message: string;
}

export type SchemaValidator = (schemaPointer: string, value: unknown) => readonly SchemaViolation[];

const DOC_ID = "openapi:doc";
const MAX_VIOLATIONS = 5;

function violationsOf(errors: readonly ErrorObject[] | null | undefined): SchemaViolation[] {
  return (errors ?? []).slice(0, MAX_VIOLATIONS).map((error) => ({
    at: error.instancePath,
    message: `${error.message ?? error.keyword}${error.keyword === "additionalProperties" ? ` (${JSON.stringify(error.params)})` : ""}`,
  }));
}

/** A validator for pointers into `doc` (`#/paths/~1x/get/...`); each schema is compiled once. */
export function createSchemaValidator(doc: Readonly<Record<string, unknown>>): SchemaValidator {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    validateFormats: false,
    validateSchema: false,
    allowUnionTypes: true,
    // Each component schema compiled once, however many operations refer to it.
    inlineRefs: false,
  });
  ajv.addSchema(doc, DOC_ID);
  const compiled = new Map<string, ValidateFunction>();
  return (schemaPointer, value) => {
    let validate = compiled.get(schemaPointer);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `${DOC_ID}${schemaPointer}` });
      compiled.set(schemaPointer, validate);
    }
    return validate(value) ? [] : violationsOf(validate.errors);
  };
}

/** The JSON pointer of a path of keys (RFC 6901), as a URI fragment. */
export function pointerOf(keys: readonly (string | number)[]): string {
  return `#${keys.map((key) => `/${encodeURIComponent(String(key).replace(/~/g, "~0").replace(/\//g, "~1"))}`).join("")}`;
}

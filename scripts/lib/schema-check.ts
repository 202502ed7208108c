import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { isRecord } from "./openapi-doc.js";

/**
 * Decides whether a value satisfies a schema of an OpenAPI document the way Prism's request
 * validator does: Ajv 8 with ajv-formats, union types allowed, unknown keywords ignored and no type
 * coercion (stricter than Prism on query strings, so whatever passes here passes there).
 */
export type SchemaCheck = (schema: unknown, value: unknown) => boolean;

/** Prism ignores formats it does not know (the bundles use `html`); so do we, quietly. */
const logger = {
  log: console.log,
  error: console.error,
  warn: (...args: unknown[]): void => {
    if (typeof args[0] === "string" && args[0].startsWith("unknown format")) return;
    console.warn(...args);
  },
};

export function createSchemaCheck(doc: Readonly<Record<string, unknown>>): SchemaCheck {
  const ajv = new Ajv({ allErrors: false, allowUnionTypes: true, allowMatchingProperties: true, strict: false, logger });
  // ajv-formats is CommonJS: under NodeNext its default import is the module object.
  addFormats.default(ajv);
  const compiled = new WeakMap<object, ValidateFunction>();
  return (schema, value) => {
    if (schema === undefined || schema === true) return true;
    if (!isRecord(schema)) return false;
    let validate = compiled.get(schema);
    if (validate === undefined) {
      // `#/components/...` references resolve against the root of what Ajv compiles.
      validate = ajv.compile({ allOf: [schema], components: doc["components"] ?? {} });
      compiled.set(schema, validate);
    }
    return validate(value) === true;
  };
}

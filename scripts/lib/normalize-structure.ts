import { declaredCredentials, documentedCredentials } from "./documented-auth.js";
import type { ChangeCounter } from "./normalize-report.js";
import { effectiveParameters, isRecord, listOperations, type OpenApiDoc, resolveLocalRef } from "./openapi-doc.js";
import { pathProblem, serverBasePath } from "./spec-audit.js";
import { pointerOf } from "./schema-validator.js";
import { walkSchemas } from "./spec-examples.js";

/**
 * Normalisation rules about the shape of the document rather than its examples: paths a client
 * can call, one schema per path parameter, security that admits what the docs say, schemas that
 * openapi-typescript reads as their authors meant.
 */

export const STRUCTURE_RULES = {
  basePath: "path repeating the servers base path: prefix removed",
  urlPath: "path that is itself a URL (a callback the partner serves): operation dropped",
  pathParam: "path parameter declared differently across methods: one schema, string preferred",
  security: "security disagrees with the documented Authorization header: both accepted (user token optional)",
  defs: "nested $defs hoisted to components.schemas",
  oneOfRequired: "oneOf branch required list: parent properties carried onto the branch",
  bareObjectBranch: "oneOf/anyOf branch that is a bare object: parent properties carried onto the branch",
  openObject: "object schema that declares no keys: additionalProperties: true (keys unknown, not Record<string, never>)",
} as const;

const SHAPE_KEYWORDS = ["properties", "additionalProperties", "patternProperties", "allOf", "anyOf", "oneOf", "$ref"];

/** `{type: "object"}` and nothing that shapes it: openapi-typescript makes it `Record<string, never>`. */
function isBareObject(schema: Record<string, unknown>): boolean {
  return schema["type"] === "object" && SHAPE_KEYWORDS.every((keyword) => schema[keyword] === undefined);
}

function fixPaths(doc: OpenApiDoc, counter: ChangeCounter): void {
  const basePath = serverBasePath(doc);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    const problem = pathProblem(path, basePath);
    if (problem === null) {
      paths[path] = item;
    } else if (problem.startsWith("repeats") && !(path.slice(basePath.length) in doc.paths)) {
      paths[path.slice(basePath.length)] = item;
      counter.add(STRUCTURE_RULES.basePath, path);
    } else {
      counter.add(STRUCTURE_RULES.urlPath, path);
    }
  }
  doc.paths = paths;
}

/** The schema a parameter's methods should share: a string form when any method declares one, else the widest. */
function preferredSchema(schemas: readonly unknown[]): unknown {
  const typeOf = (schema: unknown) => (isRecord(schema) ? schema["type"] : undefined);
  return schemas.find((schema) => typeOf(schema) === "string") ?? schemas.find((schema) => typeOf(schema) === "number") ?? schemas[0];
}

function unifyPathParameters(doc: OpenApiDoc, counter: ChangeCounter): void {
  for (const [path, item] of Object.entries(doc.paths)) {
    const operations = listOperations({ [path]: item });
    const byName = new Map<string, Array<Record<string, unknown>>>();
    for (const { operation } of operations) {
      for (const param of effectiveParameters(doc, path, operation)) {
        if (param.in === "path") byName.set(param.name, [...(byName.get(param.name) ?? []), param]);
      }
    }
    for (const [name, params] of byName) {
      const schemas = params.map((param) => resolveLocalRef(doc, param["schema"]));
      if (new Set(schemas.map((schema) => JSON.stringify(schema))).size < 2) continue;
      const schema = preferredSchema(schemas);
      for (const { operation } of operations) {
        const list = operation["parameters"];
        const own = Array.isArray(list) ? list : [];
        const index = own.findIndex((entry) => {
          const param = resolveLocalRef(doc, entry);
          return isRecord(param) && param["in"] === "path" && param["name"] === name;
        });
        const param = effectiveParameters(doc, path, operation).find((p) => p.in === "path" && p.name === name);
        if (param === undefined) continue;
        const replaced = { ...param, schema: structuredClone(schema) };
        if (index >= 0) own[index] = replaced;
        else (operation as Record<string, unknown>)["parameters"] = [...own, replaced];
      }
      counter.add(STRUCTURE_RULES.pathParam, `${path} {${name}}`);
    }
  }
}

/** Needs the bundle as published: the normaliser deletes the documented header afterwards. */
export function acceptDocumentedCredentials(raw: OpenApiDoc, doc: OpenApiDoc, counter: ChangeCounter): void {
  for (const { path, method, operation } of listOperations(doc.paths)) {
    const rawOperation = raw.paths[path]?.[method];
    const documented = isRecord(rawOperation) ? documentedCredentials(raw, path, rawOperation) : null;
    if (documented === null || declaredCredentials(doc, operation).has(documented)) continue;
    (operation as Record<string, unknown>)["security"] = [{ BearerPartner: [] }, { BearerPartnerUser: [] }];
    counter.add(STRUCTURE_RULES.security, `${method.toUpperCase()} ${path}`);
  }
}

function hoistNestedDefs(doc: OpenApiDoc, counter: ChangeCounter): void {
  const components = isRecord(doc["components"]) ? doc["components"] : undefined;
  const schemas = components !== undefined && isRecord(components["schemas"]) ? components["schemas"] : undefined;
  if (schemas === undefined) return;
  const renamed = new Map<string, string>();
  const holders: Array<{ owner: string; node: Record<string, unknown> }> = [];
  for (const [owner] of Object.entries(schemas)) {
    walkSchemas(doc, ["components", "schemas", owner], new Set(), (node) => {
      if (isRecord(node["$defs"])) holders.push({ owner, node });
    });
  }
  for (const { owner, node } of holders) {
    const defs = node["$defs"] as Record<string, unknown>;
    for (const [name, schema] of Object.entries(defs)) {
      const existing = schemas[name];
      let target = name;
      if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(schema)) {
        target = `${owner}_${name}`;
        schemas[target] = schema;
      } else if (existing === undefined) {
        schemas[target] = schema;
      }
      renamed.set(`#/components/schemas/${owner}/$defs/${name}`, `#/components/schemas/${target}`);
    }
    delete node["$defs"];
    counter.add(STRUCTURE_RULES.defs, `#/components/schemas/${owner}`);
  }
  if (renamed.size === 0) return;
  const rewrite = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(rewrite);
    else if (isRecord(value)) {
      const ref = value["$ref"];
      if (typeof ref === "string" && renamed.has(ref)) value["$ref"] = renamed.get(ref);
      Object.values(value).forEach(rewrite);
    }
  };
  rewrite(doc);
}

/**
 * `{properties: {a, b}, oneOf: [{required: [a]}, {required: [b]}]}`: openapi-typescript drops a
 * branch's `required` for properties declared only on the parent, so each branch gets the parent's
 * declaration of the properties it requires. A branch that is a bare `{type: "object"}` becomes
 * `Record<string, never>`, which, intersected with the parent's properties, types every one of them
 * `never`; it gets the parent's properties too.
 */
function carryBranchRequired(doc: OpenApiDoc, counter: ChangeCounter): void {
  const seen = new Set<string>();
  const visitRoot = (keys: readonly (string | number)[], where: string) =>
    walkSchemas(doc, keys, seen, (node) => {
      const properties = node["properties"];
      if (!isRecord(properties)) return;
      for (const key of ["oneOf", "anyOf"]) {
        const branches = node[key];
        if (!Array.isArray(branches)) continue;
        let changed = false;
        let bare = false;
        for (const branch of branches) {
          if (isRecord(branch) && isBareObject(branch)) {
            branch["properties"] = structuredClone(properties);
            bare = true;
          }
          if (!isRecord(branch) || !Array.isArray(branch["required"])) continue;
          const own = isRecord(branch["properties"]) ? branch["properties"] : {};
          const carried = branch["required"].filter(
            (name): name is string => typeof name === "string" && !(name in own) && name in properties,
          );
          if (carried.length === 0) continue;
          branch["properties"] = { ...Object.fromEntries(carried.map((name) => [name, structuredClone(properties[name])])), ...own };
          changed = true;
        }
        if (changed) counter.add(STRUCTURE_RULES.oneOfRequired, where);
        if (bare) counter.add(STRUCTURE_RULES.bareObjectBranch, where);
      }
    });
  forEachSchemaRoot(doc, visitRoot);
}

/**
 * Calls `visit` with every place a schema starts: each of `components.schemas`, and each `schema`
 * of an operation or of another component (parameters, request and response bodies, headers),
 * never inside examples.
 */
function forEachSchemaRoot(doc: OpenApiDoc, visit: (keys: readonly (string | number)[], where: string) => void): void {
  const components = isRecord(doc["components"]) ? doc["components"] : {};
  const schemas = isRecord(components["schemas"]) ? components["schemas"] : {};
  for (const name of Object.keys(schemas)) visit(["components", "schemas", name], `#/components/schemas/${name}`);
  const visitMediaSchemas = (value: unknown, keys: readonly (string | number)[], where: string): void => {
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "schema" && isRecord(child)) visit([...keys, key], where);
      else if (key !== "example" && key !== "examples") visitMediaSchemas(child, [...keys, key], where);
    }
  };
  for (const [section, entries] of Object.entries(components)) {
    if (section === "schemas" || section === "examples" || !isRecord(entries)) continue;
    for (const [name, entry] of Object.entries(entries))
      visitMediaSchemas(entry, ["components", section, name], `#/components/${section}/${name}`);
  }
  for (const { path, method, operation } of listOperations(doc.paths)) {
    visitMediaSchemas(operation, ["paths", path, method], `${method.toUpperCase()} ${path}`);
  }
}

/** Keywords that give an object schema keys of its own, or say it has none. */
const KEY_KEYWORDS = ["additionalProperties", "patternProperties", "allOf", "anyOf", "oneOf", "$ref", "$defs", "const", "enum"];

/** An object schema that says nothing about its keys (`{type: "object"}`, maybe nullable or with `properties: {}`). */
function declaresNoKeys(schema: Record<string, unknown>): boolean {
  const type = schema["type"];
  const properties = schema["properties"];
  return (
    (type === "object" || (Array.isArray(type) && type.includes("object"))) &&
    (properties === undefined || (isRecord(properties) && Object.keys(properties).length === 0)) &&
    schema["maxProperties"] !== 0 &&
    KEY_KEYWORDS.every((keyword) => schema[keyword] === undefined)
  );
}

/**
 * openapi-typescript types an object schema that declares no keys as `Record<string, never>`, an
 * object that has none; the API sends data there that neither schema nor examples describe, so it
 * is stated open (`additionalProperties: true`, the JSON Schema default): `{ [key: string]: unknown }`,
 * which readers narrow. Runs after the example rules, which declare the keys examples show. An
 * object closed on purpose (`additionalProperties: false`, `maxProperties: 0`) stays empty.
 */
export function openUndeclaredObjects(doc: OpenApiDoc, counter: ChangeCounter): void {
  const seen = new Set<string>();
  forEachSchemaRoot(doc, (keys) =>
    walkSchemas(doc, keys, seen, (node, nodeKeys) => {
      if (!declaresNoKeys(node)) return;
      node["additionalProperties"] = true;
      counter.add(STRUCTURE_RULES.openObject, pointerOf(nodeKeys));
    }),
  );
}

export function applyStructureRules(doc: OpenApiDoc, counter: ChangeCounter): void {
  fixPaths(doc, counter);
  unifyPathParameters(doc, counter);
  hoistNestedDefs(doc, counter);
  carryBranchRequired(doc, counter);
}

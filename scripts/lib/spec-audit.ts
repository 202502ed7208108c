import { declaredCredentials, documentedCredentials } from "./documented-auth.js";
import { isSuccessStatus } from "./media-types.js";
import { effectiveParameters, isRecord, listOperations, type OpenApiDoc, resolveLocalRef } from "./openapi-doc.js";
import { createSchemaValidator } from "./schema-validator.js";
import { collectExamples, type ExamplePlace, listJsonBodies } from "./spec-examples.js";

/**
 * `spec:audit`: what a normalised bundle still gets wrong, judged by its own examples and by what
 * a client can call. Every finding is a problem the normaliser has not fixed; the audit fails on
 * any. The counts of loosely typed properties are measured, not failures: they must not rise.
 */

export const AUDIT_CHECKS = [
  "example fails its schema",
  "2xx JSON response without a schema",
  "path not callable under the servers URL",
  "path parameter declared differently across methods",
  "security disagrees with the documented Authorization header",
  "schema keyword turned into a property in generated types",
] as const;

export type AuditCheck = (typeof AUDIT_CHECKS)[number];

/** One disagreement, as the audit (and `test:live`) print it. */
export interface Finding<Check extends string = string> {
  readonly check: Check;
  /** `METHOD /path`, or a place in the generated types. */
  readonly where: string;
  readonly operationId?: string | undefined;
  readonly detail: string;
}

export type AuditFinding = Finding<AuditCheck>;

export interface ExampleTally {
  readonly place: ExamplePlace;
  readonly checked: number;
  readonly failing: number;
}

/** Properties whose generated type says nothing useful, or something false. */
export interface LooseTypeCounts {
  readonly unknown: number;
  readonly unknownArray: number;
  /** `Record<string, never>` in data types: an object with no keys, where the API sends some. */
  readonly emptyRecord: number;
  /** `{ [key: string]: unknown }` and nothing else: an object of unknown keys, which readers narrow. */
  readonly openObject: number;
}

export interface AuditReport {
  readonly bundle: string;
  readonly examples: readonly ExampleTally[];
  readonly findings: readonly AuditFinding[];
  readonly looseTypes: LooseTypeCounts;
}

export interface AuditInput {
  readonly bundle: string;
  /** The bundle as published: the documented `Authorization` header text lives here. */
  readonly raw: OpenApiDoc;
  readonly normalized: OpenApiDoc;
  /** openapi-typescript output for `normalized`. */
  readonly types: string;
}

const PLACES: readonly ExamplePlace[] = ["response body", "response schema", "request body", "request schema"];

function auditExamples(doc: OpenApiDoc, findings: AuditFinding[]): ExampleTally[] {
  const validate = createSchemaValidator(doc);
  const tallies = new Map(PLACES.map((place) => [place, { place, checked: 0, failing: 0 }]));
  for (const example of collectExamples(doc)) {
    const tally = tallies.get(example.place) as { checked: number; failing: number };
    tally.checked += 1;
    const violations = validate(example.schemaPointer, example.value);
    if (violations.length === 0) continue;
    tally.failing += 1;
    const first = violations[0] as { at: string; message: string };
    findings.push({
      check: "example fails its schema",
      where: example.operation,
      operationId: example.operationId,
      detail: `${example.place} ${example.status} ${example.source}: ${first.at || "(body)"} ${first.message}`,
    });
  }
  return [...tallies.values()];
}

function auditUntypedSuccess(doc: OpenApiDoc, findings: AuditFinding[]): void {
  for (const { operation, operationId, status, mediaType, media } of listJsonBodies(doc)) {
    if (status === "request" || !isSuccessStatus(status) || media["schema"] !== undefined) continue;
    findings.push({ check: "2xx JSON response without a schema", where: operation, operationId, detail: `${status} ${mediaType}` });
  }
}

function operationIdOf(operation: Readonly<Record<string, unknown>>): string | undefined {
  return typeof operation["operationId"] === "string" ? operation["operationId"] : undefined;
}

/** The path part of the first `servers` URL (`/api/v1`), or `""`. */
export function serverBasePath(doc: OpenApiDoc): string {
  const servers = doc["servers"];
  const url = Array.isArray(servers) && isRecord(servers[0]) ? servers[0]["url"] : undefined;
  if (typeof url !== "string" || !URL.canParse(url)) return "";
  return new URL(url).pathname.replace(/\/+$/, "");
}

/** Why a path cannot be called under the servers URL, or null when it can. */
export function pathProblem(path: string, basePath: string): string | null {
  if (!path.startsWith("/")) return "does not start with /";
  if (/^\/*[a-z][a-z0-9+.-]*:\/\//i.test(path)) return "is itself a URL";
  if (basePath !== "" && (path === basePath || path.startsWith(`${basePath}/`))) return `repeats the servers base path ${basePath}`;
  return null;
}

function auditPaths(doc: OpenApiDoc, findings: AuditFinding[]): void {
  const basePath = serverBasePath(doc);
  for (const path of Object.keys(doc.paths)) {
    const problem = pathProblem(path, basePath);
    if (problem === null) continue;
    const ids = listOperations({ [path]: doc.paths[path] }).map(({ operation }) => operationIdOf(operation));
    findings.push({ check: "path not callable under the servers URL", where: path, operationId: ids.join(", "), detail: problem });
  }
}

function auditPathParameters(doc: OpenApiDoc, findings: AuditFinding[]): void {
  for (const path of Object.keys(doc.paths)) {
    const byName = new Map<string, Map<string, string[]>>();
    for (const { method, operation } of listOperations({ [path]: doc.paths[path] })) {
      for (const param of effectiveParameters(doc, path, operation)) {
        if (param.in !== "path") continue;
        const schema = JSON.stringify(resolveLocalRef(doc, param["schema"]) ?? null);
        const schemas = byName.get(param.name) ?? new Map<string, string[]>();
        schemas.set(schema, [...(schemas.get(schema) ?? []), method.toUpperCase()]);
        byName.set(param.name, schemas);
      }
    }
    for (const [name, schemas] of byName) {
      if (schemas.size < 2) continue;
      const detail = [...schemas].map(([schema, methods]) => `${methods.join("/")} ${schema}`).join(" vs ");
      findings.push({ check: "path parameter declared differently across methods", where: path, detail: `{${name}}: ${detail}` });
    }
  }
}

function auditSecurity(raw: OpenApiDoc, doc: OpenApiDoc, findings: AuditFinding[]): void {
  for (const { path, method, operation } of listOperations(raw.paths)) {
    const documented = documentedCredentials(raw, path, operation);
    const normalized = doc.paths[path]?.[method];
    if (documented === null || !isRecord(normalized)) continue;
    const declared = declaredCredentials(doc, normalized);
    if (declared.has(documented)) continue;
    findings.push({
      check: "security disagrees with the documented Authorization header",
      where: `${method.toUpperCase()} ${path}`,
      operationId: operationIdOf(operation),
      detail: `documented ${documented}, declared ${[...declared].join(" or ") || "none"}`,
    });
  }
}

/** JSON Schema keywords that, as a property key in generated types, mean the generator misread a schema. */
const PHANTOM_KEY = /^\s*"?(\$defs|\$ref|\$schema|\$id|\$anchor|\$comment|\$dynamicRef|\$dynamicAnchor|\$vocabulary)"?\??:/;

/** openapi-typescript's plumbing for a section the document leaves empty (`export type webhooks = Record<string, never>;`). */
const EMPTY_SECTION = /^export type [\w$]+ = Record<string, never>;$/;

/** An index signature that is an object's only member, not one part of an intersection with declared properties. */
function isOnlyMember(lines: readonly string[], index: number): boolean {
  const before = (lines[index - 1] ?? "").trimEnd();
  return before.endsWith("{") && !before.endsWith("& {") && (lines[index + 1] ?? "").trimStart().startsWith("}");
}

function auditGeneratedTypes(bundle: string, types: string, findings: AuditFinding[]): LooseTypeCounts {
  const counts = { unknown: 0, unknownArray: 0, emptyRecord: 0, openObject: 0 };
  const lines = types.split("\n");
  lines.forEach((line, index) => {
    if (PHANTOM_KEY.test(line)) {
      findings.push({
        check: "schema keyword turned into a property in generated types",
        where: `${bundle} types line ${index + 1}`,
        detail: line.trim(),
      });
    }
    // Named properties only: `[key: string]: unknown` is how an open object is typed.
    if (/^\s*("[^"]*"|[\w$]+)\??: unknown;/.test(line)) counts.unknown += 1;
    if (/^\s*("[^"]*"|[\w$]+)\??: unknown\[\];/.test(line)) counts.unknownArray += 1;
    if (!EMPTY_SECTION.test(line)) counts.emptyRecord += line.split("Record<string, never>").length - 1;
    if (/^\s*\[key: string\]: unknown;$/.test(line) && isOnlyMember(lines, index)) counts.openObject += 1;
  });
  return counts;
}

export function auditSpec(input: AuditInput): AuditReport {
  const findings: AuditFinding[] = [];
  const examples = auditExamples(input.normalized, findings);
  auditUntypedSuccess(input.normalized, findings);
  auditPaths(input.normalized, findings);
  auditPathParameters(input.normalized, findings);
  auditSecurity(input.raw, input.normalized, findings);
  const looseTypes = auditGeneratedTypes(input.bundle, input.types, findings);
  return { bundle: input.bundle, examples, findings, looseTypes };
}

/** Counts of one report by check, every check listed (0 included), in {@link AUDIT_CHECKS} order. */
export function countsByCheck(report: AuditReport): Record<AuditCheck, number> {
  const counts = Object.fromEntries(AUDIT_CHECKS.map((check) => [check, 0])) as Record<AuditCheck, number>;
  for (const finding of report.findings) counts[finding.check] += 1;
  return counts;
}

export function formatAuditReport(report: AuditReport, options: { readonly verbose?: boolean } = {}): string {
  const lines = [`${report.bundle} audit: ${report.findings.length === 0 ? "clean" : `${report.findings.length} unfixed`}`];
  for (const { place, checked, failing } of report.examples) {
    lines.push(`  examples, ${place}: ${checked} checked, ${failing} failing`);
  }
  const { unknown, unknownArray, emptyRecord, openObject } = report.looseTypes;
  lines.push(
    `  loosely typed properties: ${unknown} unknown, ${unknownArray} unknown[], ${emptyRecord} Record<string, never>, ${openObject} objects of unknown keys`,
  );
  for (const check of AUDIT_CHECKS) {
    const found = report.findings.filter((finding) => finding.check === check);
    lines.push(...formatFindingLines(check, found, options.verbose !== false));
  }
  return lines.join("\n");
}

/** One check's lines in the audit's format: `N × check`, then one line per finding when verbose. */
export function formatFindingLines(check: string, findings: readonly Finding[], verbose: boolean): string[] {
  const lines = [`  ${String(findings.length).padStart(4)} × ${check}`];
  for (const finding of verbose ? findings : []) {
    lines.push(`         ${finding.operationId ? `${finding.operationId} ` : ""}${finding.where}: ${finding.detail}`);
  }
  return lines;
}

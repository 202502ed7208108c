import { docUrlOf, methodNameOf, tagGroupOf, type OperationInfo } from "../../src/facade/operations.js";
import { effectiveParameters, isRecord, type OpenApiDoc } from "./openapi-doc.js";

/**
 * Types of the named methods (`altegio.v1.getTeamMemberSchedule(...)`, grouped by tag as
 * `altegio.v1.scheduleAndResources.getTeamMemberSchedule(...)`) with JSDoc from the spec, written to
 * `src/generated/<version>-named.ts`. Types only: the runtime finds operations in the compact table.
 */

/** Members every API surface already has; a method or group named like one would hide it. */
const SURFACE_MEMBERS = new Set([
  "GET",
  "PUT",
  "POST",
  "DELETE",
  "OPTIONS",
  "HEAD",
  "PATCH",
  "TRACE",
  "request",
  "use",
  "eject",
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "paginate",
  "then",
  "constructor",
]);

/** A surface member, or one every object inherits (`toString`): the runtime would return it instead. */
const taken = (name: string): boolean => SURFACE_MEMBERS.has(name) || name in Object.prototype;

/** Names written unquoted into the generated interfaces. */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** What the generator reports about names: clashes it resolved by rule. */
export interface NamingReport {
  /** `operationId: name` — a path and a query parameter share `name`; the path parameter takes it. */
  readonly parameterClashes: readonly string[];
}

const AUTH_TEXT: Readonly<Record<string, string>> = {
  user: "Auth: partner token + user token (`Bearer <partner>, User <user>`).",
  partner: "Auth: partner token only.",
  "partner-optional-user": "Auth: partner token; the user token is sent too when the client has one.",
};

function operationObject(doc: OpenApiDoc, operation: OperationInfo): Record<string, unknown> {
  const item = isRecord(doc.paths) ? doc.paths[operation.path] : undefined;
  const object = isRecord(item) ? item[operation.method] : undefined;
  return isRecord(object) ? object : {};
}

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : "");

/** Text that cannot end the comment or break a line of it. */
const commentSafe = (line: string): string => line.replace(/\*\//g, "*\\/").replace(/\s+$/, "");

const DEPRECATION_NOTICE = /^(\*\*)?(this endpoint is )?deprecated/i;

/** The first paragraph of the description that is not the deprecation notice, at most three lines. */
function leadLines(description: string): string[] {
  const paragraphs = description.split(/\n\s*\n/).map((paragraph) => paragraph.trim());
  const lead = paragraphs.find((paragraph) => paragraph !== "" && !DEPRECATION_NOTICE.test(paragraph)) ?? "";
  const lines = lead.split("\n").map((line) => line.trim());
  return lines.slice(0, 3).concat(lines.length > 3 ? ["…"] : []);
}

/** `Use \`GET /v2/...\` instead` in the description names the replacement. */
function replacementOf(description: string): string | null {
  const match = /use\s+`([A-Z]+ [^`]+)`\s+instead/i.exec(description);
  return match?.[1] ?? null;
}

function jsDoc(version: string, doc: OpenApiDoc, operation: OperationInfo): string {
  const object = operationObject(doc, operation);
  const summary = text(object["summary"]) || operation.operationId;
  const description = text(object["description"]);
  const lines = [summary, ...(description ? ["", ...leadLines(description)] : [])];
  lines.push(
    "",
    `\`${operation.method.toUpperCase()} /${version}${operation.path}\` · ${AUTH_TEXT[operation.auth] ?? `Auth: ${operation.auth}.`}`,
  );
  if (operation.fileMediaTypes) lines.push(`Resolves to a \`Blob\` (${operation.fileMediaTypes.join(", ")}).`);
  if (operation.pagination) {
    lines.push("Paginated: `await` gives the first page; `for await` iterates every item, page by page.");
  }
  if (operation.deprecated) {
    const replacement = replacementOf(description);
    lines.push(`@deprecated${replacement ? ` Use \`${replacement}\` instead.` : ""}`);
  }
  lines.push(`@see {@link ${docUrlOf(version, operation)}}`);
  return ["  /**", ...lines.map((line) => commentSafe(line ? `   * ${line}` : "   *")), "   */"].join("\n");
}

function parameterClashes(doc: OpenApiDoc, operation: OperationInfo): string[] {
  const params = effectiveParameters(doc, operation.path, operationObject(doc, operation));
  const inPath = new Set(params.filter((param) => param["in"] === "path").map((param) => param["name"]));
  return params
    .filter((param) => param["in"] === "query" && inPath.has(param["name"]))
    .map((param) => `${operation.operationId}: ${String(param["name"])}`);
}

function interfaceName(prefix: string, group: string): string {
  return `${prefix}${group.charAt(0).toUpperCase()}${group.slice(1)}`;
}

/** `src/generated/<version>-named.ts` for one API version; throws on a name that would hide or shadow another. */
export function renderNamedMethods(
  version: string,
  doc: OpenApiDoc,
  operations: readonly OperationInfo[],
): { source: string; report: NamingReport } {
  const prefix = version.toUpperCase();
  const groups = new Map<string, { tag: string; members: string[] }>();
  const names = new Set<string>();
  const clashes: string[] = [];
  for (const operation of operations) {
    const name = methodNameOf(operation.operationId);
    if (names.has(name)) throw new Error(`${version}: two operations are named ${name}`);
    if (!IDENTIFIER.test(name))
      throw new Error(`${version}: ${operation.operationId} gives ${JSON.stringify(name)}, not a valid method name`);
    if (taken(name)) throw new Error(`${version}: ${operation.operationId} would be named like the client's own ${name}`);
    names.add(name);
    clashes.push(...parameterClashes(doc, operation));
    const group = tagGroupOf(operation.tag);
    let entry = groups.get(group);
    if (!entry) groups.set(group, (entry = { tag: operation.tag, members: [] }));
    const kind = operation.pagination ? "PagedMethod" : operation.fileMediaTypes ? "FileMethod" : "Method";
    const location = operation.locationParam ? JSON.stringify(operation.locationParam) : "never";
    entry.members.push(
      `${jsDoc(version, doc, operation)}\n  ${name}: ${prefix}${kind}<Op<${JSON.stringify(operation.path)}, ${JSON.stringify(operation.method)}>, Scoped, ${location}>;`,
    );
  }
  for (const [group, { tag }] of groups) {
    if (!IDENTIFIER.test(group))
      throw new Error(`${version}: tag ${JSON.stringify(tag)} gives no usable group name (${JSON.stringify(group)})`);
    if (names.has(group) || taken(group)) throw new Error(`${version}: tag group ${group} clashes with a method name`);
  }
  const blocks = [...groups].map(
    ([group, { tag, members }]) =>
      `/** ${commentSafe(tag)}: the ${members.length} operation(s) of this tag in Altegio's docs. */\n` +
      `export interface ${interfaceName(prefix, group)}<Scoped extends boolean> {\n${members.join("\n")}\n}\n`,
  );
  const groupMembers = [...groups].map(
    ([group, { tag }]) => `  /** ${commentSafe(tag)} operations. */\n  readonly ${group}: ${interfaceName(prefix, group)}<Scoped>;`,
  );
  const source = [
    "// Generated by scripts/generate.ts from Altegio's OpenAPI bundles. Do not edit.",
    `import type { ${prefix}FileMethod, ${prefix}Method, ${prefix}PagedMethod } from "../facade/named-types.js";`,
    `import type { paths } from "./${version}.js";`,
    "",
    "type Op<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method];",
    "",
    ...blocks,
    `/** Every ${version} operation as a method, and the same methods grouped by tag. */`,
    `export interface ${prefix}NamedMethods<Scoped extends boolean>\n  extends ${[...groups.keys()].map((group) => `${interfaceName(prefix, group)}<Scoped>`).join(",\n    ")} {`,
    ...groupMembers,
    "}",
    "",
  ].join("\n");
  return { source, report: { parameterClashes: clashes } };
}

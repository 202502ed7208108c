import { parse as parseYaml } from "yaml";
import { isErrorLike } from "./cli.js";
import { isRecord, resolvePointer } from "./openapi-doc.js";

/**
 * The one reader of OpenAPI text, for bundles fetched or mirrored, stored copies and files given to
 * `spec:diff`: UTF-8 YAML or JSON, not an HTML page, an OpenAPI 3.x document with `info` and
 * `paths`, and every local `$ref` pointing somewhere (a truncated download fails here, not later).
 */

export type OpenApiTextProblem = "not-text" | "html" | "invalid-yaml" | "not-openapi" | "unresolved-ref";

/** The text is not a usable OpenAPI 3.x document; `message` is one line for a human. */
export class OpenApiTextError extends Error {
  override readonly name = "OpenApiTextError";
  /** Bad input, as scripts report it. */
  readonly exitCode = 2;
  constructor(
    readonly kind: OpenApiTextProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ParsedOpenApi {
  readonly text: string;
  readonly doc: Record<string, unknown>;
  /** Which parser read the text: JSON (complete by construction) or YAML. */
  readonly format: "json" | "yaml";
}

const HTML_START = /^\s*<(!doctype\s+html|html|head|body)\b/i;

function decodeText(label: string, body: Uint8Array | string): string {
  if (typeof body === "string") return body;
  try {
    // ignoreBOM keeps a BOM in the text, so a written copy is byte-identical to what was read.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
  } catch (error) {
    // Only a decoding error means "not UTF-8"; anything else (V8's maximum string length) is said as it is.
    if (isErrorLike(error) && error.code === "ERR_ENCODING_INVALID_ENCODED_DATA") {
      throw new OpenApiTextError("not-text", `${label} is not UTF-8 text`, { cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new OpenApiTextError("not-text", `${label} could not be read as text: ${reason}`, { cause: error });
  }
}

/** Local `$ref`s that point nowhere, and references to other documents (which generation would go and read). */
function badRefs(doc: unknown): { unresolved: string[]; external: string[] } {
  const unresolved: string[] = [];
  const external: string[] = [];
  const stack: unknown[] = [doc];
  // YAML aliases may make the document cyclic.
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      stack.push(...node);
    } else if (isRecord(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string") {
          if (!value.startsWith("#/") && value !== "#") external.push(value);
          else if (resolvePointer(doc, value) === undefined) unresolved.push(value);
        } else if (key === "externalValue" && typeof value === "string") {
          external.push(value);
        } else {
          stack.push(value);
        }
      }
    }
  }
  return { unresolved, external };
}

function openApiProblem(doc: unknown): string | undefined {
  if (!isRecord(doc)) return doc === null || doc === undefined ? "the document is empty" : "the document is not a mapping";
  const version = doc["openapi"];
  if (typeof version !== "string" || !/^3\.\d+(\.\d+)?$/.test(version)) {
    const swagger = doc["swagger"];
    if (swagger !== undefined) return `swagger ${String(swagger)}`;
    return `expected "openapi: 3.x", found ${version === undefined ? "no openapi field" : JSON.stringify(version)}`;
  }
  if (!isRecord(doc["info"])) return `no "info" object`;
  if (!isRecord(doc["paths"])) return `no "paths" object`;
  const item = Object.entries(doc["paths"]).find(([, value]) => !isRecord(value));
  if (item !== undefined) return `path ${JSON.stringify(item[0])} is ${item[1] === null ? "empty" : "not a mapping"}`;
  return undefined;
}

function parseStructure(label: string, text: string): { doc: unknown; format: "json" | "yaml" } {
  // JSON.parse is much faster on the large normalised JSON copies; YAML (a superset, flow style
  // `{openapi: 3.0.3, ...}` included) covers the rest and whatever JSON.parse refuses.
  if (/^\s*\{/.test(text)) {
    try {
      return { doc: JSON.parse(text.replace(/^\uFEFF/, "")), format: "json" };
    } catch {
      // not JSON: read it as YAML below
    }
  }
  try {
    // The yaml package's alias guard stays on (published bundles use no aliases): an alias bomb fails here.
    return { doc: parseYaml(text), format: "yaml" };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "").replace(/:$/, "") : String(error);
    throw new OpenApiTextError("invalid-yaml", `${label} is not valid YAML (truncated?): ${reason}`, { cause: error });
  }
}

/** Reads and checks one OpenAPI document; `label` names it in errors, `contentType` is what a server said it sent. */
export function parseOpenApiText(label: string, body: Uint8Array | string, contentType = ""): ParsedOpenApi {
  const text = decodeText(label, body);
  if (/^text\/html\b/i.test(contentType) || HTML_START.test(text)) {
    throw new OpenApiTextError("html", `${label} is an HTML page, not an OpenAPI document`);
  }
  const { doc, format } = parseStructure(label, text);
  const problem = openApiProblem(doc);
  if (problem !== undefined || !isRecord(doc)) {
    throw new OpenApiTextError("not-openapi", `${label} is not an OpenAPI 3.x document: ${problem}`);
  }
  const { unresolved, external } = badRefs(doc);
  if (external.length > 0) {
    throw new OpenApiTextError(
      "unresolved-ref",
      `${label} is not self-contained: ${external.length} reference(s) to other documents, first ${JSON.stringify(external[0])}`,
    );
  }
  if (unresolved.length > 0) {
    throw new OpenApiTextError(
      "unresolved-ref",
      `${label} is incomplete (truncated?): ${unresolved.length} $ref(s) point nowhere, first ${JSON.stringify(unresolved[0])}`,
    );
  }
  return { text, doc, format };
}

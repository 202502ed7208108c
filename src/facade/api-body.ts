/**
 * Reading Altegio response bodies: the `{success, data, meta}` envelope, error messages and field
 * errors (`meta.errors` or top-level `errors`), whatever shape a gateway or API version uses.
 */

import { MAX_REDACTION_DEPTH, setOwn } from "./redact.js";

export type FieldErrors = Record<string, string[]>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object literal (or `Object.create(null)`): not a Date, Map, FormData or class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value));
}

/** Parses JSON text; `undefined` when the text is empty or not JSON (an HTML 502 page, say). */
export function parseJsonText(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * True for a body that reports failure even under HTTP 200: an Altegio envelope with `success: false`,
 * or a JSON:API error document (an `errors` list with an object, and no `data`).
 */
export function isApiFailureBody(body: unknown): boolean {
  if (!isRecord(body) || body["success"] === true) return false;
  const errors = body["errors"];
  return body["success"] === false || (!("data" in body) && Array.isArray(errors) && errors.some(isRecord));
}

/** `meta` as an object; Altegio sends `meta: []` when there is nothing to say. */
export function metaOf(body: Record<string, unknown>): Record<string, unknown> {
  const meta = body["meta"];
  return isRecord(meta) ? meta : {};
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** The server's human-readable message (`meta.message`, `message`, or a JSON:API `errors[0]`). */
export function apiMessageOf(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const fromEnvelope = nonEmptyString(metaOf(body)["message"]) ?? nonEmptyString(body["message"]);
  if (fromEnvelope) return fromEnvelope;
  const errors = body["errors"];
  if (Array.isArray(errors) && isRecord(errors[0])) {
    return nonEmptyString(errors[0]["detail"]) ?? nonEmptyString(errors[0]["title"]);
  }
  return null;
}

/** Every message under `value`; levels deeper than the redaction walks go are not read. */
function messagesOf(value: unknown, depth = 0): string[] {
  if (typeof value === "string") return [value];
  if (value == null || depth >= MAX_REDACTION_DEPTH) return [];
  if (typeof value !== "object") return [String(value)];
  return Object.values(value).flatMap((item) => messagesOf(item, depth + 1));
}

/** Field names are the server's (`constructor`, `__proto__`, ...): only own properties are read or written. */
function addFieldError(target: FieldErrors, field: string, messages: readonly string[]): void {
  if (messages.length === 0) return;
  // Appended in place: a body repeating one field 50 000 times must not cost 50 000 copies of its list.
  const existing = Object.hasOwn(target, field) ? (target[field] as string[]) : undefined;
  if (existing === undefined) setOwn(target, field, messages.slice());
  else for (const message of messages) existing.push(message);
}

/**
 * Field errors keyed exactly as the server sent them (e.g. `"[date_to]"`, `"staff_id"`), from
 * `meta.errors`, or else top-level `errors` (an object, or a JSON:API list with `source.pointer`).
 */
export function fieldErrorsOf(body: unknown): FieldErrors {
  const result: FieldErrors = {};
  if (!isRecord(body)) return result;
  for (const errors of [metaOf(body)["errors"], body["errors"]]) {
    if (Object.keys(result).length > 0) break;
    if (isRecord(errors)) {
      for (const [field, value] of Object.entries(errors)) addFieldError(result, field, messagesOf(value));
    } else if (Array.isArray(errors)) {
      for (const item of errors) {
        if (!isRecord(item)) continue;
        const pointer = isRecord(item["source"]) ? nonEmptyString(item["source"]["pointer"]) : null;
        const message = nonEmptyString(item["detail"]) ?? nonEmptyString(item["title"]);
        if (pointer && message) addFieldError(result, pointer, [message]);
      }
    }
  }
  return result;
}

/**
 * Readable field path: `"[date_to]"` → `"date_to"`, `"staff[0][id]"` → `"staff.0.id"`,
 * JSON:API `"/data/attributes/name"` → `"name"`.
 */
export function normalizeFieldKey(key: string): string {
  const withoutPointerPrefix = key.replace(/^\/data\/attributes\//, "").replace(/^\//, "");
  const dotted = withoutPointerPrefix
    .replace(/\[([^[\]]*)\]/g, ".$1")
    .replace(/\//g, ".")
    .replace(/\.{2,}/g, ".")
    .replace(/^\.|\.$/g, "");
  return dotted === "" ? key : dotted;
}

/** Field errors with normalised keys; messages of keys that normalise alike are merged. */
export function normalizeFieldErrors(fieldErrors: FieldErrors): FieldErrors {
  const result: FieldErrors = {};
  for (const [field, messages] of Object.entries(fieldErrors)) {
    addFieldError(result, normalizeFieldKey(field), messages);
  }
  return result;
}

/** How much of a non-JSON body the excerpt reads: a page's title or first words are near its start. */
const EXCERPT_SCAN_CHARS = 64 * 1024;
const ENTITIES = { __proto__: null, amp: "&", lt: "<", gt: ">", quot: '"' } as unknown as Record<string, string | undefined>;

/** `&amp;`, `&#39;`, `&#x22;`, ... as the characters they stand for. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x?)?(\w{1,7});/gi, (entity, hash: string | undefined, value: string) => {
    const code = Number.parseInt(value, hash?.[1] ? 16 : 10);
    return hash ? (code <= 0x10ffff ? String.fromCodePoint(code) : entity) : (ENTITIES[value.toLowerCase()] ?? entity);
  });
}

/**
 * A short, single-line excerpt of a non-JSON body: the text of an HTML page (its title, when it has
 * one), tags dropped, entities decoded, whitespace collapsed, then `scrub`bed before it is cut to
 * `maxLength`. Only the first 64 K characters are read, and every step is linear. A text cut short
 * (there, or by the body's size limit: `cut`) has its end passed through `maskCutEnd` first.
 */
export function bodyExcerptOf(
  text: string,
  scrub: (text: string) => string = String,
  { cut = false, maskCutEnd = String }: { cut?: boolean; maskCutEnd?: (text: string) => string } = {},
  maxLength = 200,
): string | null {
  const head = cut || text.length > EXCERPT_SCAN_CHARS ? maskCutEnd(text.slice(0, EXCERPT_SCAN_CHARS)) : text;
  const title = /<title[^<>]*>([^<]*)/i.exec(head)?.[1];
  const tagless = (title?.trim() ? title : head)
    // An unclosed block runs to the end, so no opening tag is scanned twice.
    .replace(/<(script|style)[\s\S]*?(?:<\/\1>|$)/gi, " ")
    .replace(/<[^<>]*>/g, " ");
  const plain = scrub(decodeEntities(tagless)).replace(/\s+/g, " ").trim();
  if (plain === "") return null;
  return plain.length > maxLength ? `${plain.slice(0, maxLength - 1)}…` : plain;
}

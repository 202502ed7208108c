/**
 * Reading Altegio response bodies: the `{success, data, meta}` envelope, error messages and field
 * errors (`meta.errors` or top-level `errors`), whatever shape a gateway or API version uses.
 */

export type FieldErrors = Record<string, string[]>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

/** True for an Altegio envelope that reports failure (`success: false`), even under HTTP 200. */
export function isApiFailureBody(body: unknown): boolean {
  return isRecord(body) && body["success"] === false;
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

function messagesOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(messagesOf);
  if (isRecord(value)) return Object.values(value).flatMap(messagesOf);
  return value === null || value === undefined ? [] : [String(value)];
}

function addFieldError(target: FieldErrors, field: string, messages: string[]): void {
  if (messages.length === 0) return;
  target[field] = [...(target[field] ?? []), ...messages];
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
    .replace(/\[([^\]]*)\]/g, ".$1")
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

/** A short, single-line excerpt of a non-JSON body: the text of an HTML page, whitespace collapsed. */
export function bodyExcerptOf(text: string, maxLength = 200): string | null {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text)
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (plain === "") return null;
  return plain.length > maxLength ? `${plain.slice(0, maxLength - 1)}…` : plain;
}

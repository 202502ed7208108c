/**
 * The one place that knows what is secret. Errors, log lines and events only ever carry values
 * that went through these functions.
 *
 * Every pattern here is linear in the text it scans (nothing unbounded in front of a keyword, a
 * quoted value read to its closing quote or 1 024 characters): the text is a server's answer, which
 * may be 1 MB of word characters, and scrubbing must never block the event loop.
 */

export const REDACTED = "[REDACTED]";
/** Stands for whatever is nested deeper than `MAX_REDACTION_DEPTH`: dropped, never passed through unredacted. */
export const TRUNCATED = "[TRUNCATED]";
export const MAX_REDACTION_DEPTH = 32;

const SECRET_KEY = /pass(word|wd)?$|pwd|token|secret|authori[sz]ation|cookie|api[-_]?key|credential|session_?id|sessid|(^|[-_])sid$/i;

/** True for object keys, query parameters and header names whose values must never be shown. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** `target[key] = value` as an own property, whatever the key: a `__proto__` key never becomes a prototype. */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Removes `user:pass@` and masks secret query parameters (`user_token`, `token`, `password`, `pwd`, `sid`, ...). */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(String(url));
  }
  parsed.username = "";
  parsed.password = "";
  for (const key of new Set(parsed.searchParams.keys())) {
    if (isSecretKey(key)) parsed.searchParams.set(key, REDACTED);
  }
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/**
 * Deep copy of a JSON-like value with the values of secret keys masked and strings passed through
 * `scrub` (a `textRedactor`). Keys are copied as own properties; levels deeper than `MAX_REDACTION_DEPTH` become `TRUNCATED`.
 */
export function redactValue(value: unknown, scrub: (text: string) => string): unknown {
  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === "string") return scrub(item);
    // A numeric secret (a two-factor code) may come back as a JSON number: masked when it is all of one.
    if (typeof item === "number" && scrub(String(item)) === REDACTED) return REDACTED;
    if (item === null || typeof item !== "object") return item;
    if (depth >= MAX_REDACTION_DEPTH) return TRUNCATED;
    if (Array.isArray(item)) return item.map((element) => walk(element, depth + 1));
    const copy = {};
    // A key is scrubbed too: a hostile server may echo a password as a field name.
    for (const [key, child] of Object.entries(item)) setOwn(copy, scrub(key), isSecretKey(key) ? REDACTED : walk(child, depth + 1));
    return copy;
  };
  return walk(value, 0);
}

const BEARER_VALUE = /\b(Bearer\s+)[^\s,;"'<>]+(?:(\s*,\s*User\s+)[^\s,;"'<>]+)?/gi;
/** "User" alone is an ordinary word; only mask what looks like a token after it. */
const USER_TOKEN_VALUE = /\b(User\s+)(?=[\w.~+/-]*\d)[\w.~+/-]{16,}=*/g;
/** Found by the key's secret ending alone: what precedes it (`user_`) is never part of what is masked. */
const SECRET_ASSIGNMENT =
  /((?:pass(?:word|wd)?|pwd|token|secret|api[-_]?key|session_?id|sessid|sid)["']?\s*[:=]\s*)("(?:[^"\\]|\\.){0,1024}"?|'[^']{0,1024}'?|[^\s&,;}"'<>]+)/gi;

/** A known secret of this length or more is masked wherever it appears; a shorter one only as a whole word. */
export const MIN_SUBSTRING_SECRET_LENGTH = 4;
/** Masks one form of a known secret (an HTML page's escaped forms are decoded before the excerpt is scrubbed). */
function secretMasker(form: string, wholeWordOnly: boolean): (text: string) => string {
  if (!wholeWordOnly) return (text) => text.replaceAll(form, REDACTED);
  const alone = new RegExp(`(?<![\\p{L}\\p{N}_])${form.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")}(?![\\p{L}\\p{N}_])`, "gu");
  return (text) => text.replace(alone, REDACTED);
}

/** encodeURIComponent throws on a lone surrogate, which a password may hold: no percent form then. */
function percentEncoded(secret: string): string {
  try {
    return encodeURIComponent(secret);
  } catch {
    return secret;
  }
}

/**
 * A secret as a server may echo it: verbatim, percent-encoded (a URL, a form body), and JSON-escaped,
 * also as PHP's `json_encode` writes it (`\/`, `\u00e9`) in a page that quotes JSON.
 */
function formsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const php = json.replaceAll("/", "\\/").replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const form = new URLSearchParams([["", secret]]).toString().slice(1);
  return [secret, percentEncoded(secret), form, json, php];
}

/** `redactText` with its known secrets prepared once, for scrubbing many strings. */
export function textRedactor(knownSecrets: readonly string[] = []): (text: string) => string {
  const forms = new Map<string, boolean>();
  for (const secret of knownSecrets) {
    if (secret === "") continue;
    const wholeWordOnly = secret.length < MIN_SUBSTRING_SECRET_LENGTH;
    // A form two secrets share is masked the stricter way: anywhere, unless both only match whole words.
    for (const form of formsOf(secret)) forms.set(form, (forms.get(form) ?? true) && wholeWordOnly);
  }
  const maskers = [...forms].sort(([a], [b]) => b.length - a.length).map(([form, wholeWordOnly]) => secretMasker(form, wholeWordOnly));
  return (text) =>
    maskers
      .reduce((result, mask) => mask(result), text)
      .replace(BEARER_VALUE, (_match, bearer: string, user: string | undefined) =>
        user === undefined ? `${bearer}${REDACTED}` : `${bearer}${REDACTED}${user}${REDACTED}`,
      )
      .replace(USER_TOKEN_VALUE, (_match, user: string) => `${user}${REDACTED}`)
      .replace(SECRET_ASSIGNMENT, (_match, prefix: string) => `${prefix}${REDACTED}`);
}

/**
 * `text` cut short (a body read to its size limit) with a known secret's first characters at its
 * end masked: the cut may fall inside an echoed secret, which no masker of whole secrets matches.
 * A character split by the cut (decoded as U+FFFD) goes too.
 */
export function maskCutSecret(text: string, knownSecrets: readonly string[]): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === "\uFFFD") end--;
  const kept = text.slice(0, end);
  let cut = 0;
  for (const form of knownSecrets.flatMap(formsOf)) {
    for (let length = Math.min(form.length, end); length > cut; length--) {
      if (kept.endsWith(form.slice(0, length))) cut = length;
    }
  }
  return cut === 0 ? kept : `${kept.slice(0, -cut)}${REDACTED}`;
}

/**
 * Masks credentials inside free text (server messages, HTML error pages): `Bearer x`, `User y`,
 * `"password": "..."`, `user_token=...`, `pwd=...`, plus every `knownSecrets` value, verbatim or
 * HTML-escaped: one of 4 characters or more wherever it appears, a shorter one where it stands alone.
 */
export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  return textRedactor(knownSecrets)(text);
}

/** The raw credentials inside an Altegio `Authorization` value (`Bearer <partner>, User <user>`). */
export function secretsFromAuthorization(value: string | null): string[] {
  if (!value) return [];
  // A token is any printable ASCII but whitespace and commas (checkToken): a `;` is part of it.
  return [...value.matchAll(/\b(?:Bearer|User|Basic)\s+([^\s,]+)/gi)].flatMap((match) => (match[1] ? [match[1]] : []));
}

/** Values of a request URL's secret query parameters (a `user_token` the caller put in the query). */
export function secretsFromUrl(url: string): string[] {
  return [...new URL(url).searchParams].flatMap(([key, value]) => (isSecretKey(key) ? [value] : []));
}

/** The credentials a request carries: the tokens of its `Authorization` header and secret query parameters. */
export function secretsOfRequest(request: Request): string[] {
  return [...secretsFromAuthorization(request.headers.get("Authorization")), ...secretsFromUrl(request.url)];
}

/**
 * String values stored under secret keys of a request body (a login's `password`, its two-factor
 * `code`), to pass as `knownSecrets`.
 */
export function secretValuesOf(value: unknown, depth = 0): string[] {
  if (depth > MAX_REDACTION_DEPTH || value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) =>
    (isSecretKey(key) || key === "code") && typeof item === "string" ? [item] : secretValuesOf(item, depth + 1),
  );
}

/**
 * The one place that knows what is secret. Errors, log lines and events only ever carry values
 * that went through these functions.
 */

export const REDACTED = "[REDACTED]";

const SECRET_KEY = /pass(word|wd)?$|token|secret|authori[sz]ation|cookie|api[-_]?key|credential/i;

/** True for object keys, query parameters and header names whose values must never be shown. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Removes `user:pass@` and masks secret query parameters (`user_token`, `token`, `password`, ...). */
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

/** Deep copy of a JSON-like value with the values of secret keys masked and strings passed through `redactText`. */
export function redactValue(value: unknown, knownSecrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === "string") return redactText(value, knownSecrets);
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, knownSecrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? REDACTED : redactValue(item, knownSecrets, depth + 1);
  }
  return copy;
}

const BEARER_VALUE = /\b(Bearer\s+)[^\s,;"'<>]+(?:(\s*,\s*User\s+)[^\s,;"'<>]+)?/gi;
/** "User" alone is an ordinary word; only mask what looks like a token after it. */
const USER_TOKEN_VALUE = /\b(User\s+)(?=[\w.~+/-]*\d)[\w.~+/-]{16,}=*/g;
const SECRET_ASSIGNMENT =
  /(["']?[\w-]*(?:pass(?:word|wd)?|token|secret|api[-_]?key)["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s&,;}"'<>]+)/gi;

/**
 * Masks credentials inside free text (server messages, HTML error pages): `Bearer x`, `User y`,
 * `"password": "..."`, `user_token=...`, plus any `knownSecrets` verbatim.
 */
export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) result = result.replaceAll(secret, REDACTED);
  }
  return result
    .replace(BEARER_VALUE, (_match, bearer: string, user: string | undefined) =>
      user === undefined ? `${bearer}${REDACTED}` : `${bearer}${REDACTED}${user}${REDACTED}`,
    )
    .replace(USER_TOKEN_VALUE, (_match, user: string) => `${user}${REDACTED}`)
    .replace(SECRET_ASSIGNMENT, (_match, prefix: string) => `${prefix}${REDACTED}`);
}

/** The raw credentials inside an Altegio `Authorization` value (`Bearer <partner>, User <user>`). */
export function secretsFromAuthorization(value: string | null): string[] {
  if (!value) return [];
  return [...value.matchAll(/\b(?:Bearer|User|Basic)\s+([^\s,;]+)/gi)].flatMap((match) => (match[1] ? [match[1]] : []));
}

/** String values stored under secret keys (e.g. the `password` of a login body), to pass as `knownSecrets`. */
export function secretValuesOf(value: unknown, depth = 0): string[] {
  if (depth > 20 || value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) =>
    isSecretKey(key) && typeof item === "string" ? [item] : secretValuesOf(item, depth + 1),
  );
}

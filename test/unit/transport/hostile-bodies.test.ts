import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AltegioApiError, AltegioValidationError, errorFromResponse } from "../../../src/facade/errors.js";

// Error bodies are the server's (or a proxy's, or an attacker's): whatever their keys, depth or size,
// they become a typed error, leak nothing, and cost time linear in their size.

const URL_ = "https://api.example.test/api/v1/records/1";
const SECRET = "NESTED_SECRET_9c2e";

function errorFor(bodyText: string, status = 422, knownSecrets: string[] = []): AltegioApiError {
  return errorFromResponse({ method: "POST", url: URL_, response: new Response(null, { status }), bodyText, knownSecrets });
}

/** `{"level":{"level":…innermost…}}` as text (JSON.stringify itself cannot write 100,000 levels). */
function nested(depth: number, innermost: unknown): string {
  return `${'{"level":'.repeat(depth)}${JSON.stringify(innermost)}${"}".repeat(depth)}`;
}

describe("error bodies with keys named like Object.prototype members", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"])("keeps %s as a field name", (field) => {
    const error = errorFor(`{"success":false,"meta":{"message":"Invalid","errors":{"${field}":["is wrong"],"name":["too short"]}}}`);
    expect(error).toBeInstanceOf(AltegioValidationError);
    expect(Object.getOwnPropertyNames(error.fieldErrors).sort()).toEqual([field, "name"].sort());
    expect(Object.getOwnPropertyDescriptor(error.fieldErrors, field)?.value).toEqual(["is wrong"]);
    expect(Object.getOwnPropertyDescriptor(error.normalizedFieldErrors, field)?.value).toEqual(["is wrong"]);
    expect(Object.getPrototypeOf(error.fieldErrors)).toBe(Object.prototype);
    expect(error.message).toContain(`${field}: is wrong`);
    const meta = (error.body as { meta: { errors: object } }).meta;
    expect(Object.getOwnPropertyDescriptor(meta.errors, field)?.value).toEqual(["is wrong"]);
  });

  it("never lets a __proto__ key become the prototype of error.body", () => {
    const error = errorFor('{"success":false,"__proto__":{"polluted":"yes","password":"x"},"meta":{"message":"m"}}');
    const body = error.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(body["polluted"]).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(body, "__proto__")?.value).toEqual({ polluted: "yes", password: "[REDACTED]" });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(JSON.stringify(error)).toContain('"__proto__":{"polluted":"yes","password":"[REDACTED]"}');
  });
});

describe("deeply nested error bodies", () => {
  const deep = (innermost: unknown): string =>
    `{"success":false,"data":${nested(100_000, innermost)},"meta":{"message":"Deep","errors":{"field":${nested(100_000, "bad")}}}}`;

  it("become a typed error at 100,000 levels, printable in every way", () => {
    const error = errorFor(deep("x"));
    expect(error).toBeInstanceOf(AltegioValidationError);
    expect(error.apiMessage).toBe("Deep");
    expect(() => JSON.stringify(error)).not.toThrow();
    expect(() => inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toThrow();
    expect(JSON.stringify(error)).toContain("[TRUNCATED]");
  });

  it("never pass a secret below the depth cap through unredacted", () => {
    for (const depth of [25, 40, 100_000]) {
      const bodyText = `{"success":false,"data":${nested(depth, { password: SECRET, note: `echo ${SECRET}` })},"meta":[]}`;
      const error = errorFor(bodyText, 401, [SECRET]);
      for (const text of [JSON.stringify(error), inspect(error, { depth: Number.POSITIVE_INFINITY }), String(error)]) {
        expect(text, `depth ${depth}`).not.toContain(SECRET);
      }
    }
  });
});

describe("scrubbing and excerpts cost time linear in the body", () => {
  // Linear code handles 1 MB in milliseconds; the quadratic patterns this replaces needed 13–75 s for
  // 98 KB, so 1 MB would take them hours. The bound is far above the first and far below the second,
  // loaded machine or not.
  const BOUND_MS = 15_000;
  const MB = 1024 * 1024;
  const words = "a".repeat(MB);
  const hostileTexts: Record<string, string> = {
    "word characters": words,
    "key-like words": "user_token_password_secret_".repeat(MB / 27),
    "unclosed quoted values": 'password:"'.repeat(MB / 10),
    "unclosed tags": "<".repeat(MB),
    "unclosed titles and scripts": "<title><script><style>".repeat(MB / 22),
    "bearer and user words": "Bearer User ".repeat(MB / 12),
    brackets: "[".repeat(MB),
  };

  it.each(Object.entries(hostileTexts))("a 1 MB non-JSON 200 body of %s", (_name, text) => {
    const started = performance.now();
    const error = errorFor(text, 200, ["known-secret-1"]);
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(error).toBeInstanceOf(AltegioApiError);
    expect((error.bodyExcerpt ?? "").length).toBeLessThanOrEqual(200);
  });

  /** A distinct key that normalises to "a": "a" then the index in base 3 written with ".", "/" and "[]". */
  const aliasOfA = (index: number): string =>
    `a${index
      .toString(3)
      .padStart(11, "0")
      .replace(/[012]/g, (digit) => [".", "/", "[]"][Number(digit)]!)}`;
  // Appending a field's messages by copying its list made n messages under one field cost n² (25 670
  // JSON:API errors on one pointer took 3.7 s, 49 207 keys normalising to one 45 s).
  it.each([
    [
      "100 000 JSON:API errors on one pointer",
      JSON.stringify({ errors: Array.from({ length: 100_000 }, () => ({ detail: "x", source: { pointer: "/a" } })) }),
    ],
    [
      "60 000 field keys that normalise to one",
      JSON.stringify({
        success: false,
        meta: { errors: Object.fromEntries(Array.from({ length: 60_000 }, (_, index) => [aliasOfA(index), ["x"]])) },
      }),
    ],
  ])("%s", (_name, bodyText) => {
    const started = performance.now();
    const error = errorFor(bodyText, 200, ["known-secret-1"]) as AltegioValidationError;
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(error).toBeInstanceOf(AltegioValidationError);
    expect(Object.values(error.normalizedFieldErrors).flat().length).toBeGreaterThanOrEqual(60_000);
  });

  it.each(Object.entries(hostileTexts))("a 1 MB meta.message and field error of %s", (_name, text) => {
    const bodyText = JSON.stringify({ success: false, meta: { message: text, errors: { [text.slice(0, 100_000)]: [text] } } });
    const started = performance.now();
    const error = errorFor(bodyText, 422, ["known-secret-1"]);
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(error).toBeInstanceOf(AltegioValidationError);
    expect(error.message.length).toBeLessThan(2_000);
  });
});

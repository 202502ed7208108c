import { describe, expect, it } from "vitest";
import {
  AltegioApiError,
  AltegioError,
  AltegioNotFoundError,
  AltegioRateLimitError,
  AltegioServerError,
  AltegioValidationError,
  errorFromResponse,
} from "../../../src/facade/errors.js";
import { isApiFailureBody } from "../../../src/facade/api-body.js";
import { STATUS_ERROR_CASES } from "./status-cases.js";

const URL_ = "https://api.example.test/api/v1/records/42";

function errorFor(status: number, body: unknown, headers: Record<string, string> = {}, method = "GET"): AltegioApiError {
  const bodyText = typeof body === "string" ? body : JSON.stringify(body);
  return errorFromResponse({ method, url: URL_, response: new Response(null, { status, headers }), bodyText });
}

const envelope = (message: string, errors?: Record<string, string[]>): unknown => ({
  success: false,
  data: null,
  meta: errors ? { message, errors } : { message },
});

describe("errorFromResponse", () => {
  it.each(STATUS_ERROR_CASES)("maps HTTP %i to %s", (status, ErrorClass) => {
    const error = errorFor(status, envelope("Something is off"));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(AltegioApiError);
    expect(error).toBeInstanceOf(AltegioError);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
    expect(error.apiMessage).toBe("Something is off");
    expect(error.message).toContain("Something is off");
    expect(error.message).toContain(`HTTP ${status}`);
    expect(String(error)).toMatch(new RegExp(`^${ErrorClass.name}: `));
  });

  it("uses the plain AltegioApiError for other 4xx statuses", () => {
    const error = errorFor(409, envelope("Conflict"));
    expect(error.constructor).toBe(AltegioApiError);
    expect(error.status).toBe(409);
  });

  it("says that a 402 means the location licence expired", () => {
    const error = errorFor(402, envelope("Payment required"));
    expect(error.message).toMatch(/licen[cs]e has expired/);
  });

  it("keeps field errors from meta.errors and offers readable keys", () => {
    const error = errorFor(
      422,
      envelope("Invalid data", { "[date_to]": ["Must be a date"], "staff[0][id]": ["Unknown staff"] }),
      {},
      "POST",
    );
    expect(error).toBeInstanceOf(AltegioValidationError);
    expect(error.fieldErrors).toEqual({ "[date_to]": ["Must be a date"], "staff[0][id]": ["Unknown staff"] });
    expect(error.normalizedFieldErrors).toEqual({ date_to: ["Must be a date"], "staff.0.id": ["Unknown staff"] });
    expect(error.message).toContain("date_to: Must be a date");
    expect(error.method).toBe("POST");
  });

  it("reads top-level errors too, including single strings", () => {
    const error = errorFor(400, { success: false, message: "Bad", errors: { phone: "Wrong format" } });
    expect(error.fieldErrors).toEqual({ phone: ["Wrong format"] });
    expect(error.apiMessage).toBe("Bad");
  });

  it("parses meta as [] or {} alike", () => {
    const withArray = errorFor(404, { success: false, data: null, meta: [] });
    const withObject = errorFor(404, { success: false, data: null, meta: {} });
    for (const error of [withArray, withObject]) {
      expect(error).toBeInstanceOf(AltegioNotFoundError);
      expect(error.apiMessage).toBeNull();
      expect(error.fieldErrors).toEqual({});
    }
  });

  it("keeps AltegioServerError for 5xx: a status past 599 (undici passes any three digits from a broken proxy) is a plain AltegioApiError", () => {
    for (const status of [600, 700, 999]) {
      // The Response constructor refuses such statuses; fetch does not.
      const response = { status, statusText: "Weird", ok: false, headers: new Headers(), url: URL_ } as unknown as Response;
      const error = errorFromResponse({ method: "GET", url: URL_, response, bodyText: "" });
      expect(error).toBeInstanceOf(AltegioApiError);
      expect(error).not.toBeInstanceOf(AltegioServerError);
      expect(error.status).toBe(status);
    }
  });

  it("turns an HTML gateway page into a short excerpt instead of failing to parse it", () => {
    const page =
      "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    const error = errorFor(502, page, { "content-type": "text/html" });
    expect(error).toBeInstanceOf(AltegioServerError);
    expect(error.body).toBeNull();
    expect(error.bodyExcerpt).toBe("502 Bad Gateway");
    expect(error.message).toContain("502 Bad Gateway");
    expect(error.message).not.toContain("<");
  });

  it("cuts long non-JSON bodies short", () => {
    const error = errorFor(500, "x".repeat(5_000));
    expect(error.bodyExcerpt?.length).toBeLessThanOrEqual(200);
  });

  it("handles an empty body", () => {
    const error = errorFor(503, "");
    expect(error.body).toBeNull();
    expect(error.bodyExcerpt).toBeNull();
    expect(error.message).toContain("HTTP 503");
  });

  it("chooses from the body for a 2xx success:false: validation when fields are listed", () => {
    const error = errorFor(200, envelope("Check the form", { email: ["Taken"] }));
    expect(error).toBeInstanceOf(AltegioValidationError);
    expect(error.status).toBe(200);
  });

  it("chooses from the body for a 2xx success:false: a generic API error otherwise", () => {
    const error = errorFor(200, envelope("Record is locked"));
    expect(error.constructor).toBe(AltegioApiError);
    expect(error.status).toBe(200);
    expect(error.message).toContain("Record is locked");
  });

  it("exposes Retry-After of a 429 in milliseconds", () => {
    const error = errorFor(429, envelope("Slow down"), { "retry-after": "7" });
    expect(error).toBeInstanceOf(AltegioRateLimitError);
    expect((error as AltegioRateLimitError).retryAfterMs).toBe(7_000);
  });

  it("reads the request id from the response headers", () => {
    expect(errorFor(500, "", { "x-request-id": "req-123" }).requestId).toBe("req-123");
    expect(errorFor(500, "", { "x-correlation-id": "corr-9" }).requestId).toBe("corr-9");
    expect(errorFor(500, "").requestId).toBeNull();
  });

  it("keeps response headers, except cookies", () => {
    const error = errorFor(500, "", { "x-thing": "1", "set-cookie": "session=abc" });
    expect(error.headers.get("x-thing")).toBe("1");
    expect(error.headers.get("set-cookie")).toBeNull();
  });

  it("strips credentials and token query parameters from the URL", () => {
    const error = errorFromResponse({
      method: "get",
      url: "https://me:pw@api.example.test/api/v1/x?user_token=abc123&count=5",
      response: new Response(null, { status: 404 }),
      bodyText: "",
    });
    expect(error.url).toBe("https://api.example.test/api/v1/x?user_token=[REDACTED]&count=5");
    expect(error.method).toBe("GET");
  });

  it("serialises to JSON with the useful fields", () => {
    const json = JSON.parse(JSON.stringify(errorFor(422, envelope("Bad", { a: ["b"] })))) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: "AltegioValidationError",
      status: 422,
      apiMessage: "Bad",
      method: "GET",
      url: URL_,
      fieldErrors: { a: ["b"] },
    });
  });
});

describe("isApiFailureBody", () => {
  it("recognises only envelopes with success: false", () => {
    expect(isApiFailureBody({ success: false, data: null, meta: [] })).toBe(true);
    expect(isApiFailureBody({ success: true, data: [], meta: [] })).toBe(false);
    expect(isApiFailureBody({ data: [] })).toBe(false);
    expect(isApiFailureBody(null)).toBe(false);
    expect(isApiFailureBody("success:false")).toBe(false);
    expect(isApiFailureBody([{ success: false }])).toBe(false);
  });
});

describe("the public error hierarchy", () => {
  it("exports every error class (main and subpath entries) from one module, each extending AltegioError and named with the Altegio prefix", async () => {
    const publicEntry: Record<string, unknown> = {
      ...(await import("../../../src/index.js")),
      ...(await import("../../../src/webhooks/index.js")),
    };
    const errorsModule: Record<string, unknown> = await import("../../../src/facade/errors.js");
    const publicErrorClasses = Object.entries(publicEntry).filter(
      ([, value]) => typeof value === "function" && value.prototype instanceof Error,
    );
    expect(publicErrorClasses.map(([name]) => name)).toEqual(
      expect.arrayContaining(["AltegioPaginationLoopError", "AltegioWebhookPayloadError"]),
    );
    for (const [exportName, errorClass] of publicErrorClasses) {
      expect(exportName).toMatch(/^Altegio[A-Za-z]*Error$/);
      expect(errorsModule[exportName]).toBe(errorClass);
      expect((errorClass as { prototype: Error }).prototype.name).toBe(exportName);
      if (exportName !== "AltegioError") expect((errorClass as { prototype: unknown }).prototype).toBeInstanceOf(AltegioError);
    }
  });
});

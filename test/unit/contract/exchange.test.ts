import { describe, expect, it } from "vitest";
import { prismRejection, type WireExchange } from "../../contract/exchange.js";

function exchange(overrides: Partial<WireExchange>): WireExchange {
  return {
    url: new URL("http://127.0.0.1/v1/things"),
    authorization: "Bearer p",
    status: 200,
    contentType: "application/vnd.api.v2+json",
    violations: null,
    bodyText: "{}",
    ...overrides,
  };
}

describe("prismRejection", () => {
  it("accepts a plain answer, including a documented error status", () => {
    expect(prismRejection(exchange({}))).toBeNull();
    expect(prismRejection(exchange({ status: 404, bodyText: '{"success":false}' }))).toBeNull();
  });

  it("reports Prism's problem document with its validation messages", () => {
    const problem = {
      type: "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
      title: "Invalid request",
      detail: "Your request is not valid",
      validation: [{ message: "Request body must have required property 'name'" }],
    };
    const rejection = prismRejection(exchange({ status: 422, contentType: "application/problem+json", bodyText: JSON.stringify(problem) }));
    expect(rejection).toBe("Invalid request: Your request is not valid; Request body must have required property 'name'");
  });

  it("does not mistake a server's own problem document for Prism's", () => {
    const body = JSON.stringify({ type: "https://example.com/errors/conflict", title: "Conflict" });
    expect(prismRejection(exchange({ status: 409, contentType: "application/problem+json", bodyText: body }))).toBeNull();
  });

  it("reports request violations Prism lists in sl-violations when it answers with a documented response", () => {
    const violations = JSON.stringify([
      { location: ["request", "query"], severity: "Error", message: "Request query must have required property 'from'" },
      { location: ["response", "body"], severity: "Error", message: "Response body must have required property 'id'" },
    ]);
    expect(prismRejection(exchange({ status: 422, violations }))).toBe(
      "request violations: Request query must have required property 'from'",
    );
  });

  it("ignores violations of the mock's own response", () => {
    const violations = JSON.stringify([{ location: ["response", "body", "data"], message: "must be object" }]);
    expect(prismRejection(exchange({ violations }))).toBeNull();
  });

  it("treats a 401 as rejected credentials", () => {
    expect(prismRejection(exchange({ status: 401 }))).toMatch(/credentials/);
  });
});

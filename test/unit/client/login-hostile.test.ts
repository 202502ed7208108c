import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  AltegioApiError,
  AltegioAuthenticationError,
  AltegioConfigurationError,
  AltegioServerError,
  AltegioValidationError,
} from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, rejectionOf, useFaultServer } from "./harness.js";

// A hostile or careless server echoing credentials in forms other than verbatim, and caller
// token functions that fail: each case leaked a secret or escaped untyped before its fix.

const server = useFaultServer();
const PASSWORD = 'p@ss/w"rd é42!';
const credentials = { login: "owner@example.com", password: PASSWORD };

function renderings(error: unknown): string {
  return [String(error), JSON.stringify(error), inspect(error, { depth: 20, showHidden: true })].join("\n");
}

const get = (client = clientFor(server())) => client.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } });

describe("a login password echoed in another form", () => {
  it("percent-encoded or form-encoded, in an HTML page, a header and a redirect's Location", async () => {
    const percent = encodeURIComponent(PASSWORD);
    const form = new URLSearchParams([["q", PASSWORD]]).toString().slice(2);
    server().enqueue(
      faults.respond(500, `<html><body>Login failed for ${percent} (${form})</body></html>`, { "x-echo": percent }),
      faults.respond(302, "", { location: `https://alteg.io/login?retry=${form}` }),
    );
    const client = clientFor(server(), { retry: false });
    const page = await rejectionOf(client.login(credentials), AltegioServerError);
    expect(page.bodyExcerpt).toBe("Login failed for [REDACTED] ([REDACTED])");
    const redirect = await rejectionOf(client.login(credentials), AltegioApiError);
    for (const error of [page, redirect]) {
      for (const secret of [PASSWORD, percent, form]) expect(renderings(error), `leak of ${secret}`).not.toContain(secret);
    }
  });

  it("JSON-escaped (PHP's json_encode escapes / and non-ASCII too), in an HTML page and a header", async () => {
    const json = JSON.stringify(PASSWORD).slice(1, -1);
    const php = json.replaceAll("/", "\\/").replace("é", "\\u00e9");
    server().enqueue(faults.respond(500, `<html><body><pre>{"hint":"${json}","echo":"${php}"}</pre></body></html>`, { "x-echo": php }));
    const error = await rejectionOf(clientFor(server(), { retry: false }).login(credentials), AltegioServerError);
    expect(error.bodyExcerpt).toBe('{"hint":"[REDACTED]","echo":"[REDACTED]"}');
    for (const secret of [json, php]) expect(renderings(error), `leak of ${secret}`).not.toContain(secret);
  });

  it("as a field name of the error body", async () => {
    server().enqueue(
      faults.json({ success: false, data: { [PASSWORD]: true }, meta: { message: "Invalid", errors: { [PASSWORD]: ["is wrong"] } } }, 422),
    );
    const error = await rejectionOf(clientFor(server()).login(credentials), AltegioValidationError);
    expect(error.fieldErrors).toEqual({ "[REDACTED]": ["is wrong"] });
    expect(renderings(error)).not.toContain(PASSWORD);
  });
});

describe("a two-factor code echoed as a JSON number", () => {
  it("is masked in the error body", async () => {
    server().enqueue(
      faults.json({ success: true, data: { uuid: "u-1", attempts_left: 2 }, meta: [] }),
      faults.json({ success: false, data: { code: 482913, attempts_left: 1 }, meta: { message: "Invalid code" } }, 401),
    );
    const result = await clientFor(server()).login(credentials);
    if (result.status !== "two-factor-required") throw new Error("expected a challenge");
    const error = await rejectionOf(result.confirm("482913"), AltegioAuthenticationError);
    expect(error.body).toMatchObject({ data: { code: "[REDACTED]", attempts_left: 1 } });
    expect(renderings(error)).not.toContain("482913");
  });
});

describe("a token with a semicolon", () => {
  it("is scrubbed whole from an echo, not only up to the semicolon", async () => {
    const partnerToken = "part;ner-secret-token";
    server().enqueue(faults.failure(`Token ${partnerToken} is invalid`, undefined, 401));
    const error = await rejectionOf(get(clientFor(server(), { partnerToken })), AltegioApiError);
    expect(error.apiMessage).toBe("Token [REDACTED] is invalid");
    expect(renderings(error)).not.toContain("ner-secret-token");
  });
});

describe("a two-factor challenge with its numbers as strings", () => {
  it('reads attempts_left: "3" as 3', async () => {
    server().enqueue(
      faults.json({ success: true, data: { uuid: "u-1", transport: { recipient: "+1***75" }, attempts_left: "3" }, meta: [] }),
    );
    const result = await clientFor(server()).login(credentials);
    if (result.status !== "two-factor-required") throw new Error("expected a challenge");
    expect(result.challenge.attemptsLeft).toBe(3);
  });

  it("reads an attempts_left that is no count (negative, fractional, not finite) as unknown", async () => {
    for (const attempts of [-1, 1.5, 1e21, "-2"]) {
      server().enqueue(faults.json({ success: true, data: { uuid: "u-1", attempts_left: attempts }, meta: [] }));
      const result = await clientFor(server()).login(credentials);
      if (result.status !== "two-factor-required") throw new Error("expected a challenge");
      expect(result.challenge.attemptsLeft, String(attempts)).toBeNull();
    }
  });
});

describe("a token function that fails", () => {
  it("throws or rejects as an AltegioConfigurationError holding the failure as cause; nothing is sent", async () => {
    const failure = new Error("vault unavailable");
    for (const userToken of [
      () => {
        throw failure;
      },
      () => Promise.reject(failure),
    ]) {
      const error = await rejectionOf(get(clientFor(server(), { userToken })), AltegioConfigurationError);
      expect(error.message).toContain("The userToken function");
      expect(error.cause).toBe(failure);
    }
    const partner = await rejectionOf(
      get(clientFor(server(), { partnerToken: async () => Promise.reject(failure), userToken: "user-token" })),
      AltegioConfigurationError,
    );
    expect(partner.message).toContain("The partnerToken function");
    expect(server().requests).toHaveLength(0);
  });
});

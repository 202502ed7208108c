import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AltegioApiError, AltegioAuthenticationError, AltegioConnectionError, AltegioServerError } from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, PARTNER, rejectionOf, useFaultServer } from "./harness.js";

// Every way a credential the request carried can come back in an error: escaped in an HTML page,
// too short for substring masking, in the query, in the status line or headers, in a custom fetch's
// own error, or as the two-factor code.

const server = useFaultServer();
const USER_TOKEN = "query-user-token-5d1e";

function renderings(error: unknown): string[] {
  return [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), (error as Error).stack ?? ""];
}

function expectAbsent(error: unknown, secrets: readonly string[]): void {
  for (const text of renderings(error)) {
    for (const secret of secrets) expect(text, `leak of ${secret}`).not.toContain(secret);
  }
}

const get = (client = clientFor(server())) => client.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } });

describe("credentials scrubbed from errors", () => {
  it("a password HTML-escaped in an error page, and an escaped assignment of an unknown one", async () => {
    const password = `p&ss"w<rd>'9`;
    const escaped = "p&amp;ss&quot;w&lt;rd&gt;&#039;9";
    server().enqueue(
      faults.respond(500, `<html><body><p>Login failed: ${escaped} / p&#38;ss&#x22;w&#60;rd&#62;&#39;9</p></body></html>`),
      faults.respond(500, "<html><body><pre>{&quot;password&quot;: &quot;unknown-secret-77&quot;}</pre></body></html>"),
    );
    const client = clientFor(server(), { retry: false });
    const echoed = await rejectionOf(client.login({ login: "owner@example.com", password }), AltegioServerError);
    expect(echoed.bodyExcerpt).toBe("Login failed: [REDACTED] / [REDACTED]");
    expectAbsent(echoed, [password, escaped, "p&amp;ss", "w&lt;rd"]);
    const assignment = await rejectionOf(get(client), AltegioServerError);
    expect(assignment.bodyExcerpt).toContain('"password": [REDACTED]');
    expectAbsent(assignment, ["unknown-secret-77"]);
  });

  it("a password shorter than 4 characters where it stands alone, and not inside other words", async () => {
    server().enqueue(faults.failure("Password ab1 is wrong (tab1e ab12 ab1)", { password: ["ab1"] }, 422));
    const error = await rejectionOf(clientFor(server()).login({ login: "owner@example.com", password: "ab1" }), AltegioApiError);
    expect(error.apiMessage).toBe("Password [REDACTED] is wrong (tab1e ab12 [REDACTED])");
    expect(error.fieldErrors).toEqual({ password: ["[REDACTED]"] });
    expect(renderings(error).join(" ")).not.toMatch(/(?<![\w])ab1(?![\w])/);
  });

  it("a user_token the caller put in the query and the server echoed in a message", async () => {
    server().enqueue(faults.failure(`Token ${USER_TOKEN} has expired`, undefined, 401));
    const client = clientFor(server());
    const error = await rejectionOf(
      client.v1.get("/company/{location_id}", { params: { path: { location_id: 1 }, query: { user_token: USER_TOKEN } as never } }),
      AltegioAuthenticationError,
    );
    expect(server().requests[0]?.url).toContain(USER_TOKEN);
    expect(error.apiMessage).toBe("Token [REDACTED] has expired");
    expectAbsent(error, [USER_TOKEN]);
  });

  it("statusText and response headers", async () => {
    const user = "status-line-user-token";
    server().enqueue(
      faults.respond(401, "", {
        "x-echo": `Bearer ${PARTNER}, User ${user}`,
        "x-api-key": "header-api-key-1234",
        "x-debug": `received user_token=${user}`,
        "x-request-id": "req-7",
      }),
    );
    const error = await rejectionOf(get(clientFor(server(), { userToken: user })), AltegioAuthenticationError);
    expect(error.headers.get("x-api-key")).toBe("[REDACTED]");
    expect(error.headers.get("x-request-id")).toBe("req-7");
    expectAbsent(error, [user, PARTNER, "header-api-key-1234"]);
    expectAbsent([...error.headers].join(" "), [user, PARTNER, "header-api-key-1234"]);

    const statusError = (await import("../../../src/facade/errors.js")).errorFromResponse({
      method: "GET",
      url: "https://api.example.test/x",
      response: new Response(null, { status: 401, statusText: `Bad token ${user}` }),
      bodyText: "",
      knownSecrets: [user],
    });
    expect(statusError.statusText).toBe("Bad token [REDACTED]");
    expectAbsent(statusError, [user]);
  });

  it("query names pwd, sessionid, sid and PHPSESSID, in the URL and in text", async () => {
    const query = "pwd=pwd-secret-1&sessionid=session-secret-2&sid=sid-secret-3&PHPSESSID=php-secret-4&page=2";
    const { redactText, redactUrl } = await import("../../../src/facade/redact.js");
    for (const text of [redactUrl(`https://api.example.test/x?${query}`), redactText(`GET /x?${query} failed`)]) {
      for (const secret of ["pwd-secret-1", "session-secret-2", "sid-secret-3", "php-secret-4"]) expect(text).not.toContain(secret);
      expect(text).toContain("page=2");
    }
  });

  it("the cause a custom fetch threw, with the URL and its query in its message", async () => {
    const query = `user_token=${USER_TOKEN}&pwd=cause-pwd-9`;
    const altegio = clientFor(server(), {
      retry: false,
      fetch: async (request) => {
        throw Object.assign(new Error(`connect ECONNREFUSED while fetching ${request.url}`), {
          code: "ECONNREFUSED",
          url: request.url,
          // a chain deeper than the copy goes: what is past it is cut, never kept as thrown
          cause: [1, 2, 3, 4, 5].reduce<unknown>(
            (inner, level) => new Error(`level ${level} for ${request.url}`, { cause: inner }),
            `socket for ${request.url}`,
          ),
        });
      },
    });
    const error = await rejectionOf(
      altegio.v1.get("/company/{location_id}", {
        params: { path: { location_id: 1 }, query: { user_token: USER_TOKEN, pwd: "cause-pwd-9" } as never },
      }),
      AltegioConnectionError,
    );
    const cause = error.cause as Error & { code?: string; url?: string };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.code).toBe("ECONNREFUSED");
    expect(cause.message).toContain("connect ECONNREFUSED while fetching");
    expectAbsent(error, [USER_TOKEN, "cause-pwd-9", query]);
    expectAbsent([cause.message, cause.stack, cause.url, (cause.cause as Error).message].join(" "), [USER_TOKEN, "cause-pwd-9"]);
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).toContain("level 5 for");
  });

  it("a cause that is not an Error (a plain object, or an object field of one) is a scrubbed copy", async () => {
    const altegio = clientFor(server(), {
      retry: false,
      fetch: async (request) => {
        throw Object.assign(new Error("connect failed"), {
          token: PARTNER,
          request: { url: request.url, headers: { authorization: `Bearer ${PARTNER}` } },
          cause: { url: request.url, password: "plain-cause-pass" },
        });
      },
    });
    const error = await rejectionOf(
      altegio.v1.get("/company/{location_id}", {
        params: { path: { location_id: 1 }, query: { user_token: USER_TOKEN } as never },
      }),
      AltegioConnectionError,
    );
    const cause = error.cause as Error & { request?: { url?: string }; cause?: { url?: string } };
    expect(cause.request?.url).toContain("/company/1");
    expect(cause.cause?.url).toContain("/company/1");
    expectAbsent(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }), [USER_TOKEN, PARTNER, "plain-cause-pass"]);
  });

  it("the two-factor confirmation code", async () => {
    const code = "482913";
    server().enqueue(
      faults.json({ success: true, data: { uuid: "u-1", attempts_left: 2 }, meta: [] }),
      faults.json({ success: false, data: { code }, meta: { message: `Code ${code} is not valid` } }, 401),
    );
    const result = await clientFor(server()).login({ login: "owner@example.com", password: "correct-horse" });
    if (result.status !== "two-factor-required") throw new Error("expected a challenge");
    const error = await rejectionOf(result.confirm(code), AltegioAuthenticationError);
    expect(server().requests[1]?.text).toContain(code);
    expect(error.apiMessage).toBe("Code [REDACTED] is not valid");
    expectAbsent(error, [code]);
  });
});

import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  AltegioAbortError,
  AltegioConnectionError,
  AltegioError,
  AltegioTimeoutError,
  errorFromResponse,
} from "../../../src/facade/errors.js";
import { redactText, redactUrl, secretsFromAuthorization, secretValuesOf } from "../../../src/facade/redact.js";
import { createTransport } from "../../../src/facade/transport.js";
import { faults } from "../../helpers/fault-server.js";
import { useFaultServer } from "../../helpers/fault-server-hooks.js";
import { rejectionOf } from "../../helpers/rejection.js";

const PARTNER = "PARTNER_SECRET_8f3a";
const USER = "USER_SECRET_77c1";
const PASSWORD = "PASSWORD_SECRET_c0ffee";
const SECRETS = [PARTNER, USER, PASSWORD];
const AUTHORIZATION = `Bearer ${PARTNER}, User ${USER}`;

const server = useFaultServer();

/** Every way an error can end up in a log or a bug report. */
function renderings(error: unknown): string[] {
  const asError = error as Error;
  return [asError.message, String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), asError.stack ?? ""];
}

function expectNoSecrets(texts: readonly string[]): void {
  for (const text of texts) {
    for (const secret of SECRETS) expect(text, `leak of ${secret}`).not.toContain(secret);
  }
}

describe("secrets never leak", () => {
  it("from errors and log lines of a failing login", async () => {
    const logLines: string[] = [];
    const log = (message: string, data?: Record<string, unknown>): void =>
      void logLines.push(`${message} ${JSON.stringify(data)} ${inspect(data, { depth: 10 })}`);
    const events: string[] = [];
    const hook = (event: unknown): void => void events.push(JSON.stringify(event), inspect(event, { depth: 10 }));
    const transport = createTransport({
      rateLimiter: null,
      // generous: the first request of a file on a loaded machine can take a few hundred ms
      timeoutMs: 1_500,
      retry: { baseDelayMs: 1, maxDelayMs: 2, retryNonIdempotent: true },
      logger: { debug: log, info: log, warn: log, error: log },
      hooks: { onRequest: hook, onResponse: hook, onRetry: hook, onError: hook, onRateLimitWait: hook },
    });
    const loginRequest = (query = ""): Request =>
      new Request(`${server().url}/api/v1/auth?user_token=${USER}${query}`, {
        method: "POST",
        headers: { authorization: AUTHORIZATION, "content-type": "application/json" },
        body: JSON.stringify({ login: "someone@example.test", password: PASSWORD }),
      });

    const errors: unknown[] = [];

    const echoPage = faults.respond(502, `<html><title>502</title><body>Authorization: ${AUTHORIZATION}</body></html>`);
    const failures = [
      // the server echoes what it received, in JSON and in an HTML page (502 is retried: 3 attempts)
      [
        faults.json(
          {
            success: false,
            data: { login: "someone@example.test", password: PASSWORD, user_token: USER },
            meta: { message: `Bad credentials for ${AUTHORIZATION}`, errors: { password: [`${PASSWORD} is wrong`] } },
          },
          401,
        ),
      ],
      [echoPage, echoPage, echoPage],
      [faults.failure(`Token ${PARTNER} rejected`, { "[user_token]": [`${USER} expired`] })],
    ];
    for (const answers of failures) {
      server().enqueue(...answers);
      const request = loginRequest();
      const sentBody: unknown = JSON.parse(await request.clone().text());
      const response = await transport(request, undefined);
      errors.push(
        errorFromResponse({
          method: request.method,
          url: request.url,
          response,
          bodyText: await response.text(),
          knownSecrets: [...secretsFromAuthorization(request.headers.get("authorization")), ...secretValuesOf(sentBody)],
        }),
      );
    }

    server().enqueue(faults.drop(), faults.drop(), faults.drop());
    errors.push(await rejectionOf(transport(loginRequest()), AltegioConnectionError));
    server().enqueue(faults.hang(), faults.hang(), faults.hang());
    errors.push(await rejectionOf(transport(loginRequest()), AltegioTimeoutError));
    const controller = new AbortController();
    server().enqueue(faults.hang());
    const aborted = transport(new Request(loginRequest(), { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    errors.push(await rejectionOf(aborted, AltegioAbortError));

    expect(errors.map((error) => (error as Error).name)).toEqual([
      "AltegioAuthenticationError",
      "AltegioServerError",
      "AltegioValidationError",
      "AltegioConnectionError",
      "AltegioTimeoutError",
      "AltegioAbortError",
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AltegioError);
      expectNoSecrets(renderings(error));
    }
    expect(logLines.length).toBeGreaterThan(10);
    expect(events.length).toBeGreaterThan(10);
    expectNoSecrets(logLines);
    expectNoSecrets(events);
    // the request really carried the secrets, so the test would notice a leak
    expect(server().requests[0]?.headers.authorization).toBe(AUTHORIZATION);
    expect(server().requests[0]?.text).toContain(PASSWORD);
  });

  it("from URLs with credentials or token parameters", () => {
    const url = `https://me:${PASSWORD}@api.example.test/x?user_token=${USER}&partner_token=${PARTNER}&password=${PASSWORD}&page=1`;
    expectNoSecrets([redactUrl(url)]);
    expect(redactUrl(url)).toContain("page=1");
  });

  it("from free text, while leaving ordinary words alone", () => {
    expectNoSecrets([redactText(`Authorization: ${AUTHORIZATION}; {"password": "${PASSWORD}"}; user_token=${USER}`)]);
    expect(redactText("User not found")).toBe("User not found");
  });
});

describe("redactText with secrets whose echoed forms coincide", () => {
  it("masks a shared form anywhere when one of the secrets is long enough to be masked anywhere", () => {
    // "é" is short (masked only as a whole word); its percent form is the whole of a long secret.
    for (const secrets of [
      ["%C3%A9", "é"],
      ["é", "%C3%A9"],
    ]) {
      expect(redactText("x%C3%A9y", secrets), secrets.join(" ")).not.toContain("%C3%A9");
    }
  });
});

/**
 * Tokens go into the Authorization header: a token with a line break, NUL or a non-Latin-1 character
 * must become a typed error that names the token and never shows it — not a TypeError from
 * `Headers.set` that prints both tokens. Surrounding whitespace (a token file's final newline) is trimmed.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AltegioConfigurationError, AltegioError, createAltegioClient } from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, header, PARTNER, rejectionOf, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();
const SECRET_PART = "SECRET9f3a";

/** Every way an error is commonly printed. */
function printed(error: unknown): string {
  return [String(error), (error as Error).message, JSON.stringify(error), inspect(error)].join("\n");
}

function expectNoSecret(error: unknown): void {
  expect(printed(error)).not.toContain(SECRET_PART);
  expect(printed(error)).not.toContain(PARTNER);
  expect(printed(error)).not.toContain(USER);
}

const BAD_TOKENS: [string, string][] = [
  ["a line feed inside", `abc\n${SECRET_PART}`],
  ["a CRLF and a header inside", `abc\r\nX-Injected: ${SECRET_PART}`],
  ["a NUL", `abc\u0000${SECRET_PART}`],
  ["a character outside Latin-1", `abc\u20ac${SECRET_PART}`],
  ["a Cyrillic character", `токен${SECRET_PART}`],
  ["a space inside", `abc ${SECRET_PART}`],
  ["a comma (it would split the Authorization value)", `abc,${SECRET_PART}`],
];

describe("token characters", () => {
  it("trims the newline a token file ends with, for both tokens, and sends them", async () => {
    const altegio = clientFor(server(), { partnerToken: `${PARTNER}\n`, userToken: `  ${USER}\r\n` });
    await altegio.v1.get("/staff/{location_id}", { params: { path: { location_id: 1 } } });
    expect(header(server(), 0, "authorization")).toBe(`Bearer ${PARTNER}, User ${USER}`);
  });

  it.each(BAD_TOKENS)("rejects a partner token with %s at creation, naming it but not showing it", (_, token) => {
    const error = (() => {
      try {
        createAltegioClient({ partnerToken: token, userToken: USER, baseUrl: server().url });
      } catch (thrown) {
        return thrown;
      }
      throw new Error("createAltegioClient accepted the token");
    })();
    expect(error).toBeInstanceOf(AltegioConfigurationError);
    expect((error as Error).message).toMatch(/partnerToken contains .* at position \d+/);
    expectNoSecret(error);
  });

  it.each(BAD_TOKENS)("rejects a user token with %s from the option and from withUserToken", (_, token) => {
    expect(() => createAltegioClient({ partnerToken: PARTNER, userToken: token })).toThrow(/userToken contains/);
    expect(() => createAltegioClient({ partnerToken: PARTNER }).withUserToken(token)).toThrow(AltegioConfigurationError);
    try {
      createAltegioClient({ partnerToken: PARTNER }).withUserToken(token);
    } catch (error) {
      expectNoSecret(error);
    }
  });

  it("rejects a whitespace-only token as missing", () => {
    expect(() => createAltegioClient({ partnerToken: " \n" })).toThrow(/partnerToken is required/);
  });

  it("checks what a token function returns on every request, before anything is sent", async () => {
    let userToken = USER;
    const altegio = clientFor(server(), { partnerToken: () => `${PARTNER}\n`, userToken: async () => userToken });
    await altegio.v1.get("/staff/{location_id}", { params: { path: { location_id: 1 } } });
    expect(header(server(), 0, "authorization")).toBe(`Bearer ${PARTNER}, User ${USER}`);

    userToken = `rotated\r\n${SECRET_PART}`;
    const dataError = await rejectionOf(
      altegio.v1.get("/staff/{location_id}", { params: { path: { location_id: 1 } } }),
      AltegioConfigurationError,
    );
    const rawError = await rejectionOf(
      altegio.v1.GET("/staff/{location_id}", { params: { path: { location_id: 1 } } }),
      AltegioConfigurationError,
    );
    for (const error of [dataError, rawError]) {
      expect(error.message).toMatch(/The userToken function contains a line break \(CR\) at position 8/);
      expect(error.method).toBe("GET");
      expectNoSecret(error);
    }
    expect(server().requests).toHaveLength(1);
  });

  it("rejects a token function that resolves to something other than a string", async () => {
    const altegio = clientFor(server(), { partnerToken: (() => 42) as unknown as () => string });
    const error = await rejectionOf(altegio.v1.get("/companies"), AltegioConfigurationError);
    expect(error.message).toMatch(/partnerToken function must resolve to a string or undefined \(got number\)/);
    expect(server().requests).toHaveLength(0);
  });

  it("trims a user_token that POST /auth returns with CRLF, and sends it clean", async () => {
    server().enqueue(faults.json({ success: true, data: { id: 1, user_token: "fresh-user-token\r\n" }, meta: [] }, 201));
    const result = await clientFor(server()).login({ login: "owner@example.com", password: "pw-1234" });
    if (result.status !== "authenticated") throw new Error(`unexpected outcome ${result.status}`);
    expect(result.userToken).toBe("fresh-user-token");
    await result.client.v1.get("/staff/{location_id}", { params: { path: { location_id: 1 } } });
    expect(header(server(), 1, "authorization")).toBe(`Bearer ${PARTNER}, User fresh-user-token`);
  });

  it("turns a user_token with a line break inside into an AltegioError that does not show it", async () => {
    server().enqueue(faults.json({ success: true, data: { id: 1, user_token: `fresh\r\n${SECRET_PART}` }, meta: [] }, 201));
    const error = await rejectionOf(clientFor(server()).login({ login: "owner@example.com", password: "pw-1234" }), AltegioError);
    expect(error.message).toMatch(/user_token of the POST \/auth answer contains a line break \(CR\)/);
    expectNoSecret(error);
  });
});

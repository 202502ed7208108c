import { describe, expect, it } from "vitest";
import {
  AltegioAuthenticationError,
  AltegioConfigurationError,
  AltegioError,
  AltegioMissingUserTokenError,
  type AltegioLogger,
} from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, header, PARTNER, rejectionOf, useFaultServer } from "./harness.js";

const server = useFaultServer();
const PASSWORD = "correct-horse-battery";
const user = { id: 123456, user_token: "fresh-user-token", name: "James Smith", email: "owner@example.com" };

describe("login", () => {
  it("posts the credentials with the partner token and returns a client bound to the user token", async () => {
    const altegio = clientFor(server());
    server().enqueue(faults.json({ success: true, data: user, meta: [] }, 201));
    const result = await altegio.login({ login: "owner@example.com", password: PASSWORD });

    expect(server().requests[0]).toMatchObject({ method: "POST", url: "/v1/auth" });
    expect(JSON.parse(server().requests[0]!.text)).toEqual({ login: "owner@example.com", password: PASSWORD });
    expect(header(server(), 0, "authorization")).toBe(`Bearer ${PARTNER}`);
    expect(header(server(), 0, "content-type")).toBe("application/json");

    if (result.status !== "authenticated") throw new Error(`unexpected outcome ${result.status}`);
    expect(result.userToken).toBe("fresh-user-token");
    expect(result.user).toMatchObject({ id: 123456, name: "James Smith" });

    await result.client.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } });
    expect(header(server(), 1, "authorization")).toBe(`Bearer ${PARTNER}, User fresh-user-token`);

    // the client login was called on is unchanged
    expect(altegio.hasUserToken).toBe(false);
    await expect(altegio.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } })).rejects.toBeInstanceOf(
      AltegioMissingUserTokenError,
    );
    expect(server().requests).toHaveLength(2);
  });

  it("returns a two-factor outcome when the API answers with a challenge instead of a token", async () => {
    server().enqueue(
      faults.json({
        success: true,
        data: { uuid: "c0ffee-42", flow: "sms", transport: { type: "sms", recipient: "+1***75" }, attempts_left: 3 },
        meta: [],
      }),
    );
    const result = await clientFor(server()).login({ login: "owner@example.com", password: PASSWORD });
    expect(result.status).toBe("two-factor-required");
    if (result.status !== "two-factor-required") return;
    expect(result.challenge.uuid).toBe("c0ffee-42");
    expect(result.challenge.details).toMatchObject({ flow: "sms", attempts_left: 3 });
  });

  it("throws the typed API error for a wrong password, without the password in it", async () => {
    server().enqueue(faults.json({ success: false, data: null, meta: { message: "Incorrect login or password" } }, 401));
    const error = await rejectionOf(clientFor(server()).login({ login: "owner@example.com", password: PASSWORD }));
    expect(error).toBeInstanceOf(AltegioAuthenticationError);
    if (!(error instanceof AltegioAuthenticationError)) return;
    expect(error.apiMessage).toBe("Incorrect login or password");
    expect(`${error.message}${JSON.stringify(error.toJSON())}`).not.toContain(PASSWORD);
  });

  it("rejects an answer with neither token nor challenge", async () => {
    server().enqueue(faults.ok({ id: 1, name: "Nobody" }));
    const error = await rejectionOf(clientFor(server()).login({ login: "owner@example.com", password: PASSWORD }));
    expect(error).toBeInstanceOf(AltegioError);
    expect((error as Error).message).toContain("neither a user token nor a two-factor challenge");
  });

  it("checks the credentials before sending anything", async () => {
    const altegio = clientFor(server());
    await expect(altegio.login({ login: "owner@example.com", password: "" })).rejects.toBeInstanceOf(AltegioConfigurationError);
    await expect(altegio.login({ login: "", password: PASSWORD })).rejects.toBeInstanceOf(AltegioConfigurationError);
    expect(server().requests).toHaveLength(0);
  });

  it("never hands the password or the new token to the logger", async () => {
    const lines: unknown[] = [];
    const record = (message: string, data?: Record<string, unknown>) => void lines.push({ message, data });
    const logger: AltegioLogger = { debug: record, info: record, warn: record, error: record };
    server().enqueue(faults.json({ success: true, data: user, meta: [] }, 201));
    const result = await clientFor(server(), { logger }).login({ login: "owner@example.com", password: PASSWORD });
    expect(result.status).toBe("authenticated");
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
    expect(JSON.stringify(lines)).not.toContain(user.user_token);
  });
});

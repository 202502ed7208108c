import { describe, expect, it } from "vitest";
import { AltegioAuthenticationError, AltegioConfigurationError } from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, header, PARTNER, rejectionOf, useFaultServer } from "./harness.js";

// The challenge and confirmation shapes are not in the spec: they follow what a working integration
// observed (POST /auth answering { uuid, transport: { recipient }, attempts_left }, confirmed by
// POST /auth with { login, password, code, uuid }).

const server = useFaultServer();
const PASSWORD = "correct-horse-battery";
const credentials = { login: "owner@example.com", password: PASSWORD };
const challenge = (attemptsLeft: number) =>
  faults.json({
    success: true,
    data: { uuid: "c0ffee-42", transport: { type: "sms", recipient: "+1***75" }, attempts_left: attemptsLeft },
    meta: [],
  });
const bodyOf = (index: number): unknown => JSON.parse(server().requests[index]?.text ?? "null");

describe("two-factor login", () => {
  it("returns the challenge with uuid, recipient and attempts left, and confirms it with the code", async () => {
    server().enqueue(challenge(3), faults.json({ success: true, data: { id: 1, user_token: "fresh-user-token" }, meta: [] }, 201));
    const result = await clientFor(server()).login(credentials);
    if (result.status !== "two-factor-required") throw new Error(`unexpected outcome ${result.status}`);
    expect(result.challenge).toMatchObject({ uuid: "c0ffee-42", recipient: "+1***75", attemptsLeft: 3 });

    const confirmed = await result.confirm("123456");
    if (confirmed.status !== "authenticated") throw new Error(`unexpected outcome ${confirmed.status}`);
    expect(confirmed.userToken).toBe("fresh-user-token");
    expect(server().requests.map((request) => [request.method, request.url])).toEqual([
      ["POST", "/v1/auth"],
      ["POST", "/v1/auth"],
    ]);
    expect(bodyOf(1)).toEqual({ ...credentials, code: "123456", uuid: "c0ffee-42" });
    expect(header(server(), 1, "authorization")).toBe(`Bearer ${PARTNER}`);

    await confirmed.client.v1.getTeamMember({ location_id: 1, team_member_id: 2 });
    expect(header(server(), 2, "authorization")).toBe(`Bearer ${PARTNER}, User fresh-user-token`);
  });

  it("gives a new challenge when the API answers a wrong code with one, and the API's error otherwise", async () => {
    server().enqueue(challenge(3), challenge(2), faults.json({ success: false, data: null, meta: { message: "Invalid code" } }, 401));
    const first = await clientFor(server()).login(credentials);
    if (first.status !== "two-factor-required") throw new Error("expected a challenge");
    const second = await first.confirm("000000");
    if (second.status !== "two-factor-required") throw new Error("expected a second challenge");
    expect(second.challenge.attemptsLeft).toBe(2);
    const error = await rejectionOf(second.confirm("111111"));
    expect(error).toBeInstanceOf(AltegioAuthenticationError);
    expect(String(error)).not.toContain(PASSWORD);
  });

  it("confirms from stored challenge data too: login({ login, password, code, uuid })", async () => {
    server().enqueue(faults.json({ success: true, data: { user_token: "t" }, meta: [] }));
    const result = await clientFor(server()).login({ ...credentials, code: "123456", uuid: "c0ffee-42" });
    expect(result.status).toBe("authenticated");
    expect(bodyOf(0)).toEqual({ ...credentials, code: "123456", uuid: "c0ffee-42" });
  });

  it("refuses half a confirmation before sending anything", async () => {
    const altegio = clientFor(server());
    await expect(altegio.login({ ...credentials, code: "123456" })).rejects.toBeInstanceOf(AltegioConfigurationError);
    await expect(altegio.login({ ...credentials, uuid: "c0ffee-42" })).rejects.toBeInstanceOf(AltegioConfigurationError);
    expect(server().requests).toHaveLength(0);
  });
});

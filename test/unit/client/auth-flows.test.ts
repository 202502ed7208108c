import { describe, expect, it } from "vitest";
import { AltegioAbortError, AltegioServerError } from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, rejectionOf, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();
const credentials = { login: "owner@example.com", password: "correct-horse-battery" };
const retryingPosts = { retry: { retryNonIdempotent: true, baseDelayMs: 1, maxDelayMs: 2 } };

/** The call's outcome, or "pending" if it has not settled within `ms` (a hang). */
const settled = (promise: Promise<unknown>, ms = 1_000): Promise<unknown> =>
  Promise.race([promise.catch((error: unknown) => error), new Promise((resolve) => setTimeout(resolve, ms, "pending"))]);

describe("POST /auth is sent once", () => {
  it("even on a client that retries POSTs: a login or a 2FA confirmation may have been processed", async () => {
    server().enqueue(faults.status(503), faults.json({ success: true, data: { user_token: "fresh" }, meta: [] }));
    const altegio = clientFor(server(), retryingPosts);
    expect(await rejectionOf(altegio.login(credentials))).toBeInstanceOf(AltegioServerError);
    expect(server().requests).toHaveLength(1);

    server().reset();
    server().enqueue(faults.ok({ uuid: "c0ffee-42", attempts_left: 3 }), faults.status(502), faults.ok({ user_token: "fresh" }));
    const challenge = await altegio.login(credentials);
    if (challenge.status !== "two-factor-required") throw new Error("expected a challenge");
    expect(await rejectionOf(challenge.confirm("123456"))).toBeInstanceOf(AltegioServerError);
    expect(server().requests).toHaveLength(2);
  });
});

describe("a token function that never settles", () => {
  it("does not hang a call its caller aborts; nothing is sent", async () => {
    const never = () => new Promise<string>(() => undefined);
    const calls = [
      (signal: AbortSignal) =>
        clientFor(server(), { userToken: never }).v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } }, signal }),
      (signal: AbortSignal) => clientFor(server(), { partnerToken: never, userToken: USER }).v1.get("/companies", { signal }),
      (signal: AbortSignal) => clientFor(server(), { partnerToken: never }).login(credentials, { signal }),
    ];
    for (const call of calls) {
      const controller = new AbortController();
      const outcome = settled(call(controller.signal));
      const reason = new Error("user left");
      setTimeout(() => controller.abort(reason), 5);
      const error = await outcome;
      expect(error).toBeInstanceOf(AltegioAbortError);
      expect((error as AltegioAbortError).cause).toBe(reason);
    }
    expect(server().requests).toHaveLength(0);
  });
});

import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AltegioValidationError, createAltegioClient } from "../../../src/index.js";
import { faults, startFaultServer, type FaultServer } from "../../helpers/fault-server.js";

// Servers echo what they were sent ("wrong password: <password>"): what a request carried in its body
// must be scrubbed from the error just like the tokens in its headers.

const PARTNER = "partner-secret-1";
const PASSWORD = "Hunter2-password-secret";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

describe("a password echoed back by the server", () => {
  it("appears nowhere in the error login throws", async () => {
    server.enqueue(faults.failure(`Wrong credentials for owner@example.com / ${PASSWORD}`, { password: [`${PASSWORD} is wrong`] }, 422));
    const altegio = createAltegioClient({ partnerToken: PARTNER, baseUrl: server.url, rateLimit: false, retry: false });
    const error = await altegio.login({ login: "owner@example.com", password: PASSWORD }).then(
      () => expect.unreachable("login must fail"),
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AltegioValidationError);
    expect(server.requests.at(-1)?.text).toContain(PASSWORD); // it was sent, and echoed…
    const renderings = [
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      (error as Error).stack ?? "",
    ];
    for (const text of renderings) {
      expect(text).not.toContain(PASSWORD); // …but the error never shows it
      expect(text).not.toContain(PARTNER);
    }
    expect((error as AltegioValidationError).apiMessage).toContain("Wrong credentials");
  });
});

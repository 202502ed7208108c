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

describe("a token a caller's per-request middleware put on the request", () => {
  it("is scrubbed from a data method's error, as the request was sent after that middleware", async () => {
    const delegated = "delegated-user-secret-9";
    server.enqueue(faults.failure(`Token ${delegated} has expired`, undefined, 422));
    const altegio = createAltegioClient({ partnerToken: PARTNER, baseUrl: server.url, rateLimit: false, retry: false });
    const withDelegatedToken = {
      onRequest({ request }: { request: Request }) {
        const headers = new Headers(request.headers);
        headers.set("Authorization", `Bearer ${PARTNER}, User ${delegated}`);
        return new Request(request, { headers });
      },
    };
    const error = await altegio.v1
      .get("/company/{location_id}", { params: { path: { location_id: 1 } }, middleware: [withDelegatedToken] })
      .then(
        () => expect.unreachable("the call must fail"),
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(AltegioValidationError);
    expect(server.requests.at(-1)?.headers.authorization).toContain(delegated); // the middleware ran, and the server echoed…
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })]) {
      expect(text).not.toContain(delegated); // …but the error never shows it
    }
    expect((error as AltegioValidationError).apiMessage).toContain("has expired");
  });
});

/** Shared set-up for the client tests: clients pointed at the fault server (the server hooks live in test/helpers/). */
import { createAltegioClient, type AltegioClient, type AltegioClientOptions } from "../../../src/index.js";
import type { FaultServer } from "../../helpers/fault-server.js";

export { header, useFaultServer } from "../../helpers/fault-server-hooks.js";
export { rejectionOf } from "../../helpers/rejection.js";

export const PARTNER = "partner-secret-token";
export const USER = "user-secret-token";

/** A client against `server`, with fast retries and no rate limiting unless the test says otherwise. */
export function clientFor(server: FaultServer, options: Partial<AltegioClientOptions> = {}): AltegioClient {
  return createAltegioClient({
    partnerToken: PARTNER,
    baseUrl: server.url,
    rateLimit: false,
    timeoutMs: 2_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

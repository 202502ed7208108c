/** Shared set-up for the client tests: one fault server, and clients pointed at it. */
import { afterAll, afterEach, beforeAll } from "vitest";
import { createAltegioClient, type AltegioClient, type AltegioClientOptions } from "../../../src/index.js";
import { startFaultServer, type FaultServer } from "../../helpers/fault-server.js";

export const PARTNER = "partner-secret-token";
export const USER = "user-secret-token";

/** Starts a fault server for the calling test file; `get()` returns it inside tests. */
export function useFaultServer(): () => FaultServer {
  let server: FaultServer | undefined;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server?.reset());
  afterAll(() => server?.close());
  return () => {
    if (!server) throw new Error("fault server not started");
    return server;
  };
}

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

export function header(server: FaultServer, index: number, name: string): string | undefined {
  const value = server.requests[index]?.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The rejection of `promise`; fails the test when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!outcome.rejected) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

/** Vitest wiring around the fault server: one server per test file, and what tests read from it. */
import { afterAll, afterEach, beforeAll } from "vitest";
import { startFaultServer, type FaultServer } from "./fault-server.js";

/** Starts a fault server for the calling test file (reset after each test); `get()` returns it inside tests. */
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

/** A header of the `index`-th request the server received; repeated headers joined as on one line. */
export function header(server: FaultServer, index: number, name: string): string | undefined {
  const value = server.requests[index]?.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

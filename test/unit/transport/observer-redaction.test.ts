/** What hooks and loggers receive never holds a credential, even one the server echoes back. */
import { describe, expect, it } from "vitest";
import { createAltegioClient } from "../../../src/index.js";

const PARTNER = "partner-secret-token-1234";
const USER = "user-secret-token-5678";

describe("a request id that echoes a credential", () => {
  it("reaches onResponse and the debug log masked", async () => {
    const events: unknown[] = [];
    const lines: unknown[] = [];
    const altegio = createAltegioClient({
      partnerToken: PARTNER,
      userToken: USER,
      rateLimit: false,
      retry: false,
      fetch: async () =>
        Response.json({ success: true, data: { id: 1 }, meta: [] }, { headers: { "x-request-id": `req-7 ${PARTNER}/${USER}` } }),
      hooks: { onResponse: (event) => void events.push(event) },
      logger: { debug: (...args: unknown[]) => void lines.push(args) },
    });
    await altegio.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } });
    expect(events).toHaveLength(1);
    const seen = JSON.stringify([events, lines]);
    expect(seen).toContain("req-7");
    expect(seen).not.toContain(PARTNER);
    expect(seen).not.toContain(USER);
  });
});

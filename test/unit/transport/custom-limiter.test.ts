import { describe, expect, it } from "vitest";
import type { RateLimiter } from "../../../src/facade/rate-limiter.js";
import { createTransport } from "../../../src/facade/transport.js";

describe("a custom rate limiter from JavaScript", () => {
  it("may return nothing from acquire, also when the caller passes a signal (it goes at once)", async () => {
    const sent: string[] = [];
    const transport = createTransport({
      rateLimiter: { acquire() {} } as unknown as RateLimiter,
      retry: false,
      fetch: async (request: Request) => {
        sent.push(request.url);
        return new Response("{}", { headers: { "content-type": "application/json" } });
      },
    });
    const controller = new AbortController();
    const response = await transport(new Request("http://127.0.0.1:9/x", { signal: controller.signal }));
    expect(response.status).toBe(200);
    expect(sent).toEqual(["http://127.0.0.1:9/x"]);
  });
});

/** The public client as the Prism suites use it: pointed at the mocks, no rate limiting, no retries. */
import { inject } from "vitest";
import { createAltegioClient, type AltegioClient, type AltegioClientOptions } from "../../src/index.js";

export const PRISM_PARTNER_TOKEN = "partner-token";
export const PRISM_USER_TOKEN = "user-token";

/** A client with the partner token only; pass `userToken` (or anything else) to override. */
export function prismClient(options: Partial<AltegioClientOptions> = {}): AltegioClient {
  return createAltegioClient({
    partnerToken: PRISM_PARTNER_TOKEN,
    baseUrl: inject("prismBaseUrl"),
    rateLimit: false,
    retry: false,
    ...options,
  });
}

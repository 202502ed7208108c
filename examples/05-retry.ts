/** Retries: 429/502/503/504 and network errors on idempotent requests are retried with backoff. */
import { createAltegioClient } from "../src/index.js";
import type { Example } from "./context.js";

export const retryExample: Example = {
  title: "A retry (local server failing twice, then answering)",
  async run(context) {
    const altegio = createAltegioClient({
      partnerToken: "demo-partner-token",
      baseUrl: context.flakyBaseUrl,
      retry: { retries: 3, baseDelayMs: 200 },
      hooks: {
        onRetry: (event) => context.print(`attempt ${event.attempt} got ${event.status ?? event.reason}; retrying in ${event.delayMs} ms`),
      },
    });
    const started = performance.now();
    const company = await altegio.v1.get("/company/{location_id}", { params: { path: { location_id: context.locationId } } });
    context.print(`succeeded after ${Math.round(performance.now() - started)} ms: ${company.data?.title ?? "?"}`);
  },
};

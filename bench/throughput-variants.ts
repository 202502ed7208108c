/** The throughput bench's variants and targets, apart from the clients themselves (docs and tests read them). */

export const BASELINE = "openapi-fetch";

/**
 * The baseline measured against itself (a second client of the same code): its ratio's distance from
 * 1.00 and its quartiles are what the bench cannot tell apart in that run.
 */
export const CONTROL = "openapi-fetch again (control: a second client, same code)";

/** Variant names with the target (minimum paired ratio against the baseline) each must meet, if any. */
export const THROUGHPUT_TARGETS: Readonly<Record<string, number | null>> = {
  [CONTROL]: null,
  "bare fetch (no timeout, no retries)": null,
  "SDK GET()": 0.97,
  "SDK get() (data or throw)": 0.95,
  "naive openapi-fetch + AbortSignal.timeout + retry loop": null,
  ofetch: null,
  axios: null,
  ky: null,
  got: null,
};

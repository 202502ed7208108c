/** The throughput bench's variants and targets, apart from the clients themselves (docs and tests read them). */

export const BASELINE = "openapi-fetch";

/** Variant names with the target (minimum paired ratio against the baseline) each must meet, if any. */
export const THROUGHPUT_TARGETS: Readonly<Record<string, number | null>> = {
  "bare fetch (no timeout, no retries)": null,
  "SDK GET()": 0.97,
  "SDK get() (data or throw)": 0.95,
  "naive openapi-fetch + AbortSignal.timeout + retry loop": null,
  ofetch: null,
  axios: null,
  ky: null,
  got: null,
};

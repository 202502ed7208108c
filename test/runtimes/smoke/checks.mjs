// The smoke checks every runtime runs against the local stub (test/runtimes/stub.ts). Plain
// JavaScript on purpose: Node, Bun and Deno run it as is, and esbuild bundles it for workerd.
// Each check resolves to a detail string or throws; `runChecks` reports one outcome per check.

/** @param {typeof import("altegio-sdk")} sdk */
export function smokeChecks(sdk, baseUrl, runtime) {
  const client = (options = {}) =>
    sdk.createAltegioClient({
      partnerToken: "smoke-partner",
      userToken: "smoke-user",
      baseUrl,
      headers: { "x-smoke-runtime": runtime },
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      ...options,
    });
  const company = (id) => ({ params: { path: { location_id: id } } });
  const expectError = async (promise, ErrorClass) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ErrorClass) return `${error.name}: ${error.message}`;
      throw new Error(`expected ${ErrorClass.name}, got ${error?.name}: ${error?.message}`);
    }
    throw new Error(`expected ${ErrorClass.name}, got a result`);
  };
  const equal = (actual, expected, what) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    }
  };

  return {
    "data GET": async () => {
      const data = await client().v1.get("/company/{location_id}", company(1));
      equal(data?.data?.title, "Smoke salon", "title");
      return "title read";
    },
    "raw GET stream": async () => {
      const { data, response } = await client().v1.GET("/company/{location_id}", { ...company(1), parseAs: "stream" });
      equal(response.status, 200, "status");
      if (data === null || data === undefined || typeof data.getReader !== "function") {
        throw new Error(`parseAs "stream" gave ${data === null ? "null" : typeof data}, not a ReadableStream`);
      }
      const body = JSON.parse(await new Response(data).text());
      equal(body.data.title, "Smoke salon", "streamed title");
      return "stream read";
    },
    "retried 503": async () => {
      const attempts = [];
      const data = await client({ hooks: { onRequest: (event) => attempts.push(event.attempt) } }).v1.get(
        "/company/{location_id}",
        company(503),
      );
      equal(attempts, [1, 2], "attempts");
      equal(data?.data?.id, 503, "id");
      return "503, then 200";
    },
    "paginate 3 pages": async () => {
      const pages = [];
      for await (const page of client().v1.paginate("/companies", {}, { pageSize: 2 }).pages()) {
        pages.push(page.items.map((item) => item.id));
      }
      equal(pages, [[1, 2], [3, 4], [5]], "pages");
      return "5 items in 3 pages";
    },
    unwrap: async () => {
      const document = await client().v2.get("/locations/{location_id}/services/{service_id}", {
        params: { path: { location_id: 1, service_id: 7 } },
      });
      const { data } = sdk.unwrap(document);
      equal({ id: data.id, type: data.type, title: data.title }, { id: "7", type: "service", title: "Cut" }, "unwrapped");
      return "JSON:API resource unwrapped";
    },
    "typed 404": () => expectError(client().v1.get("/company/{location_id}", company(404)), sdk.AltegioNotFoundError),
    timeout: () =>
      expectError(client({ timeoutMs: 300, retry: false }).v1.get("/company/{location_id}", company(408)), sdk.AltegioTimeoutError),
    abort: () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      return expectError(
        client({ retry: false }).v1.get("/company/{location_id}", { ...company(408), signal: controller.signal }),
        sdk.AltegioAbortError,
      );
    },
  };
}

/** Runs every check in turn; one `{ check, ok, detail }` per check. */
export async function runChecks(checks) {
  const outcomes = [];
  for (const [check, run] of Object.entries(checks)) {
    try {
      outcomes.push({ check, ok: true, detail: String(await run()) });
    } catch (error) {
      outcomes.push({ check, ok: false, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  return outcomes;
}

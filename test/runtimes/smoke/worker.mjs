// Cloudflare workerd: bundled with esbuild; the driver asks `/run` for the checks, and
// `/across?n=...` from several concurrent requests sharing one module-level client.
import * as sdk from "altegio-sdk";
import { runChecks, smokeChecks } from "./checks.mjs";

let shared;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/run") {
      return Response.json(await runChecks(smokeChecks(sdk, env.STUB_URL, "workerd")));
    }
    if (url.pathname === "/across") {
      // One client kept across requests, its limiter letting one request go per 300 ms: later
      // requests wait in its queue while the request that started the queue ends.
      shared ??= sdk.createAltegioClient({
        partnerToken: "smoke-partner",
        baseUrl: env.STUB_URL,
        rateLimit: { limits: [{ requests: 1, perMs: 300 }] },
        headers: { "x-smoke-runtime": "workerd-across" },
      });
      const data = await shared.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } });
      return Response.json({ n: url.searchParams.get("n"), title: data?.data?.title ?? null });
    }
    return new Response("not found", { status: 404 });
  },
};

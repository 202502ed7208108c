/**
 * The local Altegio stand-in the runtime smoke checks talk to (127.0.0.1 only). Each runtime sends
 * `x-smoke-runtime`, so the "503 once, then 200" answer is per runtime.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Stub {
  /** Base URL to give the SDK (`${url}/v1/...`). */
  readonly url: string;
  close(): Promise<void>;
}

const COMPANIES = [1, 2, 3, 4, 5].map((id) => ({ id, title: `Company ${id}` }));

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

export async function startStub(): Promise<Stub> {
  const failedOnce = new Set<string>();
  const route = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const runtime = String(request.headers["x-smoke-runtime"] ?? "");
    const company = /^\/api\/v1\/company\/(\d+)$/.exec(url.pathname)?.[1];
    if (company === "1") return send(response, 200, { success: true, data: { id: 1, title: "Smoke salon" }, meta: [] });
    if (company === "404") return send(response, 404, { success: false, data: null, meta: { message: "Location not found" } });
    if (company === "503") {
      if (!failedOnce.has(runtime)) {
        failedOnce.add(runtime);
        return send(response, 503, { success: false, data: null, meta: { message: "try again" } });
      }
      return send(response, 200, { success: true, data: { id: 503 }, meta: [] });
    }
    if (company === "408") {
      const timer = setTimeout(() => send(response, 200, { success: true, data: { id: 408 }, meta: [] }), 3_000);
      response.on("close", () => clearTimeout(timer));
      return;
    }
    if (url.pathname === "/api/v1/companies") {
      const page = Number(url.searchParams.get("page") ?? 1);
      const count = Number(url.searchParams.get("count") ?? 100);
      return send(response, 200, { success: true, data: COMPANIES.slice((page - 1) * count, page * count), meta: [] });
    }
    if (url.pathname === "/api/v2/locations/1/services/7") {
      return send(response, 200, { data: { type: "service", id: "7", attributes: { title: "Cut" } } });
    }
    send(response, 404, { success: false, data: null, meta: { message: `no stub for ${url.pathname}` } });
  };
  const server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

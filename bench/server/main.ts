/**
 * The HTTP server the benchmarks call, run in its own process (see bench/lib/bench-server.ts) so
 * its work never counts against the client being measured. Loopback only.
 *
 *   small    any request → a small Altegio v1 envelope
 *   pages    GET …?page=&limit= → a v2 JSON:API page of `total` appointments, 2 relationships each
 *   limited  enforces `limits` (sliding windows on arrival time): 200, or 429 once a window is full;
 *            GET /__stats → { arrivals: [ms of every request…], rejected }
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RateLimit } from "../../src/facade/rate-limiter.js";

export type BenchServerConfig = { mode: "small" } | { mode: "pages"; total: number } | { mode: "limited"; limits: readonly RateLimit[] };

const SMALL_BODY = JSON.stringify({
  success: true,
  data: { id: 4564, title: "Bench location", country_id: 1, city_id: 2, timezone: 3, phone: "+10000000000" },
  meta: [],
});

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  response.end(body);
}

function appointmentPage(url: URL, total: number): string {
  const page = Math.max(1, Number(url.searchParams.get("page") ?? "1"));
  const limit = Math.max(1, Number(url.searchParams.get("limit") ?? "25"));
  const first = (page - 1) * limit;
  const count = Math.max(0, Math.min(limit, total - first));
  const data = [];
  const clients = new Map<number, unknown>();
  for (let i = 0; i < count; i++) {
    const id = first + i + 1;
    const clientId = id % 97;
    data.push({
      type: "appointment",
      id: String(id),
      attributes: {
        datetime: "2026-01-01T10:00:00+00:00",
        length: 3600,
        comment: `appointment ${id}`,
        attendance: 0,
        cost: 1500 + (id % 10),
      },
      relationships: {
        client: { data: { type: "client", id: String(clientId) } },
        staff: { data: { type: "staff", id: String(id % 7) } },
      },
    });
    clients.set(clientId, { type: "client", id: String(clientId), attributes: { name: `Client ${clientId}` } });
  }
  return JSON.stringify({ data, included: [...clients.values()], meta: { page, limit } });
}

function createLimitedHandler(limits: readonly RateLimit[]) {
  const longest = Math.max(...limits.map((limit) => limit.perMs));
  const log: number[] = [];
  const arrivals: number[] = [];
  let rejected = 0;
  return (request: IncomingMessage, response: ServerResponse): void => {
    if (request.url === "/__stats") return send(response, 200, JSON.stringify({ arrivals, rejected }));
    const now = performance.now();
    arrivals.push(now);
    while (log.length > 0 && log[0]! <= now - longest) log.shift();
    const full = limits.some(({ requests, perMs }) => log.filter((time) => time > now - perMs).length >= requests);
    if (full) {
      rejected++;
      return send(response, 429, JSON.stringify({ success: false, data: null, meta: { message: "Too many requests" } }), {
        "retry-after": "1",
      });
    }
    log.push(now);
    send(response, 200, SMALL_BODY);
  };
}

function handlerFor(config: BenchServerConfig): (request: IncomingMessage, response: ServerResponse) => void {
  switch (config.mode) {
    case "small":
      return (_request, response) => send(response, 200, SMALL_BODY);
    case "pages":
      return (request, response) => send(response, 200, appointmentPage(new URL(request.url ?? "/", "http://x"), config.total));
    case "limited":
      return createLimitedHandler(config.limits);
  }
}

const config = JSON.parse(process.argv[2] ?? "{}") as BenchServerConfig;
const handle = handlerFor(config);
const server = createServer((request, response) => {
  // Drain any body so keep-alive connections stay usable.
  request.resume();
  request.on("end", () => handle(request, response));
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});

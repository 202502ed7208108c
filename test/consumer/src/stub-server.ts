/**
 * A tiny stand-in for the Altegio API on 127.0.0.1: just the routes main.ts calls, answering in
 * Altegio's formats (v1 envelopes, v2 JSON:API) and recording each request's auth header.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const PARTNER_TOKEN = "consumer-partner-token";
export const USER_TOKEN = "consumer-user-token";
export const LOCATION_ID = 4564;
export const APPOINTMENTS = 510;

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly accept: string | undefined;
  readonly authorization: string | undefined;
}

export interface StubServer {
  readonly url: string;
  readonly seen: readonly SeenRequest[];
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown };

const ok = (data: unknown): Reply => ({ status: 200, body: { success: true, data, meta: [] } });
const failure = (status: number, message: string): Reply => ({ status, body: { success: false, data: null, meta: { message } } });

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.on("end", () => resolve(text));
    request.on("error", reject);
  });
}

function appointments(url: URL): Reply {
  const page = Number(url.searchParams.get("page") ?? "1");
  const limit = Number(url.searchParams.get("limit") ?? "25");
  const first = (page - 1) * limit;
  const count = Math.max(0, Math.min(limit, APPOINTMENTS - first));
  const data = Array.from({ length: count }, (_, index) => ({
    type: "appointment",
    id: String(first + index + 1),
    attributes: { datetime: "2026-01-01T10:00:00+00:00", length: 3600 },
  }));
  return { status: 200, body: { data } };
}

const SERVICES = {
  data: [
    {
      type: "service",
      id: "100",
      attributes: { title: "Haircut", category_id: 5 },
      relationships: { resources: { data: [{ type: "resource", id: "7" }] } },
    },
    {
      type: "service",
      id: "101",
      attributes: { title: "Colouring", category_id: 5 },
      relationships: { resources: { data: [] } },
    },
  ],
  included: [{ type: "resource", id: "7", attributes: { title: "Chair 1" } }],
};

export async function startStubServer(): Promise<StubServer> {
  const seen: SeenRequest[] = [];
  let flakyAttempts = 0;

  const route = async (request: IncomingMessage, url: URL): Promise<Reply> => {
    const key = `${request.method} ${url.pathname}`;
    if (key === "POST /v1/auth") {
      const body = JSON.parse(await readBody(request)) as { login?: unknown; password?: unknown };
      return body.password === "right" ? ok({ id: 1, name: "Consumer", user_token: USER_TOKEN }) : failure(401, "Wrong login or password");
    }
    if (key === `GET /v1/company/${LOCATION_ID}`) return ok({ id: LOCATION_ID, title: "Consumer location" });
    if (key === "GET /v1/company/404") return failure(404, "Location not found");
    if (key === "GET /v1/company/503") {
      flakyAttempts++;
      return flakyAttempts === 1 ? failure(503, "Try again") : ok({ id: 503, title: "Recovered location" });
    }
    if (key === `GET /v2/locations/${LOCATION_ID}/services`) return { status: 200, body: SERVICES };
    if (key === `GET /v2/locations/${LOCATION_ID}/appointments`) return appointments(url);
    return failure(404, `stub has no route for ${key}`);
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    seen.push({
      method: request.method ?? "",
      path: url.pathname,
      accept: request.headers.accept,
      authorization: request.headers.authorization,
    });
    void route(request, url).then(({ status, body }) => {
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A scriptable HTTP server on 127.0.0.1 for transport/client tests: queue answers (statuses, HTML
 * gateway pages, failure envelopes, slow or missing answers, dropped connections) and inspect every
 * request it received.
 *
 *   const server = await startFaultServer();           // afterAll(() => server.close())
 *   server.enqueue(faults.status(503), faults.json({ success: true, data: 1, meta: [] }));
 *   await fetch(`${server.url}/x`); ...
 *   expect(server.requests).toHaveLength(2);
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingMessage["headers"];
  /** Raw body bytes, for byte-for-byte comparisons. */
  body: Buffer;
  /** The body decoded as UTF-8. */
  text: string;
  /** `performance.now()` when the request arrived, to measure gaps between attempts. */
  receivedAt: number;
}

export type FaultAction =
  | { kind: "respond"; status: number; body: string; headers: Record<string, string>; delayMs: number }
  /** Never answers (until the server closes). */
  | { kind: "hang" }
  /** Destroys the socket without answering. */
  | { kind: "drop" }
  /** Sends status and headers, then part of the body, and never finishes it. */
  | { kind: "stall-body"; status: number; partialBody: string }
  /** Sends status and headers, then part of the body, then destroys the socket. */
  | { kind: "drop-body"; status: number; partialBody: string }
  /** Sends the body in chunks (`Transfer-Encoding: chunked`, no `Content-Length`). */
  | { kind: "chunked"; status: number; chunks: readonly string[]; headers: Record<string, string> };

export type FaultHandler = (request: RecordedRequest) => FaultAction;

const NGINX_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

function respond(status: number, body: string, headers: Record<string, string> = {}, delayMs = 0): FaultAction {
  return { kind: "respond", status, body, headers, delayMs };
}

/** Ready-made answers. */
export const faults = {
  respond,
  json: (body: unknown, status = 200, headers: Record<string, string> = {}): FaultAction =>
    respond(status, JSON.stringify(body), { "content-type": "application/json", ...headers }),
  /** An Altegio success envelope. */
  ok: (data: unknown = null, meta: unknown = []): FaultAction => faults.json({ success: true, data, meta }),
  /** An Altegio failure envelope; `status` defaults to 200 because Altegio does that too. */
  failure: (message: string, errors?: Record<string, string[]>, status = 200): FaultAction =>
    faults.json({ success: false, data: null, meta: errors ? { message, errors } : { message } }, status),
  status: (status: number, headers: Record<string, string> = {}): FaultAction =>
    faults.json({ success: false, data: null, meta: { message: `status ${status}` } }, status, headers),
  /** 429 with `Retry-After` as given (seconds, or an HTTP-date string). */
  rateLimited: (retryAfter: number | string): FaultAction =>
    faults.json({ success: false, data: null, meta: { message: "Too many requests" } }, 429, {
      "retry-after": String(retryAfter),
    }),
  /** The page nginx serves when the upstream is down. */
  html502: (): FaultAction => respond(502, NGINX_502, { "content-type": "text/html" }),
  slow: (delayMs: number, action: FaultAction): FaultAction => (action.kind === "respond" ? { ...action, delayMs } : action),
  hang: (): FaultAction => ({ kind: "hang" }),
  drop: (): FaultAction => ({ kind: "drop" }),
  stallBody: (status = 200, partialBody = '{"success":'): FaultAction => ({ kind: "stall-body", status, partialBody }),
  dropBody: (status = 200, partialBody = '{"success":'): FaultAction => ({ kind: "drop-body", status, partialBody }),
  chunked: (chunks: readonly string[], status = 200, headers: Record<string, string> = {}): FaultAction => ({
    kind: "chunked",
    status,
    chunks,
    headers: { "content-type": "application/json", ...headers },
  }),
};

export interface FaultServer {
  /** Base URL, e.g. `http://127.0.0.1:53211`. */
  readonly url: string;
  /** Every request received since start or the last `reset()`, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Answers for the next requests, used in order. */
  enqueue(...actions: FaultAction[]): void;
  /** What to answer once the queue is empty (default: an Altegio success envelope). */
  setFallback(handler: FaultHandler): void;
  /** Clears recorded requests, the queue and the fallback. */
  reset(): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

const defaultFallback: FaultHandler = () => faults.ok({ ok: true });

export async function startFaultServer(): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const queue: FaultAction[] = [];
  const sockets = new Set<Socket>();
  const pendingTimers = new Set<ReturnType<typeof setTimeout>>();
  let fallback = defaultFallback;

  const play = (action: FaultAction, response: ServerResponse): void => {
    switch (action.kind) {
      case "hang":
        return;
      case "drop":
        response.socket?.destroy();
        return;
      case "stall-body":
        response.writeHead(action.status, { "content-type": "application/json" });
        response.write(action.partialBody);
        return;
      case "drop-body":
        response.writeHead(action.status, { "content-type": "application/json", "content-length": "100000" });
        response.write(action.partialBody, () => setTimeout(() => response.socket?.destroy(), 20));
        return;
      case "chunked":
        response.writeHead(action.status, action.headers);
        for (const chunk of action.chunks) response.write(chunk);
        response.end();
        return;
      case "respond": {
        const send = (): void => {
          if (response.destroyed) return;
          response.writeHead(action.status, action.headers);
          response.end(action.body);
        };
        if (action.delayMs <= 0) return send();
        const timer = setTimeout(() => {
          pendingTimers.delete(timer);
          send();
        }, action.delayMs);
        pendingTimers.add(timer);
      }
    }
  };

  const server = createServer((request, response) => {
    const receivedAt = performance.now();
    void readBody(request).then((body) => {
      const recorded: RecordedRequest = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body,
        text: body.toString("utf8"),
        receivedAt,
      };
      requests.push(recorded);
      play(queue.shift() ?? fallback(recorded), response);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...actions) => void queue.push(...actions),
    setFallback: (handler) => {
      fallback = handler;
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      fallback = defaultFallback;
    },
    close: async () => {
      for (const timer of pendingTimers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** The webhook handler for `node:http` (and Express, Fastify's raw mode, ... anything giving a request and a response). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { textOf } from "../facade/response-body.js";
import { answerOf, createWebhookReceiver, type WebhookHandlerOptions } from "./receiver.js";

export type NodeWebhookHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const CONSUMED = "the body was read by a middleware before this handler and not left on request.body";

/** What a middleware that read the body first (express.json(), express.raw(), express.text()) left on the request. */
function bodyLeftBy(request: IncomingMessage): string | undefined {
  const body: unknown = (request as { body?: unknown }).body;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return textOf(body);
  try {
    return typeof body === "object" && body !== null ? JSON.stringify(body) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads at most `limit` bytes; `null` when the body has more (the rest is not read). */
function readLimited(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    // Its "end" has gone by: the body, if anywhere, is where the middleware that read it left it.
    if (request.readableEnded) {
      const text = bodyLeftBy(request);
      if (text === undefined) reject(new Error(CONSUMED));
      else resolve(Buffer.byteLength(text) > limit ? null : text);
      return;
    }
    // A request closed before (or while) it is read emits no "end", and no "error" when destroyed without one.
    if (request.destroyed) {
      reject(new Error("the request was closed before its body was read"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (data: Buffer | string): void => {
      // strings after a middleware's request.setEncoding("utf8")
      const chunk = typeof data === "string" ? Buffer.from(data) : data;
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        request.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      // Decoded as the Fetch handler decodes (a UTF-8 byte order mark dropped; Buffer#toString keeps it).
      resolve(textOf(Buffer.concat(chunks)));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => onError(new Error("the request was closed before its body was read"));
    const cleanup = (): void => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("close", onClose);
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("close", onClose);
  });
}

function firstHeader(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

export function createNodeWebhookHandler(options: WebhookHandlerOptions): NodeWebhookHandler {
  const receiver = createWebhookReceiver(options);
  return async (request, response) => {
    const length = firstHeader(request.headers["content-length"]);
    let outcome;
    try {
      outcome = await receiver.receive({
        method: request.method ?? "GET",
        url: new URL(request.url ?? "/", "http://webhook.invalid"),
        authorization: firstHeader(request.headers.authorization),
        declaredLength: length !== null && /^\d+$/.test(length) ? Number(length) : null,
        readBody: (limit) => readLimited(request, limit),
      });
    } catch {
      // A delivery whose body another handler took answers why, so the logs show it; else the client went away while sending.
      if (request.readableEnded && !response.headersSent) {
        response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: CONSUMED }));
      } else response.destroy();
      return;
    }
    const { status, body } = answerOf(outcome);
    // A refused request may still be sending: close the connection instead of reading the rest.
    const close = outcome.kind === "rejected" && !request.complete;
    response.writeHead(status, { "content-type": "application/json", ...(close ? { connection: "close" } : {}) });
    response.end(body);
    if (close) response.once("finish", () => request.destroy());
    if (outcome.kind === "accepted") await receiver.dispatch(outcome.event);
  };
}

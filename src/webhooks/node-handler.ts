/** The webhook handler for `node:http` (and Express, Fastify's raw mode, ... anything giving a request and a response). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { textOf } from "../facade/response-body.js";
import { answerOf, createWebhookReceiver, type WebhookHandlerOptions } from "./receiver.js";

export type NodeWebhookHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Reads at most `limit` bytes; `null` when the body has more (the rest is not read). */
function readLimited(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
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
      // the client went away while sending (or the body was already read by someone else)
      response.destroy();
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

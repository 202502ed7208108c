/** The webhook handler for the Fetch API: `Request` → `Response` (Node, Bun, Deno, Cloudflare Workers). */
import { textOf } from "../facade/response-body.js";
import { answerOf, createWebhookReceiver, type WebhookHandlerOptions } from "./receiver.js";

/** What the platform offers to keep work alive after the answer (Workers' `ctx`, Vercel's `waitUntil`). */
export interface WebhookExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

export type FetchWebhookHandler = (request: Request, context?: WebhookExecutionContext) => Promise<Response>;

/** Reads at most `limit` bytes of a body; `null` (and the stream cancelled) when it has more. */
async function readLimited(request: Request, limit: number): Promise<string | null> {
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return textOf(bytes);
}

function declaredLength(headers: Headers): number | null {
  const value = headers.get("content-length");
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

export function createFetchWebhookHandler(options: WebhookHandlerOptions): FetchWebhookHandler {
  const receiver = createWebhookReceiver(options);
  return async (request, context) => {
    // Whether a framework had read the body before (`await c.req.json()`): no one can read it again.
    const readBefore = request.bodyUsed;
    let outcome;
    try {
      outcome = await receiver.receive({
        method: request.method,
        url: new URL(request.url),
        authorization: request.headers.get("authorization"),
        declaredLength: declaredLength(request.headers),
        readBody: (limit) => readLimited(request, limit),
      });
    } catch {
      // An answer, not a rejection the platform logs as a crash: the body was taken, or broke off while sent.
      const error = readBefore ? "the body was read before this handler" : "the body could not be read";
      return new Response(JSON.stringify({ error }), { status: readBefore ? 500 : 400, headers: { "content-type": "application/json" } });
    }
    if (outcome.kind === "accepted") {
      // a macrotask later, so the caller has the Response (and sends it) before the callback starts
      const handed = new Promise((resolve) => setTimeout(resolve, 0)).then(() => receiver.dispatch(outcome.event));
      context?.waitUntil(handed);
    }
    const { status, body } = answerOf(outcome);
    return new Response(body, { status, headers: { "content-type": "application/json" } });
  };
}

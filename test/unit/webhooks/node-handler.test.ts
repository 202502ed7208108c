import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createFetchWebhookHandler, createNodeWebhookHandler, type AltegioWebhookEvent } from "../../../src/webhooks/index.js";

const SECRET = "node-webhook-secret-42";
const event = { company_id: 9, resource: "client", resource_id: 5, status: "delete", data: { id: 5 } };
let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function listen(events: AltegioWebhookEvent[], maxBodyBytes?: number): Promise<string> {
  const handler = createNodeWebhookHandler({ secret: SECRET, onEvent: (received) => void events.push(received), maxBodyBytes });
  const listening = createServer((request, response) => void handler(request, response));
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
}

/** Sends `chunks` one by one without a Content-Length (chunked), resolving to the status. */
function postChunked(url: string, chunks: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on("error", reject);
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

describe("createNodeWebhookHandler", () => {
  it("accepts a delivery on node:http and hands the event on", async () => {
    const events: AltegioWebhookEvent[] = [];
    const base = await listen(events);
    const response = await fetch(`${base}/altegio?secret=${SECRET}`, { method: "POST", body: JSON.stringify(event) });
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { ok: true } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual([{ type: "client.delete", ...event }]);
  });

  it("answers 401, 405, 400 and 422 like the Fetch handler", async () => {
    const base = await listen([]);
    const statuses = await Promise.all([
      fetch(`${base}/altegio`, { method: "POST", body: JSON.stringify(event) }),
      fetch(`${base}/altegio?secret=${SECRET}`),
      fetch(`${base}/altegio`, { method: "POST", headers: { authorization: `Bearer ${SECRET}` }, body: "not json" }),
      fetch(`${base}/altegio?secret=${SECRET}`, { method: "POST", body: JSON.stringify({ ...event, status: null }) }),
    ]).then((responses) => responses.map((response) => response.status));
    expect(statuses).toEqual([401, 405, 400, 422]);
  });

  it("answers 413 to a declared or chunked body over the limit", async () => {
    const events: AltegioWebhookEvent[] = [];
    const base = await listen(events, 100);
    const declared = await fetch(`${base}/?secret=${SECRET}`, {
      method: "POST",
      body: JSON.stringify({ ...event, data: { n: "x".repeat(200) } }),
    });
    expect(declared.status).toBe(413);
    const chunked = await postChunked(`${base}/?secret=${SECRET}`, ['{"company_id":9,', `"pad":"${"y".repeat(150)}"}`]);
    expect(chunked).toBe(413);
    expect(events).toEqual([]);
  });
});

describe("createNodeWebhookHandler and the Fetch handler on the same bytes", () => {
  it("both ignore a UTF-8 byte order mark before the JSON", async () => {
    const events: AltegioWebhookEvent[] = [];
    const base = await listen(events);
    const withBom = `\uFEFF${JSON.stringify(event)}`;
    const fetchHandler = createFetchWebhookHandler({ secret: SECRET, onEvent: () => undefined });
    const viaFetch = await fetchHandler(new Request(`http://127.0.0.1/?secret=${SECRET}`, { method: "POST", body: withBom }));
    const viaNode = await fetch(`${base}/?secret=${SECRET}`, { method: "POST", body: withBom });
    expect([viaNode.status, viaFetch.status]).toEqual([200, 200]);
  });
});

describe("createNodeWebhookHandler on a request that can no longer be read", () => {
  it("settles instead of waiting forever for a body that will not come", { timeout: 5_000 }, async () => {
    const handler = createNodeWebhookHandler({ secret: SECRET, onEvent: () => undefined });
    const settled: Promise<string>[] = [];
    const listening = createServer((request, response) => {
      if (request.url?.startsWith("/closed")) {
        // e.g. an async middleware before the handler, during which the client hung up
        request.once("close", () => settled.push(handler(request, response).then(() => "settled")));
      } else {
        settled.push(handler(request, response).then(() => "settled"));
        // destroyed without an error (a caller's own timeout, say) once the handler reads the body
        const destroyWhenRead = (): void => {
          if (request.listenerCount("data") > 0) request.destroy();
          else setImmediate(destroyWhenRead);
        };
        destroyWhenRead();
      }
    });
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    for (const path of ["/closed", "/destroyed"]) {
      await new Promise<void>((resolve) => {
        const outgoing = httpRequest(`${base}${path}?secret=${SECRET}`, { method: "POST", headers: { "content-length": "100" } });
        outgoing.on("error", () => undefined);
        outgoing.on("close", () => resolve());
        outgoing.write('{"company_id":9,');
        if (path === "/closed") listening.once("request", () => setImmediate(() => outgoing.destroy()));
      });
    }
    while (settled.length < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(await Promise.all(settled)).toEqual(["settled", "settled"]);
  });
});

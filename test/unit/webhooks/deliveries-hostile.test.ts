import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  AltegioWebhookPayloadError,
  createFetchWebhookHandler,
  createNodeWebhookHandler,
  parseWebhookBody,
  type AltegioWebhookEvent,
  type WebhookHandlerOptions,
} from "../../../src/webhooks/index.js";

const SECRET = "hostile-webhook-secret-0123";
const envelope = (data: string, resource = "record") =>
  `{"company_id":"16","resource":"${resource}","resource_id":2,"status":"update","data":${data}}`;
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

function setUp(options: Partial<WebhookHandlerOptions> = {}) {
  const events: AltegioWebhookEvent[] = [];
  const rejections: string[] = [];
  const handler = createFetchWebhookHandler({
    secret: SECRET,
    onEvent: (event) => void events.push(event),
    onRejected: (rejection) => rejections.push(rejection.reason),
    ...options,
  });
  const post = async (body: string, query = `?secret=${SECRET}`) =>
    (await handler(new Request(`http://127.0.0.1/hook${query}`, { method: "POST", body }))).status;
  return { post, events, rejections };
}

describe("webhook nesting bounds", () => {
  it("keeps the same depth bound with de-duplication on and off", async () => {
    for (const duplicateWindowMs of [0, 60_000]) {
      const { post, events, rejections } = setUp({ duplicateWindowMs });
      const statuses = [
        await post(envelope(`{"a":${nested(100_000)}}`)),
        await post(envelope(nested(100_000), "goods_operations_sale")),
        await post(envelope(`{"a":${nested(600)}}`)),
        await post(envelope(`{"a":${nested(20)}}`)),
      ];
      await settle();
      expect({ duplicateWindowMs, statuses }).toEqual({ duplicateWindowMs, statuses: [422, 422, 422, 200] });
      expect(rejections).toEqual(["invalid-event", "invalid-event", "invalid-event"]);
      expect(events).toHaveLength(1);
    }
  });

  it("parseWebhookBody refuses data nested too deeply with a typed error naming data", () => {
    let error: unknown;
    try {
      parseWebhookBody(envelope(`{"a":${nested(100_000)}}`));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AltegioWebhookPayloadError);
    expect({ problem: (error as AltegioWebhookPayloadError).problem, field: (error as AltegioWebhookPayloadError).field }).toEqual({
      problem: "invalid-field",
      field: "data",
    });
  });
});

describe("webhook secret in the query string", () => {
  it("accepts a base64 secret with + pasted into the URL as is, and still refuses a wrong one", async () => {
    const secret = "abc+def/ghi=jkl+mnopq==";
    const { post } = setUp({ secret, duplicateWindowMs: 0 });
    const body = envelope('{"id":2}');
    expect(await post(body, `?secret=${secret}`)).toBe(200);
    expect(await post(body, `?secret=${encodeURIComponent(secret)}`)).toBe(200);
    expect(await post(body, `?secret=${secret.replaceAll("+", "%20")}`)).toBe(401);
    expect(await post(body, `?secret=${secret.replace("+", "-")}`)).toBe(401);
  });
});

describe("webhook observers", () => {
  it("an async onRejected or onError that rejects leaves no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      const { post } = setUp({
        onRejected: async () => {
          throw new Error("log store down");
        },
        onEvent: () => {
          throw new Error("handler failed");
        },
        onError: async () => {
          throw new Error("error tracker down");
        },
      });
      expect(await post(envelope('{"id":2}'), "?secret=wrong")).toBe(401);
      expect(await post(envelope('{"id":2}'))).toBe(200);
      await settle();
      await settle();
    } finally {
      process.off("unhandledRejection", listener);
    }
    expect(unhandled).toEqual([]);
  });
});

describe("webhook options from a careless JavaScript caller", () => {
  it("refuses a secret that is unset or not a string or list (an env var that is missing) with its RangeError", () => {
    for (const secret of [undefined, null, 42, { value: "x".repeat(20) }]) {
      expect(() => createFetchWebhookHandler({ secret: secret as never, onEvent: () => undefined })).toThrow(
        /secret must be a string of at least 16/,
      );
    }
  });

  it("refuses a window or a memory bound that is not a usable number at set-up", () => {
    const make = (options: Partial<WebhookHandlerOptions>) => () => setUp(options);
    // "600000" from an env var: `now + "600000"` made every entry live for ever
    expect(make({ duplicateWindowMs: "600000" as never })).toThrow(RangeError);
    expect(make({ duplicateWindowMs: Number.NaN })).toThrow(RangeError);
    expect(make({ maxRememberedEvents: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(make({ maxRememberedEvents: "10000" as never })).toThrow(RangeError);
    expect(make({ duplicateWindowMs: 0, maxRememberedEvents: 1 })).not.toThrow();
  });
});

describe("createNodeWebhookHandler behind a middleware", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  });

  /** A server running `handle` for each request; `send` posts the chunks and resolves to the status. */
  async function serve(handle: (request: IncomingMessage, response: ServerResponse) => void) {
    const listening = createServer(handle);
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/?secret=${SECRET}`;
    return (chunks: string[]) =>
      new Promise<number>((resolve, reject) => {
        const outgoing = httpRequest(url, { method: "POST", timeout: 2_000 }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        outgoing.on("timeout", () => outgoing.destroy(new Error("no answer")));
        outgoing.on("error", reject);
        for (const chunk of chunks) outgoing.write(chunk);
        outgoing.end();
      });
  }

  it("reads string chunks after a middleware set an encoding: 200 for an event, 413 for a chunked body over the limit", async () => {
    const events: AltegioWebhookEvent[] = [];
    const handler = createNodeWebhookHandler({ secret: SECRET, onEvent: (event) => void events.push(event), maxBodyBytes: 200 });
    const send = await serve((request, response) => {
      request.setEncoding("utf8");
      void handler(request, response);
    });
    expect(await send([envelope('{"id":"é"}')])).toBe(200);
    expect(await send(['{"company_id":9,', `"pad":"${"y".repeat(300)}"}`])).toBe(413);
    await settle();
    expect(events.map((event) => event.data)).toEqual([{ id: "é" }]);
  });

  it("takes the body a middleware that read it (express.json(), express.raw()) left on request.body, not dropping the delivery", async () => {
    const events: AltegioWebhookEvent[] = [];
    const handler = createNodeWebhookHandler({ secret: SECRET, onEvent: (event) => void events.push(event), maxBodyBytes: 400 });
    let parse: (text: string) => unknown = (text) => JSON.parse(text);
    const send = await serve((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        Object.assign(request, { body: parse(Buffer.concat(chunks).toString()) });
        void handler(request, response);
      });
    });
    expect(await send([envelope('{"id":"1"}')])).toBe(200);
    parse = (text) => Buffer.from(text);
    expect(await send([envelope('{"id":"2"}')])).toBe(200);
    expect(await send([envelope(`{"pad":"${"y".repeat(500)}"}`)])).toBe(413);
    parse = () => undefined;
    expect(await send([envelope('{"id":"3"}')])).toBe(500);
    await settle();
    expect(events.map((event) => event.data)).toEqual([{ id: "1" }, { id: "2" }]);
  });
});

describe("createFetchWebhookHandler on a body it cannot read", () => {
  it("answers 500 for a body a framework read before it, and 400 for a body that broke off, instead of rejecting", async () => {
    const handler = createFetchWebhookHandler({ secret: SECRET, onEvent: () => undefined });
    const url = `http://127.0.0.1/hook?secret=${SECRET}`;
    const read = new Request(url, { method: "POST", body: envelope("{}") });
    await read.text();
    expect((await handler(read)).status).toBe(500);
    const broken = new ReadableStream({ pull: (controller) => controller.error(new Error("connection reset")) });
    const cut = new Request(url, { method: "POST", body: broken, duplex: "half" } as RequestInit);
    expect((await handler(cut)).status).toBe(400);
    const wrongSecret = new Request("http://127.0.0.1/hook?secret=wrong-secret-0000000", { method: "POST", body: "{}" });
    await wrongSecret.text();
    expect((await handler(wrongSecret)).status).toBe(401);
  });
});

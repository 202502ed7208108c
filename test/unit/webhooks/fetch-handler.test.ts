import { describe, expect, it, vi } from "vitest";
import { createFetchWebhookHandler, type AltegioWebhookEvent, type WebhookHandlerOptions } from "../../../src/webhooks/index.js";

const SECRET = "s3cret-webhook-token-0123";
const body = JSON.stringify({ company_id: 1, resource: "record", resource_id: 2, status: "update", data: { id: 2 } });

function setUp(options: Partial<WebhookHandlerOptions> = {}) {
  const events: AltegioWebhookEvent[] = [];
  const rejections: string[] = [];
  const handler = createFetchWebhookHandler({
    secret: SECRET,
    onEvent: (event) => {
      events.push(event);
    },
    onRejected: (rejection) => rejections.push(rejection.reason),
    ...options,
  });
  return { handler, events, rejections };
}

const post = (init: RequestInit & { query?: string } = {}): Request =>
  new Request(`http://127.0.0.1/hooks/altegio${init.query ?? `?secret=${SECRET}`}`, { method: "POST", body, ...init });

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("createFetchWebhookHandler", () => {
  it("answers 200 and then hands the event to onEvent", async () => {
    const order: string[] = [];
    const { handler } = setUp({ onEvent: () => void order.push("event") });
    const response = await handler(post());
    order.push("answered");
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { ok: true } });
    await settle();
    expect(order).toEqual(["answered", "event"]);
  });

  it("takes the secret from the query or the Authorization header, with or without Bearer", async () => {
    const { handler, events } = setUp();
    const statuses = [
      (await handler(post({ query: "", headers: { authorization: `Bearer ${SECRET}` }, body: body.replace('"id":2', '"id":3') }))).status,
      (await handler(post({ query: "", headers: { authorization: SECRET }, body: body.replace('"id":2', '"id":4') }))).status,
      (await handler(post({ query: `?x=1&secret=${SECRET}` }))).status,
    ];
    expect(statuses).toEqual([200, 200, 200]);
    await settle();
    expect(events.map((event) => event.data)).toEqual([{ id: 3 }, { id: 4 }, { id: 2 }]);
  });

  it("refuses a missing or wrong secret with 401 before reading the body", async () => {
    const { handler, events, rejections } = setUp();
    const stream = new ReadableStream({ pull: () => undefined }); // never ends: reading it would hang
    const requests = [
      post({ query: "" }),
      post({ query: `?secret=${SECRET.slice(0, -1)}` }),
      post({ query: `?secret=${SECRET}x` }),
      post({ query: "", headers: { authorization: `Bearer ${SECRET.toUpperCase()}` } }),
      post({ query: "?secret=nope", body: stream, duplex: "half" } as RequestInit),
    ];
    const statuses = await Promise.all(requests.map(async (request) => (await handler(request)).status));
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    await settle();
    expect(events).toEqual([]);
    expect(rejections).toEqual(Array(5).fill("secret"));
  });

  it("accepts any of several secrets during a rotation", async () => {
    const { handler } = setUp({ secret: ["old-secret-0123456789", SECRET] });
    expect((await handler(post())).status).toBe(200);
    expect((await handler(post({ query: "?secret=old-secret-0123456789", body: "{}" }))).status).toBe(422);
  });

  it("answers 405 to other methods", async () => {
    const { handler } = setUp();
    const response = await handler(new Request(`http://127.0.0.1/?secret=${SECRET}`));
    expect(response.status).toBe(405);
  });

  it("answers 413 to a body over the limit, declared or streamed", async () => {
    const { handler, events } = setUp({ maxBodyBytes: 64 });
    const big = JSON.stringify({ company_id: 1, resource: "record", resource_id: 2, status: "update", data: { note: "x".repeat(100) } });
    expect((await handler(post({ body: big }))).status).toBe(413);
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        pulls++;
        controller.enqueue(new Uint8Array(40).fill(32));
      },
    });
    expect((await handler(post({ body: endless, duplex: "half" } as RequestInit))).status).toBe(413);
    expect(pulls).toBeLessThan(10);
    await settle();
    expect(events).toEqual([]);
  });

  it("answers 400 to malformed JSON and 422 to JSON that is not an event", async () => {
    const { handler, events } = setUp();
    const malformed = await handler(post({ body: '{"company_id":' }));
    expect({ status: malformed.status, body: await malformed.json() }).toEqual({
      status: 400,
      body: { error: "Invalid Altegio webhook: the body is not JSON" },
    });
    expect((await handler(post({ body: JSON.stringify({ company_id: 1 }) }))).status).toBe(422);
    expect((await handler(post({ body: "" }))).status).toBe(400);
    await settle();
    expect(events).toEqual([]);
  });

  it("drops a duplicate within the window and accepts it again after", async () => {
    let now = 1_000;
    const { handler, events } = setUp({ duplicateWindowMs: 60_000, now: () => now });
    const first = await handler(post());
    const again = await handler(post({ query: "", headers: { authorization: SECRET } }));
    expect(await first.json()).toEqual({ ok: true });
    expect({ status: again.status, body: await again.json() }).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    now += 60_001;
    await handler(post());
    await settle();
    expect(events).toHaveLength(2);
  });

  it("treats simultaneous copies of one delivery as one event", async () => {
    const { handler, events } = setUp();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => handler(post()).then((response) => response.json() as Promise<{ duplicate?: boolean }>)),
    );
    await settle();
    expect(events).toHaveLength(1);
    expect(answers.filter((answer) => answer.duplicate === true)).toHaveLength(4);
  });

  it("forgets the oldest events beyond maxRememberedEvents, and remembers nothing with a zero window", async () => {
    const bounded = setUp({ maxRememberedEvents: 2 });
    for (const id of [1, 2, 3, 1]) await bounded.handler(post({ body: body.replace('"id":2', `"id":${id}`) }));
    const off = setUp({ duplicateWindowMs: 0 });
    await off.handler(post());
    await off.handler(post());
    await settle();
    expect(bounded.events).toHaveLength(4);
    expect(off.events).toHaveLength(2);
  });

  it("remembers exactly the last maxRememberedEvents events: the oldest of a full memory still matches", async () => {
    const { handler, events } = setUp({ maxRememberedEvents: 2 });
    const send = async (id: number) => (await (await handler(post({ body: body.replace('"id":2', `"id":${id}`) }))).json()) as object;
    await send(1);
    await send(2);
    expect(await send(1)).toEqual({ ok: true, duplicate: true });
    expect(await send(2)).toEqual({ ok: true, duplicate: true });
    await send(3); // the memory now holds 2 and 3
    expect(await send(2)).toEqual({ ok: true, duplicate: true });
    expect(await send(1)).toEqual({ ok: true });
    await settle();
    expect(events.map((event) => (event.data as { id: number }).id)).toEqual([1, 2, 3, 1]);
  });

  it("keeps the window per event when the clock steps back", async () => {
    let now = 10 * 60_000;
    const { handler, events } = setUp({ duplicateWindowMs: 60_000, now: () => now });
    await handler(post());
    now = 0; // the wall clock corrected backwards (NTP, a resumed VM)
    const other = body.replace('"id":2', '"id":3');
    await handler(post({ body: other }));
    now += 60_001;
    const again = await handler(post({ body: other }));
    expect(await again.json()).toEqual({ ok: true });
    await settle();
    expect(events).toHaveLength(3);
  });

  it("answers 422, not an exception, to data nested too deeply to remember", async () => {
    const { handler, events, rejections } = setUp();
    const depth = 100_000;
    const deep = `{"company_id":1,"resource":"record","resource_id":2,"status":"update","data":{"a":${"[".repeat(depth)}${"]".repeat(depth)}}}`;
    const response = await handler(post({ body: deep }));
    expect(response.status).toBe(422);
    await settle();
    expect(events).toEqual([]);
    expect(rejections).toEqual(["invalid-event"]);
  });

  it("reports a failing callback to onError and still answered 200", async () => {
    const onError = vi.fn();
    const { handler } = setUp({
      onEvent: async () => {
        throw new Error("database down");
      },
      onError,
    });
    expect((await handler(post())).status).toBe(200);
    await settle();
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]?.[0]).toEqual(new Error("database down"));
  });

  it("gives the callback's promise to waitUntil", async () => {
    const waited: Promise<unknown>[] = [];
    let finished = false;
    const { handler } = setUp({
      onEvent: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished = true;
      },
    });
    await handler(post(), { waitUntil: (promise) => waited.push(promise) });
    expect(waited).toHaveLength(1);
    await waited[0];
    expect(finished).toBe(true);
  });

  it("refuses weak secrets and missing callbacks at set-up", () => {
    expect(() => createFetchWebhookHandler({ secret: "short", onEvent: () => undefined })).toThrow(RangeError);
    expect(() => createFetchWebhookHandler({ secret: [], onEvent: () => undefined })).toThrow(RangeError);
    expect(() => createFetchWebhookHandler({ secret: SECRET, onEvent: undefined as never })).toThrow(TypeError);
  });
});

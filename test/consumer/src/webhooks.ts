/**
 * A user's webhook receiver from altegio-sdk/webhooks, on node:http and on the Fetch API, fed the
 * deliveries Altegio sends (a duplicate, a wrong secret, an unknown resource). Exit 1 on a wrong result.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createFetchWebhookHandler, createNodeWebhookHandler, parseWebhookEvent, type AltegioWebhookEvent } from "altegio-sdk/webhooks";

const SECRET = "consumer-webhook-secret";

/** Never called: only type-checked. */
export function typeChecks(event: AltegioWebhookEvent): void {
  if (event.type === "record.update") {
    const staff: number | undefined = event.data.staff_id;
    // @ts-expect-error staff_id is a number
    const wrong: string | undefined = event.data.staff_id;
    void [staff, wrong];
  }
  // @ts-expect-error not an event type
  if (event.type === "record.restore") return;
}

const delivery = { company_id: 4564, resource: "record", resource_id: 77, status: "update", data: { id: 77, staff_id: 3 } };

async function main(): Promise<void> {
  const events: AltegioWebhookEvent[] = [];
  const onEvent = (event: AltegioWebhookEvent): void => void events.push(event);
  const server = createServer(createNodeWebhookHandler({ secret: SECRET, onEvent }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/altegio/webhook`;
  try {
    const post = (body: unknown, query = `?secret=${SECRET}`) => fetch(`${url}${query}`, { method: "POST", body: JSON.stringify(body) });
    assert.equal((await post(delivery)).status, 200);
    assert.deepEqual(await (await post(delivery)).json(), { ok: true, duplicate: true });
    assert.equal((await post(delivery, "?secret=guess")).status, 401);
    assert.equal((await post({ ...delivery, resource: "goods_operations_sale", data: [] })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      events.map((event) => event.type),
      ["record.update", "unknown"],
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }

  const fetchHandler = createFetchWebhookHandler({ secret: SECRET, onEvent });
  const response = await fetchHandler(
    new Request("https://example.test/hook", { method: "POST", headers: { authorization: `Bearer ${SECRET}` }, body: "{" }),
  );
  assert.equal(response.status, 400);
  assert.equal(parseWebhookEvent({ ...delivery, status: "delete" }).type, "record.delete");
  console.log("consumer: webhooks (node:http and Fetch) — all checks passed");
}

await main();

import { describe, expect, expectTypeOf, it } from "vitest";
import { AltegioError } from "../../../src/facade/errors.js";
import { AltegioWebhookPayloadError, parseWebhookBody, parseWebhookEvent, type AltegioWebhookEvent } from "../../../src/webhooks/index.js";

const delivery = (overrides: Record<string, unknown> = {}) => ({
  company_id: 4564,
  resource: "record",
  resource_id: 998,
  status: "create",
  data: { id: 998, staff_id: 7, services: [{ id: 1 }] },
  ...overrides,
});

function payloadErrorOf(run: () => unknown): AltegioWebhookPayloadError {
  try {
    run();
  } catch (error) {
    if (error instanceof AltegioWebhookPayloadError) return error;
    throw error;
  }
  throw new Error("expected AltegioWebhookPayloadError");
}

describe("parseWebhookEvent", () => {
  it("returns a known event typed by resource and status", () => {
    const event = parseWebhookEvent(delivery());
    expect(event).toEqual({ type: "record.create", ...delivery() });
    if (event.type === "record.create") {
      expectTypeOf(event.data.staff_id).toEqualTypeOf<number | undefined>();
      expectTypeOf(event.status).toEqualTypeOf<"create">();
    } else {
      throw new Error(`unexpected ${event.type}`);
    }
  });

  it("narrows on type to the resource's data and leaves unknown data unknown", () => {
    const describeEvent = (event: AltegioWebhookEvent): string => {
      switch (event.type) {
        case "client.update":
          expectTypeOf(event.resource).toEqualTypeOf<"client">();
          return `client ${event.data.id ?? "?"}`;
        case "unknown":
          expectTypeOf(event.data).toEqualTypeOf<unknown>();
          return `unknown ${event.resource}/${event.status}`;
        default:
          return event.type;
      }
    };
    expect(describeEvent(parseWebhookEvent(delivery({ resource: "client", status: "update", data: { id: 5 } })))).toBe("client 5");
  });

  it("passes unknown resources and statuses through as the unknown branch", () => {
    const goods = delivery({ resource: "goods_operations_sale", data: [{ amount: 2 }] });
    expect(parseWebhookEvent(goods)).toEqual({ ...goods, type: "unknown" });
    const restored = delivery({ status: "restore" });
    expect(parseWebhookEvent(restored)).toEqual({ ...restored, type: "unknown" });
    expect(parseWebhookEvent(delivery({ resource: "review", data: undefined })).data).toBeUndefined();
  });

  it("accepts numeric-string ids and PHP's empty array as empty data", () => {
    expect(parseWebhookEvent(delivery({ company_id: "4564", resource_id: "12", status: "delete", data: [] }))).toEqual({
      type: "record.delete",
      company_id: 4564,
      resource: "record",
      resource_id: 12,
      status: "delete",
      data: {},
    });
  });

  it.each([
    ["company_id", { company_id: undefined }],
    ["company_id", { company_id: -1 }],
    ["resource_id", { resource_id: 1.5 }],
    ["resource_id", { resource_id: "12a" }],
    ["resource", { resource: "" }],
    ["status", { status: 3 }],
    ["data", { data: "text" }],
    ["data", { data: null }],
  ])("rejects a bad %s with a typed error naming it", (field, overrides) => {
    const error = payloadErrorOf(() => parseWebhookEvent(delivery(overrides)));
    expect(error).toBeInstanceOf(AltegioError);
    expect({ problem: error.problem, field: error.field }).toEqual({ problem: "invalid-field", field });
    expect(error.message).toContain(field);
  });

  it("rejects bodies that are not objects or not JSON", () => {
    expect(payloadErrorOf(() => parseWebhookEvent([delivery()])).problem).toBe("not-an-object");
    expect(payloadErrorOf(() => parseWebhookEvent(null)).problem).toBe("not-an-object");
    expect(payloadErrorOf(() => parseWebhookBody("{company_id:")).problem).toBe("not-json");
    expect(parseWebhookBody(JSON.stringify(delivery())).type).toBe("record.create");
  });
});

/**
 * Parsing an Altegio webhook body into a typed event. The envelope is checked field by field;
 * `data` is typed through the resource table, not validated against the schema (the bundles do not
 * describe webhooks, so a stricter check would reject deliveries for reasons nobody can verify).
 */
import { isRecord } from "../facade/api-body.js";
import { AltegioWebhookPayloadError } from "../facade/errors.js";
import { WEBHOOK_RESOURCES, WEBHOOK_STATUSES, type WebhookResource, type WebhookResources, type WebhookStatus } from "./resources.js";

interface WebhookEnvelope {
  /** The location (company) the event happened in. */
  company_id: number;
  resource_id: number;
}

/** A known resource and status; `type` is `"<resource>.<status>"`, e.g. `"record.create"`. */
export type KnownWebhookEvent = {
  [Resource in WebhookResource]: {
    [Status in WebhookStatus]: WebhookEnvelope & {
      type: `${Resource}.${Status}`;
      resource: Resource;
      status: Status;
      data: WebhookResources[Resource];
    };
  }[WebhookStatus];
}[WebhookResource];

/** A resource (or status) the SDK has no type for: passed through as sent, never rejected. */
export interface UnknownWebhookEvent extends WebhookEnvelope {
  type: "unknown";
  resource: string;
  status: string;
  data: unknown;
}

/** Switch on `type` to get `data` typed: `case "record.create": event.data.staff_id`. */
export type AltegioWebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

export type AltegioWebhookEventType = AltegioWebhookEvent["type"];

function identifier(body: Record<string, unknown>, field: string): number {
  const value = body[field];
  // PHP back ends sometimes send ids as numeric strings.
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 0) {
    throw new AltegioWebhookPayloadError("invalid-field", `${field} must be a non-negative integer`, field);
  }
  return number;
}

function nonEmptyText(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") {
    throw new AltegioWebhookPayloadError("invalid-field", `${field} must be a non-empty string`, field);
  }
  return value;
}

/** PHP's json_encode stops at 512 levels, so no delivery is deeper; deeper data would overflow recursive code (JSON.stringify). */
const MAX_DEPTH = 512;

/** Level by level, without recursion: the parsed body may be nested far deeper than the stack allows. */
function isTooDeep(value: unknown): boolean {
  let level = [value];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > MAX_DEPTH) return true;
    const next: unknown[] = [];
    for (const item of level) if (typeof item === "object" && item !== null) for (const child of Object.values(item)) next.push(child);
    level = next;
  }
  return false;
}

function isKnownResource(resource: string): resource is WebhookResource {
  return (WEBHOOK_RESOURCES as readonly string[]).includes(resource);
}

function isKnownStatus(status: string): status is WebhookStatus {
  return (WEBHOOK_STATUSES as readonly string[]).includes(status);
}

/**
 * Checks a parsed webhook body and returns the typed event. Throws `AltegioWebhookPayloadError`
 * when it is not an object or `company_id`, `resource_id`, `resource` or `status` is missing or of
 * the wrong type, or `data` is nested more than 512 levels deep. For a known resource `data` must be
 * an object (PHP's empty `[]` counts as `{}`).
 */
export function parseWebhookEvent(body: unknown): AltegioWebhookEvent {
  if (!isRecord(body)) throw new AltegioWebhookPayloadError("not-an-object", "the body must be a JSON object");
  const envelope = { company_id: identifier(body, "company_id"), resource_id: identifier(body, "resource_id") };
  const resource = nonEmptyText(body, "resource");
  const status = nonEmptyText(body, "status");
  if (isTooDeep(body["data"]))
    throw new AltegioWebhookPayloadError("invalid-field", `data is nested more than ${MAX_DEPTH} levels deep`, "data");
  if (!isKnownResource(resource) || !isKnownStatus(status)) {
    return { type: "unknown", ...envelope, resource, status, data: body["data"] };
  }
  const data = Array.isArray(body["data"]) && body["data"].length === 0 ? {} : body["data"];
  if (!isRecord(data)) throw new AltegioWebhookPayloadError("invalid-field", `data of a ${resource} event must be an object`, "data");
  return { type: `${resource}.${status}`, ...envelope, resource, status, data } as KnownWebhookEvent;
}

/** `parseWebhookEvent` over JSON text. */
export function parseWebhookBody(text: string): AltegioWebhookEvent {
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new AltegioWebhookPayloadError("not-json", "the body is not JSON");
  }
  return parseWebhookEvent(body);
}

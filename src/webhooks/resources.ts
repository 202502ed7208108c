/**
 * Which v1 schema describes `data` for each webhook resource. The bundles describe no webhooks:
 * the table maps the resource names integrations observe to the schema of the v1 read of that
 * resource (`GET /record/{location_id}/{record_id}` for `record`, the client list item for `client`).
 * Resources not listed here arrive as the `"unknown"` branch with `data: unknown`.
 */
import type { components } from "../generated/v1.js";

type Schemas = components["schemas"];

/** `data` of a v1 envelope `{ success, data, meta }`; the item type when `data` is a list. */
type EnvelopeData<Envelope> = Envelope extends { data?: infer Data }
  ? NonNullable<Data> extends readonly (infer Item)[]
    ? Item
    : NonNullable<Data>
  : never;

export interface WebhookResources {
  /** An appointment, as `GET /record/{location_id}/{record_id}` returns it. */
  record: EnvelopeData<Schemas["record_companyid_response_data_types"]>;
  /** A client, as the v1 client list returns each one. */
  client: EnvelopeData<Schemas["clients_companyid_response_deprecated_data_types"]>;
}

export type WebhookResource = keyof WebhookResources;

export const WEBHOOK_RESOURCES: readonly WebhookResource[] = Object.freeze(["record", "client"] satisfies WebhookResource[]);

export const WEBHOOK_STATUSES = Object.freeze(["create", "update", "delete"] as const);

export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

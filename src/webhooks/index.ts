// Public entry point of altegio-sdk/webhooks: receive Altegio's webhook deliveries.
export {
  parseWebhookEvent,
  parseWebhookBody,
  type AltegioWebhookEvent,
  type AltegioWebhookEventType,
  type KnownWebhookEvent,
  type UnknownWebhookEvent,
} from "./event.js";
export { AltegioWebhookPayloadError, type WebhookPayloadProblem } from "../facade/errors.js";
export { WEBHOOK_RESOURCES, WEBHOOK_STATUSES, type WebhookResource, type WebhookResources, type WebhookStatus } from "./resources.js";
export type { WebhookHandlerOptions, WebhookRejection } from "./receiver.js";
export { createFetchWebhookHandler, type FetchWebhookHandler, type WebhookExecutionContext } from "./fetch-handler.js";
export { createNodeWebhookHandler, type NodeWebhookHandler } from "./node-handler.js";

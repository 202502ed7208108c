/**
 * What both handlers (Fetch API and node:http) share: options, the order of checks and the answer
 * for each outcome. Checks run cheapest and safest first: method, secret (before a byte of the body
 * is read), size, JSON, envelope, duplicates. The answer goes out before the callback runs.
 */
import { createDuplicateFilter } from "./duplicates.js";
import { AltegioWebhookPayloadError } from "../facade/errors.js";
import { parseWebhookBody, type AltegioWebhookEvent } from "./event.js";
import { matchesSecret, offeredSecrets } from "./secret.js";

export interface WebhookHandlerOptions {
  /** The shared secret (several during a rotation). Compared in constant time. */
  secret: string | readonly string[];
  /** Called with every new event, after the 2xx answer went out. */
  onEvent: (event: AltegioWebhookEvent) => void | Promise<void>;
  /** Called when `onEvent` throws or rejects. Default: `console.error`. */
  onError?: (error: unknown, event: AltegioWebhookEvent) => void;
  /** Called for each refused delivery (4xx), e.g. to log it. */
  onRejected?: (rejection: WebhookRejection) => void;
  /** Query parameter that may carry the secret. Default `"secret"`. */
  secretQueryParameter?: string;
  /** Larger bodies get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** An event seen again within this window is answered 200 and not handed on. Default 10 minutes; 0 turns it off. */
  duplicateWindowMs?: number;
  /** How many recent events the duplicate filter remembers. Default 10 000. */
  maxRememberedEvents?: number;
  /** Clock in ms, for tests. Default `Date.now`. */
  now?: () => number;
}

export interface WebhookRejection {
  status: 400 | 401 | 405 | 413 | 422;
  reason: "method" | "secret" | "too-large" | "not-json" | "invalid-event";
  message: string;
}

export type WebhookOutcome =
  | { kind: "accepted"; event: AltegioWebhookEvent }
  | { kind: "duplicate"; event: AltegioWebhookEvent }
  | { kind: "rejected"; rejection: WebhookRejection };

/** What a handler knows about a delivery; `readBody` resolves to `null` when the body exceeds `limit`. */
export interface Delivery {
  method: string;
  url: URL;
  authorization: string | null;
  declaredLength: number | null;
  readBody(limit: number): Promise<string | null>;
}

export interface WebhookReceiver {
  receive(delivery: Delivery): Promise<WebhookOutcome>;
  /** Runs the callback for an accepted event; never rejects. */
  dispatch(event: AltegioWebhookEvent): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_DUPLICATE_WINDOW_MS = 10 * 60_000;

function rejected(status: WebhookRejection["status"], reason: WebhookRejection["reason"], message: string): WebhookOutcome {
  return { kind: "rejected", rejection: { status, reason, message } };
}

/** Runs an observer; what it throws, or its promise rejects with, is dropped (an unhandled rejection ends a Node process). */
function observe(call: () => unknown): void {
  try {
    Promise.resolve(call()).catch(() => undefined);
  } catch {
    // an observer must not change the answer
  }
}

function validated(options: WebhookHandlerOptions): { secrets: string[]; maxBodyBytes: number } {
  // `process.env.X!` that is unset: the same clear error, not "undefined is not iterable".
  const secrets =
    typeof options.secret === "string" ? [options.secret] : Object(options.secret)[Symbol.iterator] ? [...options.secret] : [];
  if (secrets.length === 0 || secrets.some((secret) => typeof secret !== "string" || secret.length < 16)) {
    throw new RangeError("createWebhookHandler: secret must be a string of at least 16 characters (or a non-empty list of them)");
  }
  if (typeof options.onEvent !== "function") throw new TypeError("createWebhookHandler: onEvent must be a function");
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1)
    throw new RangeError("createWebhookHandler: maxBodyBytes must be a positive integer");
  const windowMs = options.duplicateWindowMs ?? 0;
  const remembered = options.maxRememberedEvents ?? 0;
  // A string (from an env var) would make `now + windowMs` a string, and every entry live for ever.
  if (typeof windowMs !== "number" || !(windowMs >= 0))
    throw new RangeError("createWebhookHandler: duplicateWindowMs must be a number, 0 or more");
  if (!Number.isSafeInteger(remembered) || remembered < 0)
    throw new RangeError("createWebhookHandler: maxRememberedEvents must be an integer, 0 or more");
  return { secrets, maxBodyBytes };
}

export function createWebhookReceiver(options: WebhookHandlerOptions): WebhookReceiver {
  const { secrets, maxBodyBytes } = validated(options);
  const queryParameter = options.secretQueryParameter ?? "secret";
  const duplicates = createDuplicateFilter(
    options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    options.maxRememberedEvents ?? 10_000,
    options.now ?? Date.now,
  );
  const onError = options.onError ?? ((error: unknown) => console.error("altegio-sdk/webhooks: onEvent failed", error));

  const evaluate = async (delivery: Delivery): Promise<WebhookOutcome> => {
    if (delivery.method !== "POST") return rejected(405, "method", "webhooks are delivered with POST");
    if (!(await matchesSecret(offeredSecrets(delivery.url, delivery.authorization, queryParameter), secrets))) {
      return rejected(401, "secret", "missing or wrong webhook secret");
    }
    if (delivery.declaredLength !== null && delivery.declaredLength > maxBodyBytes) {
      return rejected(413, "too-large", `body larger than ${maxBodyBytes} bytes`);
    }
    const text = await delivery.readBody(maxBodyBytes);
    if (text === null) return rejected(413, "too-large", `body larger than ${maxBodyBytes} bytes`);
    let event: AltegioWebhookEvent;
    try {
      event = parseWebhookBody(text);
    } catch (error) {
      if (!(error instanceof AltegioWebhookPayloadError)) throw error;
      return error.problem === "not-json" ? rejected(400, "not-json", error.message) : rejected(422, "invalid-event", error.message);
    }
    let duplicate: boolean;
    try {
      duplicate = await duplicates.seen(event);
    } catch (error) {
      // JSON.stringify (the duplicate key) overflows the stack on data nested a few thousand levels deep
      if (!(error instanceof RangeError)) throw error;
      return rejected(422, "invalid-event", "data is nested too deeply");
    }
    return duplicate ? { kind: "duplicate", event } : { kind: "accepted", event };
  };

  return {
    async receive(delivery) {
      const outcome = await evaluate(delivery);
      if (outcome.kind === "rejected") observe(() => options.onRejected?.(outcome.rejection));
      return outcome;
    },
    async dispatch(event) {
      try {
        await options.onEvent(event);
      } catch (error) {
        observe(() => onError(error, event));
      }
    },
  };
}

/** The JSON answer for an outcome. */
export function answerOf(outcome: WebhookOutcome): { status: number; body: string } {
  if (outcome.kind === "rejected") return { status: outcome.rejection.status, body: JSON.stringify({ error: outcome.rejection.message }) };
  return { status: 200, body: JSON.stringify({ ok: true, ...(outcome.kind === "duplicate" ? { duplicate: true } : {}) }) };
}

/**
 * Altegio retries a delivery that did not get a 2xx in time, so the same event can arrive twice.
 * A delivery is a duplicate when an event with the same company, resource, id, status and `data`
 * was accepted within the window. The memory is per process and bounded (oldest entries go first).
 */
import type { AltegioWebhookEvent } from "./event.js";

export interface DuplicateFilter {
  /** True when the event was seen within the window; otherwise remembers it and returns false. */
  seen(event: AltegioWebhookEvent): Promise<boolean>;
}

const encoder = new TextEncoder();

async function keyOf(event: AltegioWebhookEvent): Promise<string> {
  const text = JSON.stringify([event.company_id, event.resource, event.resource_id, event.status, event.data]);
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function createDuplicateFilter(windowMs: number, maxEntries: number, now: () => number): DuplicateFilter {
  /** Key → expiry; insertion order is expiry order because the window is fixed (unless the clock steps back). */
  const expiries = new Map<string, number>();
  return {
    async seen(event) {
      if (windowMs <= 0) return false;
      const key = await keyOf(event);
      const at = now();
      for (const [oldKey, expiry] of expiries) {
        if (expiry > at) break;
        expiries.delete(oldKey);
      }
      // The loop above stops at the first live entry, so after the clock stepped back an expired one may remain.
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > at) return true;
      expiries.delete(key);
      // Only a new entry makes room, so the oldest of a full memory is still matched before it goes.
      for (const oldKey of expiries.keys()) {
        if (expiries.size < maxEntries) break;
        expiries.delete(oldKey);
      }
      expiries.set(key, at + windowMs);
      return false;
    },
  };
}

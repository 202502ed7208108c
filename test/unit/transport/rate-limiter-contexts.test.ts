/**
 * Runtimes that tie timers to the request that set them (Cloudflare workerd cancels a request's
 * timers when it ends, and runs a promise's continuations in the context that created the promise).
 * AsyncLocalStorage reproduces both: a timer runs in the context of its `setTimeout` call, promise
 * continuations in the context of their `.then`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../src/facade/rate-limiter.js";

const requestContext = new AsyncLocalStorage<string>();
const timersOf = new Map<string, Set<ReturnType<typeof setTimeout>>>();
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

function installRequestScopedTimers(): void {
  globalThis.setTimeout = ((callback: () => void, ms?: number) => {
    const owner = requestContext.getStore() ?? "global";
    const timer = realSetTimeout(() => {
      timersOf.get(owner)?.delete(timer);
      callback();
    }, ms);
    if (!timersOf.has(owner)) timersOf.set(owner, new Set());
    timersOf.get(owner)?.add(timer);
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer: ReturnType<typeof setTimeout>) => {
    for (const timers of timersOf.values()) timers.delete(timer);
    realClearTimeout(timer);
  }) as typeof clearTimeout;
}

/** What workerd does when a request has sent its response: its pending timers never fire. */
function endRequest(name: string): void {
  for (const timer of timersOf.get(name) ?? []) realClearTimeout(timer);
  timersOf.delete(name);
}

afterEach(() => {
  globalThis.setTimeout = realSetTimeout;
  globalThis.clearTimeout = realClearTimeout;
  for (const name of [...timersOf.keys()]) endRequest(name);
});

describe("createRateLimiter across request contexts", () => {
  it("keeps a timer of its own pending for every waiting request (workerd cancels a request waiting on nothing)", async () => {
    installRequestScopedTimers();
    const limiter = createRateLimiter({ limits: [{ requests: 1, perMs: 40 }] });
    await requestContext.run("first", () => limiter.acquire());
    const waits = ["w1", "w2", "w3"].map((name) => requestContext.run(name, () => limiter.acquire()));
    expect(["w1", "w2", "w3"].map((name) => timersOf.get(name)?.size ?? 0)).toEqual([1, 1, 1]);
    await waits[0];
    await new Promise((resolve) => realSetTimeout(resolve, 0));
    expect(["w2", "w3"].map((name) => timersOf.get(name)?.size ?? 0)).toEqual([1, 1]);
    await Promise.all(waits);
  });

  it("resumes a later request's wait after the request whose timer started the queue has ended", async () => {
    installRequestScopedTimers();
    const limiter = createRateLimiter({ limits: [{ requests: 1, perMs: 40 }] });
    const inRequest = <T>(name: string, run: () => Promise<T>): Promise<T> => requestContext.run(name, run);

    await inRequest("a", async () => void (await limiter.acquire()));
    const b = inRequest("b", async () => void (await limiter.acquire()));
    const c = inRequest("c", async () => {
      await limiter.acquire();
      return "c granted";
    });
    await b;
    endRequest("b");
    const outcome = await Promise.race([c, new Promise((resolve) => realSetTimeout(() => resolve("c hung"), 3_000))]);
    expect(outcome).toBe("c granted");
  });
});

import { describe, expect, it } from "vitest";
import { AltegioAbortError, AltegioConnectionError, AltegioTimeoutError, createAltegioClient } from "../../../src/index.js";

/** A fetch of the caller's own that never looks at the signal it is given (a test double, a wrapper). */
const ignoringSignal = (answer: () => Promise<Response>) => {
  const calls: Request[] = [];
  const fetch = (request: Request) => {
    calls.push(request);
    return answer();
  };
  return { fetch, calls };
};

const never = () => new Promise<Response>(() => undefined);

/** A 200 whose body sends one chunk and then nothing, ever. */
const stalledBody = async () => {
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(new TextEncoder().encode('{"success":true,')),
  });
  return new Response(body, { headers: { "content-type": "application/json" } });
};

const client = (fetch: (request: Request) => Promise<Response>, timeoutMs: number) =>
  createAltegioClient({ partnerToken: "partner", fetch, rateLimit: false, retry: false, timeoutMs });

const LOCATION = { params: { path: { location_id: 1 } } } as const;

describe("a custom fetch that ignores the signal", () => {
  it("still has each attempt end at timeoutMs, while waiting for the response and while reading its body", async () => {
    for (const answer of [never, stalledBody]) {
      const { fetch, calls } = ignoringSignal(answer);
      const started = performance.now();
      await expect(client(fetch, 100).v1.get("/company/{location_id}", LOCATION)).rejects.toBeInstanceOf(AltegioTimeoutError);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(calls).toHaveLength(1);
    }
  });

  it("retries a timed-out attempt as it would with the default fetch", async () => {
    const { fetch, calls } = ignoringSignal(never);
    const altegio = createAltegioClient({
      partnerToken: "partner",
      fetch,
      rateLimit: false,
      timeoutMs: 50,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(altegio.v1.GET("/company/{location_id}", LOCATION)).rejects.toBeInstanceOf(AltegioTimeoutError);
    expect(calls).toHaveLength(3);
  });

  it("ends the call at once when the caller aborts, with the timeout off", async () => {
    for (const answer of [never, stalledBody]) {
      const { fetch } = ignoringSignal(answer);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      const call = client(fetch, 0).v1.get("/company/{location_id}", { ...LOCATION, signal: controller.signal });
      await expect(call).rejects.toBeInstanceOf(AltegioAbortError);
    }
  });

  it("cancels the body of a response that comes back after its attempt was given up", async () => {
    let cancelled = false;
    let answer: (response: Response) => void = () => undefined;
    const { fetch } = ignoringSignal(() => new Promise<Response>((resolve) => (answer = resolve)));
    await expect(client(fetch, 30).v1.get("/company/{location_id}", LOCATION)).rejects.toBeInstanceOf(AltegioTimeoutError);
    answer(new Response(new ReadableStream({ cancel: () => void (cancelled = true) })));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBe(true);
  });
});

describe("a custom fetch whose body stream is not made of bytes", () => {
  it("fails the attempt as a connection error, whether the stream ends or never does", async () => {
    for (const close of [true, false]) {
      let pulled = 0;
      const fetch = async () =>
        new Response(
          new ReadableStream({
            pull: (controller) => {
              pulled++;
              controller.enqueue("x".repeat(1024) as never);
              if (close && pulled === 3) controller.close();
            },
          }),
          { headers: { "content-type": "application/json" } },
        );
      const altegio = createAltegioClient({ partnerToken: "partner", fetch, rateLimit: false, retry: false, maxResponseBytes: 1024 });
      await expect(altegio.v1.get("/company/{location_id}", LOCATION)).rejects.toBeInstanceOf(AltegioConnectionError);
      expect(pulled).toBeLessThan(5);
    }
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AltegioAbortError } from "../../../src/facade/errors.js";
import { createRateLimiter, type RateLimit, type RateLimiter } from "../../../src/facade/rate-limiter.js";

/** Starts `count` acquires and records, in order, which one was granted at what (fake) time. */
function acquireMany(limiter: RateLimiter, count: number): { granted: Array<{ index: number; at: number }> } {
  const granted: Array<{ index: number; at: number }> = [];
  for (let index = 0; index < count; index++) {
    void limiter.acquire().then(() => granted.push({ index, at: Date.now() }));
  }
  return { granted };
}

function assertWithinLimits(times: readonly number[], limits: readonly RateLimit[]): void {
  for (const { requests, perMs } of limits) {
    for (const end of times) {
      const inWindow = times.filter((time) => time > end - perMs && time <= end).length;
      expect(inWindow, `${inWindow} grants within ${perMs} ms ending at ${end}`).toBeLessThanOrEqual(requests);
    }
  }
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("createRateLimiter", () => {
  it("lets a burst of 5 through at once, then makes the 6th wait for the 1-second window", async () => {
    const { granted } = acquireMany(createRateLimiter(), 7);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted.map((grant) => grant.at)).toEqual([0, 0, 0, 0, 0]);
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted.map((grant) => grant.at)).toEqual([0, 0, 0, 0, 0, 1_000, 1_000]);
  });

  it("caps at 200 per minute on top of 5 per second", async () => {
    const { granted } = acquireMany(createRateLimiter(), 206);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(granted).toHaveLength(200);
    expect(granted.at(-1)?.at).toBe(39_000);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toHaveLength(205);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toHaveLength(206);
    assertWithinLimits(
      granted.map((grant) => grant.at),
      [
        { requests: 5, perMs: 1_000 },
        { requests: 200, perMs: 60_000 },
      ],
    );
  });

  it("never exceeds any window under irregular arrivals", async () => {
    const limits = [
      { requests: 3, perMs: 100 },
      { requests: 7, perMs: 1_000 },
    ];
    const limiter = createRateLimiter({ limits });
    const times: number[] = [];
    for (let step = 0; step < 40; step++) {
      for (let burst = 0; burst < (step % 4) + 1; burst++) void limiter.acquire().then(() => times.push(Date.now()));
      await vi.advanceTimersByTimeAsync((step * 37) % 90);
    }
    await vi.advanceTimersByTimeAsync(60_000);
    expect(times).toHaveLength(100);
    assertWithinLimits(times, limits);
  });

  it("grants in arrival order (FIFO), also to callers arriving while others wait", async () => {
    const limiter = createRateLimiter({ limits: [{ requests: 2, perMs: 1_000 }] });
    const order: string[] = [];
    const take = (label: string): void => void limiter.acquire().then(() => order.push(label));
    take("a");
    take("b");
    take("c");
    await vi.advanceTimersByTimeAsync(1_000);
    take("d");
    take("e");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("rejects an aborted wait at once with AltegioAbortError and gives its turn to the next caller", async () => {
    const limiter = createRateLimiter({ limits: [{ requests: 1, perMs: 1_000 }] });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire().then(() => Date.now());
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AltegioAbortError);
    expect(Date.now()).toBe(500);
    await vi.advanceTimersByTimeAsync(500);
    await expect(next).resolves.toBe(1_000);
  });

  it("rejects an already aborted signal without using a slot", async () => {
    const limiter = createRateLimiter({ limits: [{ requests: 1, perMs: 1_000 }] });
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(AltegioAbortError);
    const granted = limiter.acquire().then(() => Date.now());
    await vi.advanceTimersByTimeAsync(0);
    await expect(granted).resolves.toBe(0);
  });

  it("reports the expected wait through onWait", async () => {
    const onWait = vi.fn();
    const limiter = createRateLimiter({ limits: [{ requests: 1, perMs: 1_000 }], onWait });
    acquireMany(limiter, 3);
    expect(onWait.mock.calls).toEqual([[1_000], [2_000]]);
    await vi.advanceTimersByTimeAsync(2_000);
  });

  it("counts a released request from its release, so a slow response pushes the next grant back", async () => {
    const limiter = createRateLimiter({ limits: [{ requests: 1, perMs: 1_000 }] });
    const release = await limiter.acquire();
    const next = limiter.acquire().then(() => Date.now());
    await vi.advanceTimersByTimeAsync(300);
    expect(typeof release).toBe("function");
    if (typeof release === "function") release();
    await vi.advanceTimersByTimeAsync(999);
    expect(Date.now()).toBe(1_299);
    let settled = false;
    void next.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(next).resolves.toBe(1_300);
  });

  it("ignores a second release of the same request", async () => {
    const limiter = createRateLimiter({ limits: [{ requests: 2, perMs: 1_000 }] });
    const first = await limiter.acquire();
    await vi.advanceTimersByTimeAsync(100);
    if (typeof first === "function") {
      first();
      first();
    }
    const times: number[] = [];
    for (let index = 0; index < 2; index++) void limiter.acquire().then(() => times.push(Date.now()));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(times).toEqual([100, 1_100]);
  });

  it("rejects invalid limits", () => {
    expect(() => createRateLimiter({ limits: [] })).toThrow(RangeError);
    expect(() => createRateLimiter({ limits: [{ requests: 0, perMs: 1_000 }] })).toThrow(RangeError);
    expect(() => createRateLimiter({ limits: [{ requests: 1, perMs: 0 }] })).toThrow(RangeError);
  });
});

describe("createRateLimiter cost", () => {
  it("queues and aborts 3,000 waiters in linear time (an O(n^2) queue took seconds of CPU here)", () => {
    const limiter = createRateLimiter({ onWait: () => undefined });
    const controller = new AbortController();
    const cpuBefore = process.cpuUsage();
    const waits = Array.from({ length: 3_000 }, () => limiter.acquire(controller.signal).catch(() => "aborted"));
    controller.abort();
    const cpu = process.cpuUsage(cpuBefore);
    // A linear queue needs a few ms; the quadratic one took over 10 s. 1.5 s leaves room for a loaded machine.
    expect((cpu.user + cpu.system) / 1_000).toBeLessThan(1_500);
    return Promise.all(waits);
  });

  it("reports the exact expected wait of a deep queue through onWait (one window)", () => {
    const onWait = vi.fn();
    const limiter = createRateLimiter({ limits: [{ requests: 3, perMs: 1_000 }], onWait });
    acquireMany(limiter, 10);
    expect(onWait.mock.calls.map(([delay]) => delay)).toEqual([1_000, 1_000, 1_000, 2_000, 2_000, 2_000, 3_000]);
  });

  it("says how long each request waited on its release function", async () => {
    const limiter = createRateLimiter({ limits: [{ requests: 1, perMs: 1_000 }] });
    const first = await limiter.acquire();
    const second = limiter.acquire();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(typeof first === "function" && first.waitedMs).toBe(0);
    const released = await second;
    expect(typeof released === "function" && released.waitedMs).toBe(1_000);
  });
});

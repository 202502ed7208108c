import { describe, expect, it } from "vitest";
import { maxGrantsWithin } from "../../../bench/rate-limiter.js";

// The rate-limiter benchmark judges the SDK against this ideal; a wrong ideal would hide a slow limiter.
describe("maxGrantsWithin", () => {
  it("grants a single window's quota once per window", () => {
    expect(maxGrantsWithin([{ requests: 5, perMs: 1_000 }], 1_000)).toBe(5);
    expect(maxGrantsWithin([{ requests: 5, perMs: 1_000 }], 1_001)).toBe(10);
    expect(maxGrantsWithin([{ requests: 5, perMs: 1_000 }], 3_000)).toBe(15);
  });

  it("lets the tighter of two windows decide, as with Altegio's 5/s and 200/min", () => {
    const altegio = [
      { requests: 5, perMs: 1_000 },
      { requests: 200, perMs: 60_000 },
    ];
    expect(maxGrantsWithin(altegio, 10_000)).toBe(50);
    expect(maxGrantsWithin(altegio, 60_000)).toBe(200);
    expect(maxGrantsWithin(altegio, 120_000)).toBe(400);
  });
});

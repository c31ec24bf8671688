import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Backoff, Wakeable } from "./backoff.ts";

describe("Backoff", () => {
  it("doubles the ceiling per failure up to the cap, jittered within its upper half", () => {
    const low = new Backoff(100, 1000, () => 0);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map(() => low.next()),
      [50, 100, 200, 400, 500, 500],
    );
    const high = new Backoff(100, 1000, () => 0.999999);
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(() => high.next()),
      [100, 200, 400, 800, 1000],
    );
    high.reset();
    assert.equal(high.failures, 0);
    assert.equal(high.next(), 100);
  });

  it("spreads retries of many agents", () => {
    const waits = new Set(Array.from({ length: 50 }, () => new Backoff(1000, 60_000).next()));
    assert.ok(waits.size > 10);
    for (const wait of waits) assert.ok(wait >= 500 && wait <= 1000);
  });
});

describe("Wakeable", () => {
  it("wakes a sleeper early, and a wake before a sleep is not lost", async () => {
    const w = new Wakeable();
    const started = performance.now();
    setTimeout(() => w.wake(), 10);
    await w.sleep(5000);
    assert.ok(performance.now() - started < 1000);
    w.wake();
    const again = performance.now();
    await w.sleep(5000);
    assert.ok(performance.now() - again < 100);
  });
});

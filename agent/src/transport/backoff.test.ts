import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleepFor } from "node:timers/promises";
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
  /** "woken" when `sleep` ends before `bound` does; "slept" if the bound came first. */
  const ended = (sleep: Promise<void>, bound: Promise<void>) =>
    Promise.race([sleep.then(() => "woken" as const), bound.then(() => "slept" as const)]);

  it("wakes a sleeper early, and a wake before a sleep is not lost", async (t) => {
    const w = new Wakeable();
    // A sleep of an hour, woken after 10 ms: it must end long before a minute is up, however
    // loaded the machine (a bound of 1 s raced its timers).
    const started = performance.now();
    setTimeout(() => w.wake(), 10);
    const minute = new AbortController();
    const bound = sleepFor(60_000, undefined, { signal: minute.signal }).catch(() => {});
    assert.equal(await ended(w.sleep(3_600_000), bound), "woken");
    minute.abort();
    t.diagnostic(`woken after ${(performance.now() - started).toFixed(0)} ms`);
    // A wake with nobody asleep: the next sleep ends at once, before anything a timer or I/O runs
    // (a setImmediate is the first thing after the microtasks).
    w.wake();
    const immediate = new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(await ended(w.sleep(3_600_000), immediate), "woken");
  });
});

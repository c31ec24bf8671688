import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinTimeline, PeakTimeline } from "./peak-timeline";

const second = (s: number, pps = s, bps = s * 1000) => ({ second: s, pps, bps });

describe("PeakTimeline", () => {
  it("keeps one point a second, the peak of a second heard in parts, and ignores older seconds", () => {
    const timeline = new PeakTimeline(10);
    assert.equal(timeline.push(second(100.2, 5, 50)), true);
    assert.equal(timeline.push(second(100.9, 3, 70)), true);
    assert.equal(timeline.push(second(101, 1, 10)), true);
    assert.equal(timeline.push(second(99, 9, 90)), false);
    assert.deepEqual(timeline.columns(), [
      [100, 101],
      [5, 1],
      [70, 10],
    ]);
  });

  it("merges its older half in pairs at capacity, keeping their peaks and the newest seconds as they are", () => {
    const timeline = new PeakTimeline(8);
    for (let s = 1; s <= 8; s++) timeline.push(second(s, s % 2 === 1 ? s * 10 : s));
    timeline.push(second(9));
    const [xs, pps] = timeline.columns();
    assert.deepEqual(xs, [1, 3, 5, 6, 7, 8, 9]);
    // Pairs (1, 2) and (3, 4) keep their higher value: 10 (not 2) and 30 (not 4).
    assert.deepEqual(pps, [10, 30, 50, 6, 70, 8, 9]);
  });

  it("never holds more than its capacity, keeps the highest peak and the newest half per second", () => {
    const capacity = 100;
    const timeline = new PeakTimeline(capacity);
    for (let s = 0; s < 10_000; s++) {
      timeline.push(second(s, s === 1234 ? 1e9 : 1));
      assert.ok(timeline.size <= capacity);
    }
    const [xs, pps] = timeline.columns();
    assert.equal(Math.max(...pps), 1e9);
    assert.equal(xs[0], 0);
    const tail = xs.slice(-capacity / 2);
    assert.deepEqual(
      tail,
      tail.map((_x, i) => 10_000 - capacity / 2 + i),
    );
  });

  it("refuses a capacity too small to halve", () => {
    assert.throws(() => new PeakTimeline(2), /at least 4/);
  });
});

describe("joinTimeline", () => {
  it("takes the stored points before the seconds read back, then those seconds, then the live ones", () => {
    const timeline = joinTimeline(100, {
      stored: [second(10), second(70), second(130)],
      secondsFrom: 100,
      seconds: [second(100), second(101), second(102)],
      // Heard while the seconds were being read: one of them again, then newer ones.
      heard: [second(102, 500), second(103)],
    });
    const [xs, pps] = timeline.columns();
    assert.deepEqual(xs, [10, 70, 100, 101, 102, 103]);
    assert.deepEqual(pps, [10, 70, 100, 101, 500, 103]);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type TimelinePoint, thinTimeline } from "./timeline.ts";

const seconds = (count: number, rate: (i: number) => number = () => 1): TimelinePoint[] =>
  Array.from({ length: count }, (_, i) => [1_000 + i, rate(i), rate(i) * 8_000]);

describe("thinTimeline", () => {
  it("returns a timeline within the bound as it is", () => {
    const points = seconds(300);
    assert.equal(thinTimeline(points, 300), points);
    assert.deepEqual(thinTimeline([], 5), []);
  });

  it("keeps at most max points, in order, each its stretch's busiest second", () => {
    // 3,600 seconds with a one-second spike at second 1,234: 300 stretches of 12 seconds.
    const points = seconds(3_600, (i) => (i === 1_234 ? 9_999 : 10 + (i % 12)));
    const thinned = thinTimeline(points, 300);
    assert.equal(thinned.length, 300);
    assert.ok(
      thinned.every((p, i) => i === 0 || p[0] > (thinned[i - 1] as TimelinePoint)[0]),
      "in order",
    );
    assert.ok(
      thinned.some((p) => p[0] === 2_234 && p[1] === 9_999),
      "the spike survives",
    );
    assert.ok(
      thinned.filter((p) => p[0] !== 2_234).every((p) => p[1] === 21),
      "each stretch's busiest",
    );
  });

  it("covers the last seconds when the count does not divide evenly", () => {
    // Rising traffic: each stretch's busiest second is its last.
    const thinned = thinTimeline(
      seconds(1_001, (i) => i),
      500,
    );
    assert.equal(thinned.length, 334);
    assert.equal(thinned.at(-1)?.[0], 2_000);
  });

  it("refuses a bound that is not a positive integer", () => {
    assert.throws(() => thinTimeline(seconds(3), 0), RangeError);
    assert.throws(() => thinTimeline(seconds(3), 1.5), RangeError);
  });
});

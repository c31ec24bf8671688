import assert from "node:assert/strict";
import { test } from "node:test";
import { LONE_POINT_HALF_SPAN, timeRange } from "./time-range";

const t = 1_796_433_492;

test("a lone point gets a minute around it, not uPlot's 1000 days after it", () => {
  // What uPlot's autoScaleX hands the range function for one point on a seconds time scale.
  const uplotChoice = [t, t + 86_400_000] as const;
  assert.deepEqual(timeRange({ data: [[t], [80_000]] }, ...uplotChoice), [
    t - LONE_POINT_HALF_SPAN,
    t + LONE_POINT_HALF_SPAN,
  ]);
});

test("a span keeps uPlot's range; no data stays unset", () => {
  assert.deepEqual(
    timeRange(
      {
        data: [
          [t, t + 60],
          [1, 2],
        ],
      },
      t,
      t + 60,
    ),
    [t, t + 60],
  );
  assert.deepEqual(timeRange({ data: [[], []] }, null, null), [null, null]);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  hasSeasonalHistory,
  hourOfWeekLabel,
  seasonalWeekCaption,
  seasonalWeekColumns,
} from "./seasonal-week";

test("hours of the week read as a weekday and a time", () => {
  assert.equal(hourOfWeekLabel(0), "Mon 00:00");
  assert.equal(hourOfWeekLabel(43), "Tue 19:00");
  assert.equal(hourOfWeekLabel(167), "Sun 23:00");
});

test("the columns keep every hour, gaps where there is no history, and the multiplier's line", () => {
  const [x, p99, threshold] = seasonalWeekColumns(
    [
      { hourOfWeek: 19, p99: 1000 },
      { hourOfWeek: 20, p99: null },
    ],
    3,
  );
  assert.equal(x.length, 168);
  assert.equal(p99[19], 1000);
  assert.equal(threshold[19], 3000);
  assert.equal(p99[20], null);
  assert.equal(p99[0], null, "an hour the API left out is a gap, not 0");
  assert.equal(hasSeasonalHistory([{ p99: null }]), false);
  assert.equal(hasSeasonalHistory([{ p99: null }, { p99: 4 }]), true);
});

test("the caption bounds the PPS threshold by the upper line only without a fixed threshold", () => {
  assert.match(
    seasonalWeekCaption("Europe/Berlin", 3),
    /\(Europe\/Berlin\), and 3× it: .* at least the upper line/,
  );
  const fixed = seasonalWeekCaption("UTC", 3, 50_000);
  assert.doesNotMatch(fixed, /at least/);
  assert.match(fixed, /fixed PPS threshold \(50(\.0)? ?k ?pps\) applies in every hour/);
});

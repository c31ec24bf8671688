import assert from "node:assert/strict";
import { test } from "node:test";
import { finishedMinute, HOUR_MS, MINUTE_MS, refreshRanges } from "./rollup-windows.ts";

const t = (iso: string) => new Date(`2026-11-30T${iso}Z`);
const show = (ranges: { from: Date; to: Date }[]) =>
  ranges.map((r) => `${r.from.toISOString().slice(11, 16)}-${r.to.toISOString().slice(11, 16)}`);

test("a run covers the minutes finished since the last one, never the one filling", () => {
  assert.deepEqual(show(refreshRanges(t("10:00:00"), t("10:02:00"), [], MINUTE_MS)), ["10:00-10:02"]);
  assert.deepEqual(refreshRanges(t("10:02:00"), t("10:02:00"), [], MINUTE_MS), []);
});

test("late buckets are added alone, merged when they touch, and ignored when the run covers them", () => {
  const late = [t("08:03:10"), t("08:04:59"), t("08:03:00"), t("09:59:30"), t("10:01:00")];
  assert.deepEqual(show(refreshRanges(t("10:00:00"), t("10:02:00"), late, MINUTE_MS)), [
    "08:03-08:05",
    "09:59-10:02",
  ]);
  assert.deepEqual(show(refreshRanges(t("10:00:00"), t("10:00:00"), [t("07:10:00")], HOUR_MS)), [
    "07:00-08:00",
  ]);
});

test("the finished bound waits for the oldest open transaction and the grace", () => {
  assert.deepEqual(finishedMinute(t("10:02:04"), null, 5000), t("10:01:00"));
  assert.deepEqual(finishedMinute(t("10:02:30"), null, 5000), t("10:02:00"));
  assert.deepEqual(finishedMinute(t("10:02:30"), t("10:00:20"), 5000), t("10:00:00"));
  assert.deepEqual(finishedMinute(t("10:02:30"), t("10:05:00"), 5000), t("10:02:00"));
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { BASELINE_WINDOW, statsOf, thresholdFor } from "./baseline.ts";
import { DEFAULT_FLOORS } from "./metrics.ts";
import { hourOf, seasonalBuckets, seasonalP99, seasonalWeek } from "./seasonal.ts";

const policy = { multiplier: 3, floors: DEFAULT_FLOORS, elevatedFraction: 0.5, overrides: {} };
const learned = (p99: number) => ({ ...statsOf([p99]), samples: BASELINE_WINDOW, p99 });

test("the buckets are the same hour of the week, one to four weeks back", () => {
  const at = Date.UTC(2026, 10, 30, 19, 25); // a Monday, 19:25 UTC
  const buckets = seasonalBuckets(hourOf(at));
  assert.deepEqual(
    buckets.map((b) => b.toISOString()),
    [
      "2026-11-23T19:00:00.000Z",
      "2026-11-16T19:00:00.000Z",
      "2026-11-09T19:00:00.000Z",
      "2026-11-02T19:00:00.000Z",
    ],
  );
});

test("in a workspace's time zone the buckets keep the local hour across a daylight-saving change", () => {
  // Monday 2 November 2026, 19:00 in Berlin (CET, UTC+1); the clocks went back on 25 October.
  const at = Date.UTC(2026, 10, 2, 18);
  assert.deepEqual(
    seasonalBuckets(hourOf(at), 4, "Europe/Berlin").map((b) => b.toISOString()),
    [
      "2026-10-26T18:00:00.000Z", // 19:00 CET
      "2026-10-19T17:00:00.000Z", // 19:00 CEST
      "2026-10-12T17:00:00.000Z",
      "2026-10-05T17:00:00.000Z",
    ],
  );
  // The other way: Monday 30 March 2026, 19:00 CEST, the clocks having gone forward on the 29th.
  assert.deepEqual(
    seasonalBuckets(hourOf(Date.UTC(2026, 2, 30, 17)), 2, "Europe/Berlin").map((b) => b.toISOString()),
    ["2026-03-23T18:00:00.000Z", "2026-03-16T18:00:00.000Z"],
  );
  // No daylight saving: whole weeks, as in UTC; a half-hour zone keeps the bucket its hour starts in.
  assert.deepEqual(
    seasonalBuckets(hourOf(Date.UTC(2026, 2, 30, 13)), 2, "Asia/Kolkata").map((b) => b.toISOString()),
    ["2026-03-23T13:00:00.000Z", "2026-03-16T13:00:00.000Z"],
  );
  assert.deepEqual(seasonalBuckets(hourOf(at), 4, "UTC"), seasonalBuckets(hourOf(at)));
});

test("the seasonal p99 is the 99th percentile of the weeks' hourly p99s, attack and barely-online hours left out", () => {
  const row = (
    week: number,
    pps: number,
    extra: Partial<{ samples: number; attackSeconds: number }> = {},
  ) => ({
    bucket: new Date(Date.UTC(2026, 10, 30 - 7 * week, 19)),
    samples: 3600,
    attackSeconds: 0,
    p99: { PPS: pps, SYN_RECV: pps / 1000 },
    ...extra,
  });
  const s = seasonalP99([
    row(1, 20_000),
    row(2, 22_000),
    row(3, 90_000, { attackSeconds: 40 }),
    row(4, 21_000),
  ]);
  assert.ok(s.PPS !== undefined && s.PPS > 21_900 && s.PPS <= 22_000, `${s.PPS}`);
  assert.ok(s.SYN_RECV !== undefined && s.SYN_RECV <= 22);
  assert.deepEqual(seasonalP99([row(1, 20_000, { samples: 10 })]), {}, "ten seconds online say nothing");
  assert.deepEqual(seasonalP99([]), {});
});

test("threshold = max(floor, multiplier × max(trailing p99, seasonal p99)), with its source", () => {
  // Evening: the node climbs to 20k pps every week at this hour; the last 300 s were 5k.
  assert.deepEqual(thresholdFor("PPS", learned(5_000), policy, 20_000), {
    metric: "PPS",
    threshold: 60_000,
    elevatedAt: 30_000,
    source: "SEASONAL",
  });
  assert.equal(thresholdFor("PPS", learned(25_000), policy, 20_000).source, "LEARNED");
  assert.equal(thresholdFor("PPS", learned(25_000), policy, 20_000).threshold, 75_000);
  // Both quiet: the floor.
  assert.equal(thresholdFor("PPS", learned(100), policy, 200).source, "FLOOR");
  assert.equal(thresholdFor("PPS", learned(100), policy, 200).threshold, DEFAULT_FLOORS.PPS);
  // A manual value wins over both.
  const manual = thresholdFor("PPS", learned(25_000), { ...policy, overrides: { PPS: 7_000 } }, 20_000);
  assert.deepEqual([manual.threshold, manual.source], [7_000, "MANUAL"]);
});

test("a node with history but no trailing window (re-enrolled) does not start at the floor", () => {
  const fresh = thresholdFor("PPS", statsOf([]), policy, 8_000);
  assert.deepEqual([fresh.threshold, fresh.source], [24_000, "SEASONAL"]);
  const none = thresholdFor("PPS", statsOf([]), policy);
  assert.equal(none.source, "FLOOR");
});

test("the seasonal week groups the hours by their local hour of the week, across a daylight-saving change", () => {
  // 19:00 in Berlin on the four Mondays before 2 November 2026: 18:00 UTC after 25 October, 17:00 before.
  const row = (iso: string, pps: number) => ({
    bucket: new Date(iso),
    samples: 3600,
    attackSeconds: 0,
    p99: { PPS: pps },
  });
  const rows = [
    row("2026-10-26T18:00:00Z", 900),
    row("2026-10-19T17:00:00Z", 1000),
    row("2026-10-12T17:00:00Z", 1000),
    row("2026-10-05T17:00:00Z", 1000),
    row("2026-10-06T03:00:00Z", 50), // Tuesday 05:00 in Berlin
    { ...row("2026-10-07T03:00:00Z", 9999), attackSeconds: 12 }, // Wednesday, attacked: left out
  ];
  // Charted on Monday 2 November, 01:00 UTC: every hour of the coming week reaches back into October.
  const monday = hourOf(Date.parse("2026-11-02T01:00:00Z"));
  const week = seasonalWeek(rows, "PPS", "Europe/Berlin", monday);
  assert.equal(week.length, 168);
  const monday19 = week[19];
  assert.equal(monday19?.hourOfWeek, 19);
  assert.ok(monday19?.p99 && monday19.p99 > 990 && monday19.p99 <= 1000, `Monday 19:00: ${monday19?.p99}`);
  assert.equal(week[24 + 5]?.p99, 50);
  assert.equal(week[48 + 5]?.p99, null, "an attacked hour is not a baseline");
  assert.equal(week.filter((h) => h.p99 !== null).length, 2);
  // In UTC the same rows fall in two Monday hours.
  const utc = seasonalWeek(rows, "PPS", "UTC", monday);
  assert.equal(utc[17]?.p99 !== null && utc[18]?.p99 !== null, true);
});

test("the seasonal week is what detection reads in each hour beside a daylight-saving change, the current hour too", () => {
  const row = (iso: string, pps: number) => ({
    bucket: new Date(iso),
    samples: 3600,
    attackSeconds: 0,
    p99: { PPS: pps },
  });
  // Tuesday 10 November 2026, 12:00 UTC: 13:00 in Berlin, whose 13:00s of the four weeks before were
  // at 11:00 UTC in summer time (13 and 20 October), 12:00 after 25 October.
  const now = hourOf(Date.parse("2026-11-10T12:00:00Z"));
  const tuesdays = [
    row("2026-10-13T11:00:00Z", 9000),
    row("2026-10-20T11:00:00Z", 100),
    row("2026-10-27T12:00:00Z", 100),
    row("2026-11-03T12:00:00Z", 100),
  ];
  assert.deepEqual(
    seasonalBuckets(now, 4, "Europe/Berlin")
      .map((b) => b.toISOString())
      .sort(),
    tuesdays.map((r) => r.bucket.toISOString()),
  );
  // 25 October's 02:00 came twice (00:00 and 01:00 UTC); detection next Sunday reads the second.
  const sundays = [row("2026-10-25T00:00:00Z", 7000), row("2026-10-25T01:00:00Z", 200)];
  const week = seasonalWeek([...tuesdays, ...sundays], "PPS", "Europe/Berlin", now);
  const tuesday13 = week[24 + 13]?.p99 ?? 0;
  assert.ok(tuesday13 > 8000, `the oldest week, 4 weeks and an hour back, counts: ${tuesday13}`);
  assert.equal(week[6 * 24 + 2]?.p99, 200, "the hour the clocks repeated counts once, as detection reads it");
});

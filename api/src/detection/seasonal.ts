import { offsetSeconds, secondOfWeek } from "@levee/shared/time-zones";
import { percentile } from "./baseline.ts";
import type { TrafficMetric } from "./metrics.ts";

/**
 * Seasonal baselines: what a node did at the same hour of the week in the last weeks, read from
 * the hourly rollups (traffic_1h, connection_1h). A node that climbs every evening gets an
 * evening threshold from its evenings, and a node that comes back after a pause (re-enrolled,
 * agent reinstalled) gets one from its history instead of starting at the floor. Pure.
 */
export const SEASONAL_WEEKS = 4;
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
/** An hour the node was online for less than this says little about it (seconds of samples). */
export const SEASONAL_MIN_SAMPLES = 60;

/** The hour (epoch ms / 1 h) a time falls in: the seasonal key (a UTC hour, as the rollups' buckets). */
export const hourOf = (ms: number) => Math.floor(ms / HOUR);

/**
 * Starts of the hourly buckets of the same local hour of the week in `timeZone`, 1..weeks weeks
 * before `hour`. In UTC that is `hour` less whole weeks; in a zone with daylight saving, a week
 * that crossed a change is an hour longer or shorter (19:00 in Berlin is 17:00 UTC in summer,
 * 18:00 in winter), so the bucket moves by the difference of the offsets. A zone whose offset is
 * not whole hours has its local hour across two buckets: the one its start falls in. `offset` (the
 * zone's offset in ms at an instant) lets a caller asking for many hours remember the offsets.
 */
export function seasonalBuckets(
  hour: number,
  weeks = SEASONAL_WEEKS,
  timeZone = "UTC",
  offset: (ms: number) => number = (ms) => offsetSeconds(new Date(ms), timeZone) * 1000,
): Date[] {
  const at = hour * HOUR;
  if (timeZone === "UTC") return Array.from({ length: weeks }, (_, i) => new Date(at - (i + 1) * WEEK));
  const local = offset(at);
  return Array.from({ length: weeks }, (_, i) => {
    const before = at - (i + 1) * WEEK;
    // The offset that applies is the one at the instant found, which a first guess can miss by an
    // hour right beside a change: a second step settles it.
    const guess = before + local - offset(before);
    const instant = before + local - offset(guess);
    return new Date(Math.floor(instant / HOUR) * HOUR);
  });
}

/** One hourly rollup row: its p99 per metric (a metric missing from the rollups is absent). */
export interface HourlyRow {
  bucket: Date;
  samples: number;
  attackSeconds: number;
  p99: Partial<Record<TrafficMetric, number>>;
}

export type SeasonalP99 = Partial<Record<TrafficMetric, number>>;

/**
 * The seasonal p99 per metric: the 99th percentile of the hourly p99s of those weeks (with four
 * weeks, close to the highest). Hours with an open incident are left out, so an attack never
 * teaches the seasonal baseline to accept the next one; so are hours the node was barely online.
 */
export function seasonalP99(rows: readonly HourlyRow[], minSamples = SEASONAL_MIN_SAMPLES): SeasonalP99 {
  const byMetric = new Map<TrafficMetric, number[]>();
  for (const row of rows) {
    if (row.attackSeconds > 0 || row.samples < minSamples) continue;
    for (const [metric, value] of Object.entries(row.p99) as [TrafficMetric, number][]) {
      if (!Number.isFinite(value)) continue;
      byMetric.set(metric, [...(byMetric.get(metric) ?? []), value]);
    }
  }
  const out: SeasonalP99 = {};
  for (const [metric, values] of byMetric)
    out[metric] = percentile(
      values.sort((a, b) => a - b),
      0.99,
    );
  return out;
}

/** Hours in a week: the points of a node's seasonal week. */
export const HOURS_OF_WEEK = 168;

/** One hour of a node's seasonal week: its local hour (0 = Monday 00:00) and that hour's seasonal p99. */
export interface SeasonalHour {
  hourOfWeek: number;
  /** null: no hour of those weeks counts (none stored, attacked, or barely online). */
  p99: number | null;
}

/**
 * A node's seasonal baseline over the whole week, for the chart beside its thresholds: for each
 * local hour of the week in `timeZone`, the seasonal p99 detection uses the next time that hour
 * comes (from `hour`, epoch ms / 1 h, on): seasonalP99 of the rows of its seasonalBuckets. Grouping
 * the last four weeks' rows by local hour instead was off beside a daylight-saving change: the
 * current hour lost its oldest week, and the hour the clocks repeat counted twice. The hour the
 * coming week skips (spring forward) has no bucket of its own: its local hour's rows of the last four
 * weeks count.
 */
export function seasonalWeek(
  rows: readonly HourlyRow[],
  metric: TrafficMetric,
  timeZone: string,
  hour: number,
): SeasonalHour[] {
  const byBucket = new Map(rows.map((row) => [row.bucket.getTime(), row]));
  const localHour = (ms: number) => Math.floor(secondOfWeek(new Date(ms), timeZone) / 3600);
  // 168 hours' buckets ask for ~840 offsets, most of them twice or more: remembered, half the CPU.
  const offsets = new Map<number, number>();
  const offset = (ms: number) => {
    let known = offsets.get(ms);
    if (known === undefined) {
      known = offsetSeconds(new Date(ms), timeZone) * 1000;
      offsets.set(ms, known);
    }
    return known;
  };
  const week = new Map<number, number | null>();
  for (let at = hour; at < hour + HOURS_OF_WEEK; at++) {
    const local = localHour(at * HOUR);
    if (week.has(local)) continue; // the hour the clocks go back over: its first time
    const picked = seasonalBuckets(at, SEASONAL_WEEKS, timeZone, offset).flatMap(
      (b) => byBucket.get(b.getTime()) ?? [],
    );
    week.set(local, seasonalP99(picked)[metric] ?? null);
  }
  const since = (hour - SEASONAL_WEEKS * HOURS_OF_WEEK) * HOUR;
  return Array.from({ length: HOURS_OF_WEEK }, (_, hourOfWeek) => {
    const p99 = week.has(hourOfWeek)
      ? week.get(hourOfWeek)
      : seasonalP99(
          rows.filter((r) => r.bucket.getTime() >= since && localHour(r.bucket.getTime()) === hourOfWeek),
        )[metric];
    return { hourOfWeek, p99: p99 ?? null };
  });
}

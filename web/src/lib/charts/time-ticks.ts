// Where a time axis puts its labels. uPlot's own choice keeps a fixed 50 px between ticks whatever the
// labels say, so "12:00:05" labels overlapped on a phone and on long ranges. Here the step is the smallest
// nice step at which every pair of neighbouring labels, measured, fits with a gap between them; when not
// even the largest step fits (a chart a few pixels wide), one label is shown. Times are UTC, as every
// other time the dashboard shows ("2026-12-03 12:00:05 UTC", lib/format/units.ts): an axis on the
// viewer's clock disagreed, outside UTC, with the start and end times printed beside the chart. Pure:
// the caller measures text, so tests run without a canvas.

/** Tick steps in seconds, smallest first: seconds, minutes, hours, days, weeks, months, a year. */
export const NICE_TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800,
  604_800, 1_209_600, 2_592_000, 7_776_000, 31_536_000,
] as const;

const MINUTE = 60;
const DAY = 86_400;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface TimeTickInput {
  /** The axis's range, in seconds since the epoch. */
  min: number;
  max: number;
  /** Width of the plot in CSS pixels. */
  widthPx: number;
  /** Width of a label in CSS pixels, as drawn. */
  measure: (label: string) => number;
  /** Least free space between two labels, in CSS pixels. */
  gapPx?: number;
}

export interface TimeTicks {
  step: number;
  ticks: number[];
  labels: string[];
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A tick's label, in UTC: seconds for steps under a minute, hours and minutes under a day, the date from a
 * day up. A tick at midnight under a day shows the date instead, so a range across days says which day it is.
 */
export function formatTimeTick(seconds: number, step: number): string {
  const time = new Date(seconds * 1000);
  const date = `${MONTHS[time.getUTCMonth()]} ${time.getUTCDate()}`;
  const hm = `${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}`;
  if (step >= DAY) return date;
  if (step < MINUTE) return `${hm}:${pad(time.getUTCSeconds())}`;
  const midnight = time.getUTCHours() === 0 && time.getUTCMinutes() === 0;
  return midnight ? date : hm;
}

/** Ticks in [min, max] at multiples of `step` in UTC (so hours fall on :00 UTC, days on midnight UTC). */
export function timeTicksAt(min: number, max: number, step: number): number[] {
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max; tick += step) ticks.push(tick);
  return ticks;
}

function labelsFit(
  ticks: readonly number[],
  labels: readonly string[],
  pxPerSecond: number,
  measure: (label: string) => number,
  gapPx: number,
) {
  for (let i = 1; i < ticks.length; i++) {
    const distance = ((ticks[i] as number) - (ticks[i - 1] as number)) * pxPerSecond;
    const needed = (measure(labels[i - 1] as string) + measure(labels[i] as string)) / 2 + gapPx;
    if (distance < needed) return false;
  }
  return true;
}

/** The smallest nice step whose labels all fit, with its ticks and labels. */
export function chooseTimeTicks(input: TimeTickInput): TimeTicks {
  const { min, max, widthPx, measure, gapPx = 16 } = input;
  if (!(Number.isFinite(min) && Number.isFinite(max) && max > min))
    throw new RangeError(`a time axis needs min < max (got ${min} and ${max})`);
  if (!(widthPx > 0)) return { step: NICE_TIME_STEPS[0], ticks: [], labels: [] };
  const pxPerSecond = widthPx / (max - min);
  for (const step of NICE_TIME_STEPS) {
    // Cheap refusal first: steps closer than the gap cannot fit any label, and would mean many ticks.
    if (step * pxPerSecond < gapPx) continue;
    const ticks = timeTicksAt(min, max, step);
    const labels = ticks.map((t) => formatTimeTick(t, step));
    if (labelsFit(ticks, labels, pxPerSecond, measure, gapPx)) return { step, ticks, labels };
  }
  // Nothing fits: one label (from the largest step that has a tick in range) cannot overlap another.
  for (const step of [...NICE_TIME_STEPS].reverse()) {
    const [first] = timeTicksAt(min, max, step);
    if (first !== undefined) return { step, ticks: [first], labels: [formatTimeTick(first, step)] };
  }
  return { step: NICE_TIME_STEPS[0], ticks: [], labels: [] };
}

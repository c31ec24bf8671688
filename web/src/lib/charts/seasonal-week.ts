// The node page's seasonal week: the API's 168 local hours as chart columns and axis labels. Pure,
// for node:test.
import { formatPps } from "../format/units";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** "Tue 19:00" for local hour of the week 43 (0 is Monday 00:00). */
export function hourOfWeekLabel(hourOfWeek: number): string {
  const day = DAYS[Math.floor(hourOfWeek / 24) % 7] ?? "";
  return `${day} ${String(hourOfWeek % 24).padStart(2, "0")}:00`;
}

/**
 * The chart's columns: x the hours 0–167, the seasonal p99 (null: no history for that hour, a gap)
 * and the multiplier × it, the least the threshold is in that hour. Hours the API left out are gaps.
 */
export function seasonalWeekColumns(
  hours: ReadonlyArray<{ hourOfWeek: number; p99: number | null }>,
  multiplier: number,
): [number[], (number | null)[], (number | null)[]] {
  const byHour = new Map(hours.map((h) => [h.hourOfWeek, h.p99]));
  const x = Array.from({ length: 168 }, (_, i) => i);
  const p99 = x.map((i) => byHour.get(i) ?? null);
  return [x, p99, p99.map((v) => (v === null ? null : v * multiplier))];
}

/** Whether any hour has history (else the chart says why it is empty). */
export function hasSeasonalHistory(hours: ReadonlyArray<{ p99: number | null }>): boolean {
  return hours.some((h) => h.p99 !== null);
}

/**
 * What the chart's two lines mean for the PPS threshold. A fixed (MANUAL) PPS threshold replaces
 * the learned and seasonal ones in every hour (thresholdFor), so the upper line is no bound then.
 */
export function seasonalWeekCaption(timeZone: string, multiplier: number, fixedPps?: number): string {
  const lines = `Each hour's p99 over the last 4 weeks (${timeZone}), and ${multiplier}× it`;
  return fixedPps === undefined
    ? `${lines}: in that hour the PPS threshold is at least the upper line.`
    : `${lines}. The fixed PPS threshold (${formatPps(fixedPps)}) applies in every hour instead.`;
}

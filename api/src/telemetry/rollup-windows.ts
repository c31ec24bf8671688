/**
 * Which buckets a rollup run recomputes (pure; rollups.ts does the I/O). A run covers the
 * buckets finished since the last one, [refreshedTo, upTo), plus the older buckets that received
 * late samples, merged into as few contiguous ranges as possible. An unfinished bucket is never
 * computed: it would be recomputed on every run while it fills (on TimescaleDB it would also make
 * every on-time insert write an invalidation entry).
 */
export interface Range {
  from: Date;
  to: Date;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** How long after its minute ends a sample is still on time (a 1 Hz agent's last push of it). */
export const LATE_GRACE_MS = 5_000;

export function floorTo(time: number, widthMs: number): number {
  return Math.floor(time / widthMs) * widthMs;
}

export function refreshRanges(refreshedTo: Date, upTo: Date, late: Date[], widthMs: number): Range[] {
  const starts = late.map((b) => floorTo(b.getTime(), widthMs)).filter((b) => b < refreshedTo.getTime());
  const ranges: [number, number][] = [...new Set(starts)].sort((a, b) => a - b).map((b) => [b, b + widthMs]);
  if (upTo.getTime() > refreshedTo.getTime()) ranges.push([refreshedTo.getTime(), upTo.getTime()]);
  const merged: [number, number][] = [];
  for (const [from, to] of ranges) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged.map(([from, to]) => ({ from: new Date(from), to: new Date(to) }));
}

/**
 * The last minute a run may treat as finished. A sample is marked late when its minute ended
 * `graceMs` before its transaction began; `oldestOpen` is the start of the oldest transaction
 * still open on the database. Every sample not yet visible to the run belongs to a transaction
 * that began at or after oldestOpen, so unless marked it lies at or after the bound returned.
 */
export function finishedMinute(now: Date, oldestOpen: Date | null, graceMs: number): Date {
  const from = oldestOpen && oldestOpen.getTime() < now.getTime() ? oldestOpen : now;
  return new Date(floorTo(from.getTime() - graceMs, MINUTE_MS));
}

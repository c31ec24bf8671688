// An open incident's chart data while it grows: one point a second (packets/s and bits/s), in uPlot's
// column layout. Memory is bounded by one rule: once it holds `capacity` points, its older half is merged
// in neighbouring pairs (each pair becomes its first second with the higher of each value), so the
// newest capacity / 2 seconds always stay per second, older stretches get coarser the older they are,
// and no peak is thinned away. A second heard in parts, or twice, keeps its peak; an older second is
// ignored (a live second that the stored history already holds).

export interface TimelineSecond {
  /** Seconds since the epoch; fractions are dropped. */
  second: number;
  pps: number;
  bps: number;
}

export class PeakTimeline {
  private xs: number[] = [];
  private pps: number[] = [];
  private bps: number[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 4)
      throw new RangeError(`a timeline needs a capacity of at least 4 points (got ${capacity})`);
  }

  get size(): number {
    return this.xs.length;
  }

  lastSecond(): number | undefined {
    return this.xs.at(-1);
  }

  /** Adds a second; false when it is older than the last one (and so changes nothing). */
  push({ second: at, pps, bps }: TimelineSecond): boolean {
    const second = Math.floor(at);
    const last = this.xs.length - 1;
    const lastSecond = this.xs[last];
    if (lastSecond !== undefined && second < lastSecond) return false;
    if (second === lastSecond) {
      this.pps[last] = Math.max(this.pps[last] ?? 0, pps);
      this.bps[last] = Math.max(this.bps[last] ?? 0, bps);
      return true;
    }
    if (this.xs.length >= this.capacity) this.thinOlderHalf();
    this.xs.push(second);
    this.pps.push(pps);
    this.bps.push(bps);
    return true;
  }

  /** [seconds, packets/s, bits/s], the arrays themselves (uPlot copies nothing; do not modify them). */
  columns(): [number[], number[], number[]] {
    return [this.xs, this.pps, this.bps];
  }

  private thinOlderHalf() {
    const half = Math.floor(this.xs.length / 2);
    const merge = (column: number[], peak: boolean) => {
      const out: number[] = [];
      for (let i = 0; i < half; i += 2) {
        const a = column[i] as number;
        const b = i + 1 < half ? (column[i + 1] as number) : a;
        out.push(peak ? Math.max(a, b) : a);
      }
      return out.concat(column.slice(half));
    };
    this.xs = merge(this.xs, false);
    this.pps = merge(this.pps, true);
    this.bps = merge(this.bps, true);
  }
}

/**
 * An open incident's chart as it starts: the stored timeline (thinned, sampled) up to `secondsFrom`, where
 * the per-second history read back begins, then that history, then the live seconds heard meanwhile.
 */
export function joinTimeline(
  capacity: number,
  parts: Readonly<{
    stored: readonly TimelineSecond[];
    secondsFrom: number;
    seconds: readonly TimelineSecond[];
    heard: readonly TimelineSecond[];
  }>,
): PeakTimeline {
  const timeline = new PeakTimeline(capacity);
  for (const point of parts.stored) if (point.second < parts.secondsFrom) timeline.push(point);
  for (const point of [...parts.seconds, ...parts.heard]) timeline.push(point);
  return timeline;
}

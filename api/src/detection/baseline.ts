import {
  type Floors,
  learnedValue,
  type MetricValues,
  TRAFFIC_METRICS,
  type TrafficMetric,
} from "./metrics.ts";

/** Samples a baseline is learned from; until a node has this many quiet seconds it is LEARNING. */
export const BASELINE_WINDOW = 300;

export interface BaselineStats {
  samples: number;
  avg: number;
  p95: number;
  p99: number;
  /**
   * Seconds of the window whose value was read, when fewer than `samples` (socket counts not
   * read); absent when all were, and in statistics saved before a restart (node_baseline keeps no
   * such column).
   */
  read?: number;
}

/**
 * Fewer read seconds than this (in a window with seconds not read) learn nothing: a p99 of a
 * handful of seconds says little about the node, as an hour with under a minute of samples says
 * little to the seasonal baseline (SEASONAL_MIN_SAMPLES).
 */
export const MIN_READ_SECONDS = 60;

/** Whether the statistics were learned from values (not a window whose counts went unread). */
export function learnedFromValues(stats: BaselineStats): boolean {
  return stats.read === undefined || stats.read >= Math.min(stats.samples, MIN_READ_SECONDS);
}

/** Which value set a threshold: the trailing window, the same hour in past weeks, a person, or the floor. */
export type ThresholdSource = "LEARNED" | "SEASONAL" | "MANUAL" | "FLOOR";

export interface Threshold {
  metric: TrafficMetric;
  threshold: number;
  /** Above this (a fraction of threshold) the node is ELEVATED. */
  elevatedAt: number;
  source: ThresholdSource;
}

export interface ThresholdPolicy {
  multiplier: number;
  floors: Floors;
  elevatedFraction: number;
  overrides: Partial<Record<TrafficMetric, number>>;
}

/** Linear-interpolated percentile of sorted values (the same definition as percentile_cont). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

/**
 * Statistics of a window's values; NaN values (socket counts not read, learnedValue) are left out
 * of avg and the percentiles, which are those of the values read; under MIN_READ_SECONDS of them
 * (fewer than the window holds) they are all 0, as with none read. `samples` still counts every
 * second of the window: it says how long the node has been learning, and a node whose counts are
 * never read keeps a p99 of 0 for those metrics (its seasonal p99 or the floor sets the threshold).
 */
export function statsOf(values: ArrayLike<number>): BaselineStats {
  const n = values.length;
  let read = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i] as number)) read++;
  if (read === n) return statsOfRead(values);
  if (read < MIN_READ_SECONDS) return { samples: n, avg: 0, p95: 0, p99: 0, read };
  const kept = new Float64Array(read);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) kept[k++] = v;
  }
  return { ...statsOfRead(kept), samples: n, read };
}

/** Statistics of values that are all numbers. */
function statsOfRead(values: ArrayLike<number>): BaselineStats {
  const n = values.length;
  if (n === 0) return { samples: 0, avg: 0, p95: 0, p99: 0 };
  // The p95 and p99 of n values need only the sorted values from the p95's rank up: the top
  // k (16 of 300), kept in order as the values pass. Sorting all 300 for each of eight metrics
  // was a tenth of the API's CPU when 10,000 nodes reconnected and had their windows restored.
  const from = Math.floor(0.95 * (n - 1));
  const top = new Float64Array(n - from);
  let kept = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    sum += v;
    if (kept < top.length) kept++;
    else if (v > (top[0] as number)) top.copyWithin(0, 1);
    else continue;
    // Insert v in order among the kept values (ascending; the lowest leaves first).
    let j = kept - 1;
    while (j > 0 && (top[j - 1] as number) > v) {
      top[j] = top[j - 1] as number;
      j--;
    }
    top[j] = v;
  }
  const ranked = (p: number) => {
    const rank = p * (n - 1);
    const a = top[Math.floor(rank) - from] as number;
    const b = top[Math.ceil(rank) - from] as number;
    return a + (b - a) * (rank - Math.floor(rank));
  };
  return { samples: n, avg: sum / n, p95: ranked(0.95), p99: ranked(0.99) };
}

/**
 * threshold = max(floor, multiplier × max(trailing p99, seasonal p99)); a manual value wins. The
 * trailing p99 counts once learned (300 quiet seconds); the seasonal p99 (same hour of the week
 * over past weeks, see seasonal.ts) counts at once, so a node with history never starts at the floor.
 */
export function thresholdFor(
  metric: TrafficMetric,
  stats: BaselineStats | undefined,
  policy: ThresholdPolicy,
  seasonalP99?: number,
): Threshold {
  const manual = policy.overrides[metric];
  const floor = policy.floors[metric];
  let threshold = floor;
  let source: ThresholdSource = "FLOOR";
  const learned = stats && stats.samples >= BASELINE_WINDOW ? stats.p99 : 0;
  const seasonal = seasonalP99 ?? 0;
  if (manual !== undefined) {
    threshold = manual;
    source = "MANUAL";
  } else if (Math.max(learned, seasonal) * policy.multiplier > floor) {
    threshold = Math.max(learned, seasonal) * policy.multiplier;
    source = seasonal > learned ? "SEASONAL" : "LEARNED";
  }
  return { metric, threshold, elevatedAt: threshold * policy.elevatedFraction, source };
}

/** Learned p99 may rise at most this factor per hour: slow ramps are followed, an attacker
 * nudging traffic just under the threshold cannot walk it up. */
export const MAX_GROWTH_PER_HOUR = 1.25;

/** Limits how fast each metric's learned p99 may rise (see MAX_GROWTH_PER_HOUR). */
export function capGrowth(
  fresh: Record<TrafficMetric, BaselineStats>,
  previous: Record<TrafficMetric, BaselineStats> | null,
  elapsedMs: number,
): Record<TrafficMetric, BaselineStats> {
  if (!previous) return fresh;
  const factor = MAX_GROWTH_PER_HOUR ** (Math.max(elapsedMs, 0) / 3_600_000);
  const out = { ...fresh };
  for (const metric of TRAFFIC_METRICS) {
    const before = previous[metric];
    // A p99 learned from nothing (its counts went unread) does not hold back the first one
    // learned from values: from 1, at 25 % an hour, a server's 20,000 sockets would be an
    // attack for two days.
    if (before.samples < BASELINE_WINDOW || !learnedFromValues(before)) continue;
    const p99 = Math.min(fresh[metric].p99, Math.max(before.p99, 1) * factor);
    out[metric] = { ...fresh[metric], p99, p95: Math.min(fresh[metric].p95, p99) };
  }
  return out;
}

/** Samples a window has room for at its first (BaselineWindow.capacity). */
const INITIAL_CAPACITY = 16;

/**
 * The trailing window of one node's quiet seconds, one ring per metric (attack seconds are
 * left out so a flood never teaches the baseline to accept itself).
 */
export class BaselineWindow {
  /**
   * Allocated on the first sample: a read-only view of a node (a dashboard page of 200 nodes with
   * their detection state, node-detection.loader.ts) never adds one, and its 9.6 KB of rings per
   * node were 1.9 MB of garbage a page — a third of the event loop's longest stalls under load
   * was the collector. The metrics' rings share one buffer (metric i at i × capacity): a
   * reconnect storm of 10,000 new nodes allocated 80,000 buffers, 0.6 s of the API's CPU.
   */
  private rings: Float32Array | undefined;
  /**
   * Samples each metric's ring has room for: INITIAL_CAPACITY at first, grown as samples come, up
   * to BASELINE_WINDOW. A full window from the start was 9.6 KB a node for its first second: the
   * first samples of 10,000 new nodes (a reconnect storm) allocated 96 MB of rings that each held
   * one sample, in ~460 ms of CPU; grown, 5 MB in ~90 ms. Until it is full a ring has never
   * wrapped (`next` is `size`), so growing keeps each metric's samples in order.
   */
  private capacity = 0;
  private next = 0;
  size = 0;

  add(sample: MetricValues): void {
    if (this.next === this.capacity) this.grow(this.size + 1);
    const rings = this.rings as Float32Array;
    for (let i = 0; i < TRAFFIC_METRICS.length; i++)
      rings[i * this.capacity + this.next] = learnedValue(sample, TRAFFIC_METRICS[i] as TrafficMetric);
    this.next = (this.next + 1) % BASELINE_WINDOW;
    this.size = Math.min(this.size + 1, BASELINE_WINDOW);
  }

  /**
   * Adds `rows` samples packed as big-endian float8, `TRAFFIC_METRICS.length` per sample in the
   * order of TRAFFIC_METRICS, oldest first (NaN for a count not read): as if each were passed to `add`.
   */
  addPacked(packed: Uint8Array, rows: number): void {
    const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
    const metrics = TRAFFIC_METRICS.length;
    this.grow(this.size + rows);
    const rings = this.rings as Float32Array;
    for (let row = 0; row < rows; row++) {
      for (let i = 0; i < metrics; i++)
        rings[i * this.capacity + this.next] = view.getFloat64((row * metrics + i) * 8);
      this.next = (this.next + 1) % BASELINE_WINDOW;
      this.size = Math.min(this.size + 1, BASELINE_WINDOW);
    }
  }

  /**
   * Adds every sample of `later`, oldest first, as if each were passed to `add`: a window read
   * from storage after the node's first live seconds (node-detection.loader.ts) takes them on.
   */
  append(later: BaselineWindow): void {
    // Its own samples would be read while they are overwritten (and counted as they grow).
    if (later === this) throw new Error("a window cannot take on its own samples");
    if (!later.rings || later.size === 0) return;
    this.grow(this.size + later.size);
    const rings = this.rings as Float32Array;
    const oldest = (later.next - later.size + BASELINE_WINDOW) % BASELINE_WINDOW;
    for (let k = 0; k < later.size; k++) {
      const from = (oldest + k) % BASELINE_WINDOW;
      for (let i = 0; i < TRAFFIC_METRICS.length; i++)
        rings[i * this.capacity + this.next] = later.rings[i * later.capacity + from] as number;
      this.next = (this.next + 1) % BASELINE_WINDOW;
      this.size = Math.min(this.size + 1, BASELINE_WINDOW);
    }
  }

  /** Room for `wanted` samples (at most BASELINE_WINDOW: past it the ring wraps), each metric's kept in order. */
  private grow(wanted: number): void {
    if (this.capacity >= Math.min(wanted, BASELINE_WINDOW)) return;
    const capacity = Math.min(BASELINE_WINDOW, Math.max(wanted, this.capacity * 4, INITIAL_CAPACITY));
    const rings = new Float32Array(TRAFFIC_METRICS.length * capacity);
    const old = this.rings;
    if (old)
      for (let i = 0; i < TRAFFIC_METRICS.length; i++)
        rings.set(old.subarray(i * this.capacity, i * this.capacity + this.size), i * capacity);
    this.rings = rings;
    this.capacity = capacity;
  }

  stats(): Record<TrafficMetric, BaselineStats> {
    const out = {} as Record<TrafficMetric, BaselineStats>;
    TRAFFIC_METRICS.forEach((metric, i) => {
      const start = i * this.capacity;
      out[metric] = statsOf(this.rings ? this.rings.subarray(start, start + this.size) : []);
    });
    return out;
  }
}

import type { MetricPeak } from "@levee/shared/detection/metric-peaks";
import { MAX_TIMELINE_POINTS } from "../incidents/timeline.ts";
import type { Threshold } from "./baseline.ts";
import { type MetricValues, metricValue, type TrafficMetric } from "./metrics.ts";

/**
 * Per-node detection state machine, evaluated for every sample as it is ingested.
 * NORMAL → ELEVATED (a metric above its elevatedAt) → ATTACK (a metric above its threshold:
 * an incident opens on that very sample). An open incident resolves once every metric has
 * stayed below resolveFraction × threshold for quietSeconds (hysteresis: values between that
 * and the threshold keep it open; ELEVATED ends the same way).
 */
export type DetectionLevel = "NORMAL" | "ELEVATED" | "ATTACK";
export type Severity = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

export interface DetectorOptions {
  quietSeconds: number;
  resolveFraction: number;
  /** Timeline points kept per incident (one per second); older seconds are thinned out. */
  maxTimelinePoints: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  quietSeconds: 30,
  resolveFraction: 0.8,
  maxTimelinePoints: MAX_TIMELINE_POINTS,
};

export interface DetectorSample extends MetricValues {
  /** Epoch milliseconds. */
  ts: number;
}

export interface OpenIncident {
  startedAt: number;
  lastAttackAt: number;
  quietSince: number | null;
  peakPps: number;
  peakBps: number;
  /** Highest value / threshold seen on any metric. */
  peakRatio: number;
  severity: Severity;
  triggerMetrics: TrafficMetric[];
  /**
   * Each trigger metric's highest value and its threshold then: the incident's size in the units of
   * what triggered it (a TCP flood's packets/s may barely show on the sampled interface's rxPps).
   * Replaced, never changed in place, when a peak rises (events hand this object on).
   */
  triggerPeaks: TriggerPeak[];
  /** [epoch seconds, rxPps, rxBps] per second. */
  timeline: [number, number, number][];
  /** Peak ratio last announced (OPENED/UPDATED), to announce growth, not every second. */
  announcedRatio: number;
}

export interface TriggerPeak extends MetricPeak {
  metric: TrafficMetric;
}

export interface DetectorState {
  level: DetectionLevel;
  lastTs: number | null;
  incident: OpenIncident | null;
}

export type DetectorEvent =
  | { kind: "OPENED"; incident: OpenIncident }
  | { kind: "UPDATED"; incident: OpenIncident }
  | { kind: "RESOLVED"; incident: OpenIncident; endedAt: number };

export interface StepResult {
  state: DetectorState;
  /** The sample's own level (ATTACK only when above a threshold). */
  sampleLevel: DetectionLevel;
  /** True while an incident is open after this sample (stored with the sample). */
  attack: boolean;
  events: DetectorEvent[];
  /** The sample was older than one already evaluated for this node (a replay): not evaluated. */
  skipped: boolean;
}

export const initialDetectorState = (): DetectorState => ({ level: "NORMAL", lastTs: null, incident: null });

export function severityOf(ratio: number): Severity {
  if (ratio >= 10) return "CRITICAL";
  if (ratio >= 5) return "HIGH";
  if (ratio >= 2) return "MEDIUM";
  return "LOW";
}

function assess(sample: MetricValues, thresholds: readonly Threshold[], resolveFraction: number) {
  let level: DetectionLevel = "NORMAL";
  let ratio = 0;
  let quiet = true;
  let calm = true;
  const over: TrafficMetric[] = [];
  for (const t of thresholds) {
    const value = metricValue(sample, t.metric);
    if (t.threshold > 0) ratio = Math.max(ratio, value / t.threshold);
    if (value > t.threshold) {
      level = "ATTACK";
      over.push(t.metric);
    } else if (value > t.elevatedAt && level === "NORMAL") level = "ELEVATED";
    if (value >= t.threshold * resolveFraction) quiet = false;
    if (value >= t.elevatedAt * resolveFraction) calm = false;
  }
  return { level, ratio, quiet, calm, over };
}

export function step(
  state: DetectorState,
  sample: DetectorSample,
  thresholds: readonly Threshold[],
  options: DetectorOptions = DEFAULT_DETECTOR_OPTIONS,
): StepResult {
  if (state.lastTs !== null && sample.ts <= state.lastTs) {
    // Late or replayed: not evaluated again; stored as attack when it falls in the open incident.
    const attack = state.incident !== null && sample.ts >= state.incident.startedAt;
    return { state, sampleLevel: state.level, attack, events: [], skipped: true };
  }
  const assessed = assess(sample, thresholds, options.resolveFraction);
  const { ratio, quiet, over } = assessed;
  // Hysteresis for ELEVATED too: it ends only once every metric is below resolveFraction of
  // its elevated level, so traffic hovering around that level does not flap.
  const level: DetectionLevel =
    assessed.level === "NORMAL" && state.level !== "NORMAL" && !assessed.calm ? "ELEVATED" : assessed.level;
  const events: DetectorEvent[] = [];
  let incident = state.incident ? { ...state.incident } : null;

  if (!incident && level === "ATTACK") {
    incident = {
      startedAt: sample.ts,
      lastAttackAt: sample.ts,
      quietSince: null,
      peakPps: sample.rxPps,
      peakBps: sample.rxBps,
      peakRatio: ratio,
      severity: severityOf(ratio),
      triggerMetrics: over,
      triggerPeaks: keepTriggerPeaks([], over, sample, thresholds),
      timeline: [],
      announcedRatio: ratio,
    };
    events.push({ kind: "OPENED", incident });
  } else if (incident) {
    incident.peakPps = Math.max(incident.peakPps, sample.rxPps);
    incident.peakBps = Math.max(incident.peakBps, sample.rxBps);
    if (level === "ATTACK") {
      incident.lastAttackAt = sample.ts;
      incident.triggerMetrics = [...new Set([...incident.triggerMetrics, ...over])];
    }
    incident.triggerPeaks = keepTriggerPeaks(
      incident.triggerPeaks,
      incident.triggerMetrics,
      sample,
      thresholds,
    );
    incident.peakRatio = Math.max(incident.peakRatio, ratio);
    incident.quietSince = quiet ? (incident.quietSince ?? sample.ts) : null;
    const severity = severityOf(incident.peakRatio);
    if (severity !== incident.severity || incident.peakRatio >= incident.announcedRatio * 1.25) {
      incident.severity = severity;
      incident.announcedRatio = incident.peakRatio;
      events.push({ kind: "UPDATED", incident });
    }
  }

  if (incident) {
    incident.timeline = appendPoint(incident.timeline, sample, options.maxTimelinePoints);
    if (incident.quietSince !== null && sample.ts - incident.quietSince >= options.quietSeconds * 1000) {
      events.push({ kind: "RESOLVED", incident, endedAt: incident.quietSince });
      const next: DetectorState = { level, lastTs: sample.ts, incident: null };
      return { state: next, sampleLevel: level, attack: false, events, skipped: false };
    }
  }
  const next: DetectorState = { level: incident ? "ATTACK" : level, lastTs: sample.ts, incident };
  return { state: next, sampleLevel: level, attack: incident !== null, events, skipped: false };
}

/**
 * Raises the trigger metrics' peaks to this sample's values where higher, with the threshold in force
 * now. The same array when nothing rose (most seconds of a long attack): no allocation then. A
 * trigger metric without a peak gets this sample's value (an incident stored before peaks were kept,
 * restored after a restart, starts counting there).
 */
export function keepTriggerPeaks(
  peaks: readonly TriggerPeak[],
  triggers: readonly TrafficMetric[],
  sample: MetricValues,
  thresholds: readonly Threshold[],
): TriggerPeak[] {
  let kept = peaks as TriggerPeak[];
  for (const metric of triggers) {
    const value = metricValue(sample, metric);
    const at = kept.findIndex((p) => p.metric === metric);
    const previous = kept[at];
    if (previous && value <= previous.peak) continue;
    const threshold =
      thresholds.find((t) => t.metric === metric)?.threshold ?? previous?.thresholdAtPeak ?? 0;
    if (kept === peaks) kept = [...peaks];
    const peak: TriggerPeak = { metric, peak: value, thresholdAtPeak: threshold };
    if (previous) kept[at] = peak;
    else kept.push(peak);
  }
  return kept;
}

/**
 * Appends in place (the timeline is the one growing thing; copying it every second would be O(n²)).
 * A second sampled in parts (an early sub-second sample, then the rest) stays one point: its peak.
 * A full timeline halves: each pair of points gives way to its busier one (higher rxPps), as
 * Incident.timeline(maxPoints:) thins (incidents/timeline.ts), so a spike in an odd second of a
 * long attack is still on its chart (keeping every other point dropped it).
 */
function appendPoint(timeline: [number, number, number][], sample: DetectorSample, max: number) {
  const second = Math.floor(sample.ts / 1000);
  const last = timeline.at(-1);
  if (last && last[0] === second) {
    last[1] = Math.max(last[1], sample.rxPps);
    last[2] = Math.max(last[2], sample.rxBps);
    return timeline;
  }
  if (timeline.length >= max) {
    let kept = 0;
    for (let i = 0; i < timeline.length; i += 2) {
      const first = timeline[i] as [number, number, number];
      const second = timeline[i + 1];
      timeline[kept++] = second && second[1] > first[1] ? second : first;
    }
    timeline.length = kept;
  }
  timeline.push([second, sample.rxPps, sample.rxBps]);
  return timeline;
}

import { type AttackFamily, FAMILY_LABELS } from "@levee/shared/classification/families";
import { count, rate } from "@levee/shared/classification/format";
import {
  METRIC_SHORT_NAMES,
  type MetricPeak,
  peakLabelOf,
  unitOf,
} from "@levee/shared/detection/metric-peaks";

/** The event a message announces; TEST is what testAlertChannel sends. */
export type AlertEvent = "OPENED" | "UPDATED" | "RESOLVED" | "TEST";
export type Severity = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

/** Everything a channel renders, built once per delivery from the stored incident. */
export interface AlertMessage {
  event: AlertEvent;
  incidentId: string;
  workspaceName: string;
  /** The workspace's product name (white label): messages never name the platform otherwise. */
  productName: string;
  nodeName: string;
  severity: Severity;
  family: string | null;
  /**
   * The capture was classified: with no family, its packets showed no known attack pattern (not
   * "not classified yet": a resolved host-wide flood whose capture saw none of it read that way).
   */
  classified?: boolean;
  confidence: number | null;
  /** The sampled interface's peaks. */
  peakPps: number;
  peakBps: number;
  /**
   * The peak of each metric that triggered the incident, the highest peak / threshold first; empty
   * for an incident stored before these were kept (its interface peaks stand in).
   */
  triggerPeaks: MetricPeak[];
  startedAt: string;
  endedAt: string | null;
  /** Escalation step (0 = first notification). */
  step: number;
  link: string;
}

export const SEVERITY_COLOURS: Record<Severity, number> = {
  LOW: 0x3b82f6,
  MEDIUM: 0xf59e0b,
  HIGH: 0xef4444,
  CRITICAL: 0x7f1d1d,
};
export const RESOLVED_COLOUR = 0x22c55e;

export function familyLabel(family: string | null, classified = false, over = false): string {
  if (!family && !classified) return "not classified yet";
  // While it lasts, a capture without a known pattern may still show one as more packets arrive.
  if (!family) return over ? "no known attack pattern" : "no known attack pattern yet";
  return FAMILY_LABELS[family as AttackFamily] ?? family;
}

const verbs: Record<AlertEvent, string> = {
  OPENED: "DDoS attack on",
  UPDATED: "Attack escalating on",
  RESOLVED: "Attack over on",
  TEST: "Test alert for",
};

/** A value of `metric` in its unit: "145.0k pps", "2.5 Gbit/s", "900" (sockets). */
export function metricValueText(metric: string, value: number): string {
  const unit = unitOf(metric);
  if (unit === "SOCKETS") return count(value);
  return rate(value, unit === "BITS_PER_SECOND" ? "bit/s" : "pps");
}

/** The incident's size in a few words: its main trigger metric's peak, or the interface's packets/s. */
function sizeOf(m: AlertMessage): string {
  const main = m.triggerPeaks[0];
  if (!main) return rate(m.peakPps, "pps");
  const name = METRIC_SHORT_NAMES[main.metric];
  const value = metricValueText(main.metric, main.peak);
  return name ? `${value} ${name}` : value;
}

/** One line: "[HIGH] DDoS attack on web-1: UDP flood, 48.0k pps UDP". */
export function titleOf(m: AlertMessage): string {
  const tag = m.event === "RESOLVED" ? "RESOLVED" : m.severity;
  const repeat = m.step > 0 && m.event !== "RESOLVED" ? " (escalated)" : "";
  const verb = m.event === "TEST" ? `Test alert from ${m.productName} for` : verbs[m.event];
  return `[${tag}] ${verb} ${m.nodeName}${repeat}: ${familyLabel(m.family, m.classified, m.event === "RESOLVED")}, ${sizeOf(m)}`;
}

/**
 * The peaks shown: each trigger metric's, with its threshold ("Peak TCP packets/s: 145.0k pps
 * (threshold 8.0k pps)"); the interface's packets/s and bits/s for an incident without them.
 */
function peakFacts(m: AlertMessage): [string, string][] {
  if (m.triggerPeaks.length === 0)
    return [
      ["Peak pps", rate(m.peakPps, "pps")],
      ["Peak bps", rate(m.peakBps, "bit/s")],
    ];
  return m.triggerPeaks.map((p) => [
    peakLabelOf(p.metric),
    `${metricValueText(p.metric, p.peak)} (threshold ${metricValueText(p.metric, p.thresholdAtPeak)})`,
  ]);
}

/** Label/value pairs every rich format shows (Slack fields, Discord embed fields, Teams facts). */
export function factsOf(m: AlertMessage): [string, string][] {
  return [
    ["Node", m.nodeName],
    ["Workspace", m.workspaceName],
    ["Severity", m.severity],
    ["Attack family", familyLabel(m.family, m.classified, m.event === "RESOLVED")],
    ["Confidence", m.confidence === null ? "—" : `${Math.round(m.confidence)}%`],
    ...peakFacts(m),
    ["Started", m.startedAt],
    ...(m.endedAt ? ([["Ended", m.endedAt]] as [string, string][]) : []),
  ];
}

/** Plain text body (SMS, e-mail text part, Telegram). */
export function plainTextOf(m: AlertMessage): string {
  return [titleOf(m), ...factsOf(m).map(([k, v]) => `${k}: ${v}`), m.link].join("\n");
}

/** The neutral JSON shape of custom webhooks. */
export function eventDataOf(m: AlertMessage) {
  return {
    incidentId: m.incidentId,
    workspace: m.workspaceName,
    node: m.nodeName,
    severity: m.severity,
    family: m.family,
    confidence: m.confidence,
    peakPps: m.peakPps,
    peakBps: m.peakBps,
    triggerPeaks: m.triggerPeaks,
    startedAt: m.startedAt,
    endedAt: m.endedAt,
    escalationStep: m.step,
    url: m.link,
  };
}

/** For HTML bodies (e-mail, Telegram's HTML parse mode). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

import { type AttackFamily, FAMILY_LABELS } from "@levee/shared/classification/families";
import { rate } from "@levee/shared/classification/format";

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
  confidence: number | null;
  peakPps: number;
  peakBps: number;
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

export function familyLabel(family: string | null): string {
  if (!family) return "not classified yet";
  return FAMILY_LABELS[family as AttackFamily] ?? family;
}

const verbs: Record<AlertEvent, string> = {
  OPENED: "DDoS attack on",
  UPDATED: "Attack escalating on",
  RESOLVED: "Attack over on",
  TEST: "Test alert for",
};

/** One line: "[HIGH] DDoS attack on web-1: UDP flood, 48.0k pps". */
export function titleOf(m: AlertMessage): string {
  const tag = m.event === "RESOLVED" ? "RESOLVED" : m.severity;
  const repeat = m.step > 0 && m.event !== "RESOLVED" ? " (escalated)" : "";
  const verb = m.event === "TEST" ? `Test alert from ${m.productName} for` : verbs[m.event];
  return `[${tag}] ${verb} ${m.nodeName}${repeat}: ${familyLabel(m.family)}, ${rate(m.peakPps, "pps")}`;
}

/** Label/value pairs every rich format shows (Slack fields, Discord embed fields, Teams facts). */
export function factsOf(m: AlertMessage): [string, string][] {
  return [
    ["Node", m.nodeName],
    ["Workspace", m.workspaceName],
    ["Severity", m.severity],
    ["Attack family", familyLabel(m.family)],
    ["Confidence", m.confidence === null ? "—" : `${Math.round(m.confidence)}%`],
    ["Peak pps", rate(m.peakPps, "pps")],
    ["Peak bps", rate(m.peakBps, "bit/s")],
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

// What a public status page shows, computed from rows: pure, so the contract's arithmetic is tested
// without a database. Nothing here carries an address, hostname or internal id: the view is built
// from display names, states, counts and times only.
import { createHash } from "node:crypto";
import { uptimeOf } from "../analytics/uptime.ts";

export type PillState = "OPERATIONAL" | "ELEVATED" | "UNDER_ATTACK" | "OFFLINE";
export type BannerState = "OPERATIONAL" | "DEGRADED" | "UNDER_ATTACK" | "OFFLINE";

export const UPTIME_DAYS = 30;
export const HISTORY_DAYS = 7;
/** The incidents the history lists at most (newest first); an incident page exists for these only. */
export const HISTORY_LIMIT = 50;
const DAY = 86_400_000;

/** A node's pill from its live state: an attack outranks everything, a silent agent is Offline. */
export function pillOf(node: { status: string; detectionState: string }): PillState {
  if (node.detectionState === "ATTACK") return "UNDER_ATTACK";
  if (node.status !== "ONLINE") return "OFFLINE";
  if (node.detectionState === "ELEVATED") return "ELEVATED";
  return "OPERATIONAL";
}

/** The overall banner: any attack; every node offline; anything short of operational; else all well. */
export function bannerOf(pills: readonly PillState[]): BannerState {
  if (pills.includes("UNDER_ATTACK")) return "UNDER_ATTACK";
  if (pills.length > 0 && pills.every((p) => p === "OFFLINE")) return "OFFLINE";
  if (pills.some((p) => p !== "OPERATIONAL")) return "DEGRADED";
  return "OPERATIONAL";
}

export interface PublicUptimeDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  uptimePercent: number | null;
  incidents: number;
}

/** 30 daily bars: % up from node_status_1d, incidents started that day. */
export function uptimeDays(
  rows: { bucket: Date; online_minutes: number; attack_minutes: number }[],
  incidentStarts: readonly Date[],
  createdAt: Date,
  now: Date,
): PublicUptimeDay[] {
  const counts = new Map<string, number>();
  for (const start of incidentStarts) {
    const day = new Date(start).toISOString().slice(0, 10);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return uptimeOf(rows, createdAt, UPTIME_DAYS, now).days.map((d) => {
    const day = d.date.toISOString().slice(0, 10);
    const percent = d.uptimePercent === null ? null : Math.round(Math.min(100, d.uptimePercent) * 100) / 100;
    return { day, uptimePercent: percent, incidents: counts.get(day) ?? 0 };
  });
}

export interface PublicIncident {
  /** Opaque, stable reference (a digest of the incident id): links and feed entries, nothing else. */
  ref: string;
  nodeName: string;
  family: string | null;
  /**
   * The sampled interface's peaks; null when neither packets/s nor bits/s triggered the incident (a
   * per-protocol or connection-state flood, which the interface's rates may not show at all): the
   * page then shows no peak rather than a misleading one, and nothing else in its place.
   */
  peakPps: number | null;
  peakBps: number | null;
  /** The operator's updates (kind UPDATE), oldest first, where they were read (the page, status.json). */
  updates?: PublicIncidentUpdate[];
  startedAt: Date;
  endedAt: Date | null;
  durationSeconds: number;
}

/** An incident's public reference: a digest of its id, so the id itself never leaves the API. */
export function incidentRef(incidentId: string): string {
  return createHash("sha256").update(`levee-status:${incidentId}`).digest("hex").slice(0, 16);
}

/** What a public reference looks like (checked before any lookup). */
export const INCIDENT_REF_PATTERN = /^[0-9a-f]{16}$/;

/**
 * What an operator's update says of the incident's handling (incident_public_update.status), in the
 * order an attack's handling usually goes: looking into it, the attack understood (its vector, its
 * target), filtering or scrubbing under way, watching after the traffic is back to normal. There is
 * no "resolved": the incident's resolution is the detector's (the RESOLVED entry), not a claim.
 */
export const INCIDENT_UPDATE_STATUSES = ["INVESTIGATING", "IDENTIFIED", "MITIGATING", "MONITORING"] as const;
export type IncidentUpdateStatus = (typeof INCIDENT_UPDATE_STATUSES)[number];

/** An operator-written update as the public page shows it: its status, message and time, never its author. */
export interface OperatorUpdate {
  status: IncidentUpdateStatus;
  message: string;
  at: Date;
  /** When it was last edited; null while it reads as posted. */
  editedAt: Date | null;
}

/** An entry of an incident's public timeline: a state change, or an operator's update. */
export type PublicIncidentUpdate =
  | { kind: "DETECTED" | "RESOLVED"; at: Date; status?: undefined; message?: undefined; editedAt?: undefined }
  | { kind: "UPDATE"; at: Date; status: IncidentUpdateStatus; message: string; editedAt: Date | null };

/**
 * The incident page's timeline, oldest first: detected when it started, the operator's updates when
 * they were posted, resolved when it ended (an update posted after the resolution comes after it; at
 * the same instant, detected first and resolved last). Only the state changes the public page itself
 * shows (under attack, then not) and what the operator chose to write; a classification's later
 * refinements are not kept with times, and mitigation steps are the operator's to tell or not.
 */
export function publicIncidentUpdates(
  incident: { startedAt: Date; endedAt: Date | null },
  operator: readonly OperatorUpdate[] = [],
): PublicIncidentUpdate[] {
  const rank = { DETECTED: 0, UPDATE: 1, RESOLVED: 2 } as const;
  const updates: PublicIncidentUpdate[] = [{ kind: "DETECTED", at: incident.startedAt }];
  for (const u of operator)
    updates.push({ kind: "UPDATE", at: u.at, status: u.status, message: u.message, editedAt: u.editedAt });
  if (incident.endedAt) updates.push({ kind: "RESOLVED", at: incident.endedAt });
  // Stable: operator updates keep their own order (created_at, then id) among themselves.
  return updates.sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.kind] - rank[b.kind]);
}

/** Whether the interface's packets/s and bits/s are a fair size of an incident so triggered. */
const interfaceSized = (triggerMetrics: readonly string[]) =>
  triggerMetrics.includes("PPS") || triggerMetrics.includes("BPS");

/** The family only from a stored classification: its sources, ports and evidence stay private. */
export function publicIncident(
  incident: {
    id: string;
    startedAt: Date;
    endedAt: Date | null;
    peakPps: number;
    peakBps: number;
    triggerMetrics: readonly string[];
    classification: unknown;
  },
  nodeName: string,
  now: Date,
): PublicIncident {
  const family = (incident.classification as { family?: unknown } | null)?.family;
  const end = incident.endedAt ?? now;
  const sized = interfaceSized(incident.triggerMetrics);
  return {
    ref: incidentRef(incident.id),
    nodeName,
    family: typeof family === "string" ? family : null,
    peakPps: sized ? incident.peakPps : null,
    peakBps: sized ? incident.peakBps : null,
    startedAt: incident.startedAt,
    endedAt: incident.endedAt,
    durationSeconds: Math.max(0, Math.round((end.getTime() - incident.startedAt.getTime()) / 1000)),
  };
}

/** Start of the uptime window and of the incident history, both whole UTC days. */
export function windowStart(now: Date, days: number): Date {
  return new Date(Math.floor(now.getTime() / DAY) * DAY - (days - 1) * DAY);
}

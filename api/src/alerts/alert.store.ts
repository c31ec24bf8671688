import { byRatio, type MetricPeak, peaksFromJson } from "@levee/shared/detection/metric-peaks";
import type { Database } from "../db/database.ts";
import { labelsFromJson } from "../nodes/node-input.ts";
import type { AlertMessage, Severity } from "./alert-message.ts";
import type { NodeLabel, PolicyRule } from "./escalation.ts";
import { incidentLink } from "./incident-link.ts";

type Prisma = Database["prisma"];

export interface IncidentContext {
  id: string;
  workspaceId: string;
  nodeId: string;
  status: string;
  severity: Severity;
  family: string | null;
  /** A classification is stored (with family null: no known attack pattern in the capture). */
  classified: boolean;
  confidence: number | null;
  peakPps: number;
  peakBps: number;
  /** Each trigger metric's peak, the highest peak / threshold first ([] for incidents stored before). */
  triggerPeaks: MetricPeak[];
  startedAt: Date;
  endedAt: Date | null;
  acknowledgedAt: Date | null;
  /**
   * The row's last change, on the API's clock (as events' `at` and deliveries' `dueAt` are; not
   * the samples' clock of startedAt and endedAt): no earlier than its resolution once resolved.
   */
  updatedAt: Date;
  nodeName: string;
  nodeLabels: NodeLabel[];
  workspaceName: string;
  /** The workspace's slug: the incident's page is `/w/<slug>/incidents/<id>`. */
  workspaceSlug: string;
  /** The workspace's ancestors (MSP parents), nearest first. */
  ancestorIds: string[];
}

/** An incident with what routing and messages need; undefined once deleted. */
export async function loadIncidentContext(
  prisma: Prisma,
  incidentId: string,
): Promise<IncidentContext | undefined> {
  const incident = await prisma.incident.findUnique({
    where: { id: incidentId },
    include: {
      node: { select: { name: true, labels: true } },
      workspace: { select: { name: true, slug: true, parentId: true } },
    },
  });
  if (!incident) return undefined;
  const ancestorIds: string[] = [];
  for (let parent = incident.workspace.parentId; parent && ancestorIds.length < 8; ) {
    ancestorIds.push(parent);
    parent =
      (await prisma.workspace.findUnique({ where: { id: parent }, select: { parentId: true } }))?.parentId ??
      null;
  }
  const classification = (incident.classification ?? {}) as { family?: string | null; confidence?: number };
  return {
    id: incident.id,
    workspaceId: incident.workspaceId,
    nodeId: incident.nodeId,
    status: incident.status,
    severity: incident.severity as Severity,
    family: classification.family ?? null,
    classified: incident.classification !== null,
    confidence: typeof classification.confidence === "number" ? classification.confidence : null,
    peakPps: incident.peakPps,
    peakBps: incident.peakBps,
    triggerPeaks: byRatio(peaksFromJson(incident.triggerPeaks)),
    startedAt: incident.startedAt,
    endedAt: incident.endedAt,
    acknowledgedAt: incident.acknowledgedAt,
    updatedAt: incident.updatedAt,
    nodeName: incident.node.name,
    nodeLabels: labelsFromJson(incident.node.labels),
    workspaceName: incident.workspace.name,
    workspaceSlug: incident.workspace.slug,
    ancestorIds,
  };
}

export function messageOf(
  incident: IncidentContext,
  event: AlertMessage["event"],
  step: number,
  voice: { productName: string; webUrl: string },
): AlertMessage {
  const { webUrl, productName } = voice;
  return {
    event,
    incidentId: incident.id,
    workspaceName: incident.workspaceName,
    productName,
    nodeName: incident.nodeName,
    severity: incident.severity,
    family: incident.family,
    classified: incident.classified,
    confidence: incident.confidence,
    peakPps: incident.peakPps,
    peakBps: incident.peakBps,
    triggerPeaks: incident.triggerPeaks,
    startedAt: incident.startedAt.toISOString(),
    endedAt: incident.endedAt?.toISOString() ?? null,
    step,
    link: incidentLink(webUrl, incident.workspaceSlug, incident.id),
  };
}

/** Channels that may see this incident: the workspace's own and those its MSP ancestors share. */
export function reachableChannels(prisma: Prisma, incident: IncidentContext) {
  return prisma.alertChannel.findMany({
    where: {
      enabled: true,
      OR: [
        { workspaceId: incident.workspaceId },
        { workspaceId: { in: incident.ancestorIds }, sharedWithCustomers: true },
      ],
    },
    orderBy: { id: "asc" },
  });
}

export async function policiesFor(prisma: Prisma, incident: IncidentContext): Promise<PolicyRule[]> {
  const rows = await prisma.escalationPolicy.findMany({
    where: {
      OR: [
        { workspaceId: incident.workspaceId },
        { workspaceId: { in: incident.ancestorIds }, sharedWithCustomers: true },
      ],
    },
  });
  return rows.map((row) => ({
    id: row.id,
    position: row.position,
    inherited: row.workspaceId !== incident.workspaceId,
    severities: row.severities,
    families: row.families,
    nodeLabels: row.nodeLabels as unknown as NodeLabel[],
    steps: row.steps as unknown as PolicyRule["steps"],
    repeat: row.repeat,
    repeatAfterSeconds: row.repeatAfterSeconds,
  }));
}

export function windowsFor(prisma: Prisma, incident: IncidentContext) {
  return prisma.maintenanceWindow.findMany({
    where: { workspaceId: incident.workspaceId, OR: [{ nodeId: null }, { nodeId: incident.nodeId }] },
  });
}

export interface NewDelivery {
  channelId: string;
  eventKey: string;
  eventKind: string;
  state: string;
  step: number;
  dueAt: Date;
  status: "PENDING" | "SUPPRESSED";
  lastError?: string;
}

/** Inserts the rows once (the unique key drops repeats) and returns the pending ones of this event. */
export async function queueDeliveries(prisma: Prisma, incident: IncidentContext, rows: NewDelivery[]) {
  if (rows.length === 0) return [];
  await prisma.alertDelivery.createMany({
    data: rows.map((row) => ({ ...row, workspaceId: incident.workspaceId, incidentId: incident.id })),
    skipDuplicates: true,
  });
  return prisma.alertDelivery.findMany({
    where: { incidentId: incident.id, eventKey: rows[0]?.eventKey, status: "PENDING" },
  });
}

/**
 * Takes a due delivery for this process: PENDING, or SENDING whose lease ran out (a process died
 * mid-send). Exactly one caller wins the row; everyone else gets undefined.
 */
export async function claimDelivery(prisma: Prisma, deliveryId: string, leaseMs: number) {
  const rows = await prisma.$queryRaw<{ id: string; attempts: number }[]>`
    UPDATE alert_delivery
       SET status = 'SENDING', attempts = attempts + 1,
           lease_until = now() + make_interval(secs => ${leaseMs / 1000}::double precision)
     WHERE id = ${deliveryId}::uuid AND due_at <= now() + interval '50 milliseconds'
       AND (status = 'PENDING' OR (status = 'SENDING' AND lease_until < now()))
    RETURNING id, attempts`;
  if (rows.length === 0) return undefined;
  return prisma.alertDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { channel: true } });
}

/**
 * Counts a send as started, just before its request goes out: whether a trigger may have reached
 * its receiver is judged by this (triggerTried), not by claims, which a process can make and die
 * before it sends anything.
 */
export async function recordSendStarted(prisma: Prisma, deliveryId: string): Promise<void> {
  await prisma.alertDelivery.update({ where: { id: deliveryId }, data: { sends: { increment: 1 } } });
}

export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  outcome: "SENT" | "RETRY" | "FAILED" | "SKIPPED";
  httpStatus?: number;
  latencyMs: number;
  error?: string;
  /** RETRY: when the next attempt is due. */
  nextAt?: Date;
}

export async function recordAttempt(prisma: Prisma, record: AttemptRecord): Promise<void> {
  const status = record.outcome === "RETRY" ? "PENDING" : record.outcome;
  await prisma.$transaction([
    prisma.alertDeliveryAttempt.create({
      data: {
        deliveryId: record.deliveryId,
        attempt: record.attempt,
        outcome: record.outcome,
        httpStatus: record.httpStatus,
        latencyMs: record.latencyMs,
        error: record.error?.slice(0, 1000),
      },
    }),
    prisma.alertDelivery.update({
      where: { id: record.deliveryId },
      data: {
        status,
        leaseUntil: null,
        lastError: record.error?.slice(0, 1000) ?? null,
        sentAt: record.outcome === "SENT" ? new Date() : undefined,
        dueAt: record.nextAt,
      },
    }),
  ]);
}

/** Gives a claimed delivery back unsent (the claim's attempt does not count). */
export async function postponeDelivery(prisma: Prisma, deliveryId: string, dueAt: Date): Promise<void> {
  await prisma.alertDelivery.update({
    where: { id: deliveryId },
    data: { status: "PENDING", leaseUntil: null, dueAt, attempts: { decrement: 1 } },
  });
}

/** Deliveries whose job may have been lost (in-process queue restarted, lease expired). */
export function overdueDeliveries(prisma: Prisma, olderThan: Date) {
  return prisma.alertDelivery.findMany({
    where: {
      OR: [
        { status: "PENDING", dueAt: { lt: olderThan } },
        { status: "SENDING", leaseUntil: { lt: new Date() } },
      ],
    },
    select: { id: true },
    take: 500,
  });
}

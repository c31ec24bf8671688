import type { Tx } from "../audit/audit-recorder.ts";
import type { CoreServices } from "../core-services.ts";
import type { Threshold } from "../detection/baseline.ts";
import type { OpenIncident } from "../detection/detector.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { IncidentEventKind } from "../topics.ts";

export const INCIDENT_EVENT_JOB = "incidents.event";

export interface IncidentEventJob {
  kind: IncidentEventKind;
  incidentId: string;
  nodeId: string;
  workspaceId: string;
  at: string;
}

interface NodeRef {
  nodeId: string;
  workspaceId: string;
}

const thresholdsJson = (thresholds: readonly Threshold[]) =>
  Object.fromEntries(thresholds.map((t) => [t.metric, { threshold: t.threshold, source: t.source }]));

const progress = (incident: OpenIncident) => ({
  severity: incident.severity,
  lastAttackAt: new Date(incident.lastAttackAt),
  peakPps: incident.peakPps,
  peakBps: incident.peakBps,
  peakRatio: incident.peakRatio,
  quietSince: incident.quietSince === null ? null : new Date(incident.quietSince),
  triggerMetrics: incident.triggerMetrics,
  timeline: incident.timeline as unknown as Prisma.InputJsonValue,
});

/**
 * Persists the detector's incident transitions and announces them: graphql-ws subscribers
 * (incidentEvents) at once, alerting and mitigation through the job queue.
 */
export async function openIncident(
  services: CoreServices,
  node: NodeRef,
  incident: OpenIncident,
  thresholds: readonly Threshold[],
): Promise<string> {
  const { prisma } = services.database;
  const startedAt = new Date(incident.startedAt);
  const created = await prisma
    .$transaction(async (tx) => {
      // Incidents overlapping in one workspace are one (multi-node) attack; the lock makes
      // two nodes flooded at the same instant join one attack instead of starting two.
      await lockWorkspaceIncidents(tx, node.workspaceId);
      const ongoing = await tx.attack.findFirst({
        where: { workspaceId: node.workspaceId, endedAt: null },
        orderBy: { startedAt: "desc" },
      });
      const attackId =
        ongoing?.id ?? (await tx.attack.create({ data: { workspaceId: node.workspaceId, startedAt } })).id;
      return tx.incident.create({
        data: {
          ...progress(incident),
          workspaceId: node.workspaceId,
          nodeId: node.nodeId,
          attackId,
          startedAt,
          thresholds: thresholdsJson(thresholds),
        },
      });
    })
    .then((incident) => ({ incident, adopted: false }))
    .catch(async (error) => {
      // Another API instance opened this node's incident a moment ago: adopt it (announced there).
      if ((error as { code?: string }).code !== "P2002") throw error;
      const incident = await prisma.incident.findFirstOrThrow({
        where: { nodeId: node.nodeId, status: "OPEN" },
      });
      return { incident, adopted: true };
    });
  if (!created.adopted) await announce(services, "OPENED", created.incident.id, node);
  return created.incident.id;
}

export async function updateIncident(
  services: CoreServices,
  node: NodeRef,
  incidentId: string,
  incident: OpenIncident,
  announceIt: boolean,
): Promise<void> {
  await services.database.prisma.incident.update({ where: { id: incidentId }, data: progress(incident) });
  if (announceIt) await announce(services, "UPDATED", incidentId, node);
}

export async function resolveIncident(
  services: CoreServices,
  node: NodeRef,
  incidentId: string,
  incident: OpenIncident,
  endedAt: number,
): Promise<void> {
  await services.database.prisma.$transaction(async (tx) => {
    // The same lock openIncident takes: an incident opening at this moment on another node of
    // the workspace is either counted as still open, or joins a new attack.
    await lockWorkspaceIncidents(tx, node.workspaceId);
    const resolved = await tx.incident.update({
      where: { id: incidentId },
      data: { ...progress(incident), status: "RESOLVED", endedAt: new Date(endedAt) },
    });
    await endAttackIfIdle(tx, resolved.attackId);
  });
  await announce(services, "RESOLVED", incidentId, node);
}

/**
 * Serialises incident openings and resolutions of one workspace (transaction-scoped), so an
 * incident opening on one node while another resolves joins the right attack.
 */
export async function lockWorkspaceIncidents(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${workspaceId}, 7))) AS l`;
}

/** Once none of an attack's incidents is open, the attack ended when its last incident did. */
export async function endAttackIfIdle(tx: Tx, attackId: string): Promise<void> {
  if ((await tx.incident.count({ where: { attackId, status: "OPEN" } })) > 0) return;
  const last = await tx.incident.aggregate({ where: { attackId }, _max: { endedAt: true } });
  await tx.attack.update({ where: { id: attackId }, data: { endedAt: last._max.endedAt } });
}

/** Publishes an incident event to subscribers and queues it for alerting and mitigation. */
export async function announce(
  services: CoreServices,
  kind: IncidentEventKind,
  incidentId: string,
  node: NodeRef,
) {
  const event: IncidentEventJob = { kind, incidentId, ...node, at: new Date().toISOString() };
  services.pubsub.publish("incidentEvents", node.workspaceId, event);
  await services.jobs.enqueue(INCIDENT_EVENT_JOB, event, { attempts: 5 });
}

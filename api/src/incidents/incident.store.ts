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

type Client = CoreServices["database"]["prisma"];

export interface NodeRef {
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
 * Inserts a newly detected incident, joining the workspace's ongoing attack or starting one.
 * `adopted` when another API instance opened this node's incident a moment ago (announced there).
 */
export async function insertIncident(
  db: Client,
  node: NodeRef,
  incident: OpenIncident,
  thresholds: readonly Threshold[],
): Promise<{ id: string; adopted: boolean }> {
  const startedAt = new Date(incident.startedAt);
  return db
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
    .then((created) => ({ id: created.id, adopted: false }))
    .catch(async (error) => {
      if ((error as { code?: string }).code !== "P2002") throw error;
      const open = await db.incident.findFirstOrThrow({ where: { nodeId: node.nodeId, status: "OPEN" } });
      return { id: open.id, adopted: true };
    });
}

export async function saveProgress(
  prisma: Client,
  incidentId: string,
  incident: OpenIncident,
): Promise<void> {
  await prisma.incident.update({ where: { id: incidentId }, data: progress(incident) });
}

/**
 * Resolves the incident if it is still open; false when it was not (another API process, or the
 * stale sweep, resolved it first: a node handed between processes must not resolve twice).
 */
export async function markResolved(
  prisma: Client,
  node: NodeRef,
  incidentId: string,
  incident: OpenIncident,
  endedAt: number,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    // The same lock insertIncident takes: an incident opening at this moment on another node of
    // the workspace is either counted as still open, or joins a new attack.
    await lockWorkspaceIncidents(tx, node.workspaceId);
    const { count } = await tx.incident.updateMany({
      where: { id: incidentId, status: "OPEN" },
      data: { ...progress(incident), status: "RESOLVED", endedAt: new Date(endedAt) },
    });
    if (count === 0) return false;
    const { attackId } = await tx.incident.findUniqueOrThrow({
      where: { id: incidentId },
      select: { attackId: true },
    });
    await endAttackIfIdle(tx, attackId);
    return true;
  });
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

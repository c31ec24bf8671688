import type { Tx } from "../audit/audit-recorder.ts";
import type { CoreServices } from "../core-services.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import type { Threshold } from "../detection/baseline.ts";
import type { OpenIncident } from "../detection/detector.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { incidentEvent, type KeptIncidentEvent, outboxRow } from "./incident-event.ts";

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
  triggerPeaks: incident.triggerPeaks as unknown as Prisma.InputJsonValue,
  timeline: incident.timeline as unknown as Prisma.InputJsonValue,
});

/**
 * Inserts a newly detected incident, joining the workspace's ongoing attack or starting one, and
 * its OPENED event's outbox row, in one round trip (levee_open_incident: the workspace lock, the
 * attack, the rows, committed before it returns; OPENED waits on nothing else). `adopted` when
 * another API instance opened this node's incident a moment ago (announced there): no event then.
 */
export async function insertIncident(
  services: Pick<CoreServices, "database">,
  node: NodeRef,
  incident: OpenIncident,
  thresholds: readonly Threshold[],
): Promise<{ id: string; adopted: false; event: KeptIncidentEvent } | { id: string; adopted: true }> {
  const { sql, prisma } = services.database;
  const id = uuidv7();
  const event = incidentEvent("OPENED", id, node);
  const kept = outboxRow(event);
  const stored = progress(incident);
  try {
    await sql.query(
      `SELECT levee_open_incident($1, $2, $3, $4, $5, $6::"Severity", $7, $8, $9, $10, $11,
        $12::"TrafficMetric"[], $13::jsonb, $14::jsonb, $15, $16, $17::jsonb)`,
      [
        id,
        node.workspaceId,
        node.nodeId,
        uuidv7(),
        new Date(incident.startedAt),
        stored.severity,
        stored.lastAttackAt,
        stored.peakPps,
        stored.peakBps,
        stored.peakRatio,
        stored.quietSince,
        // An array literal: both drivers (pg, PGlite) pass it as text; metric names need no quoting.
        `{${stored.triggerMetrics.join(",")}}`,
        JSON.stringify(stored.timeline),
        JSON.stringify(thresholdsJson(thresholds)),
        kept.id,
        kept.at,
        JSON.stringify(stored.triggerPeaks),
      ],
    );
    return { id, adopted: false, event };
  } catch (error) {
    // Another instance opened it first; any other unique violation is a fault.
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code !== "23505" || constraint !== "incident_one_open_per_node") throw error;
    const open = await prisma.incident.findFirstOrThrow({ where: { nodeId: node.nodeId, status: "OPEN" } });
    return { id: open.id, adopted: true };
  }
}

/** Writes an open incident's progress; with `event` (UPDATED), its outbox row in the same transaction. */
export async function saveProgress(
  prisma: Client,
  incidentId: string,
  incident: OpenIncident,
  event?: KeptIncidentEvent,
): Promise<void> {
  const update = prisma.incident.update({ where: { id: incidentId }, data: progress(incident) });
  if (!event) await update;
  else await prisma.$transaction([update, prisma.incidentEventOutbox.create({ data: outboxRow(event) })]);
}

/**
 * Resolves the incident if it is still open, writing `event` (RESOLVED) to the outbox with it; false
 * when it was not (another API process, or the stale sweep, resolved it first: a node handed between
 * processes must not resolve twice).
 */
export async function markResolved(
  prisma: Client,
  node: NodeRef,
  incidentId: string,
  incident: OpenIncident,
  endedAt: number,
  event: KeptIncidentEvent,
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
    await tx.incidentEventOutbox.create({ data: outboxRow(event) });
    return true;
  });
}

/**
 * Serialises incident openings and resolutions of one workspace (transaction-scoped), so an
 * incident opening on one node while another resolves joins the right attack. The same key as
 * levee_open_incident's (migration 20261130150000_open_incident_in_one_call).
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

import type { AppServices } from "../context.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { announce, endAttackIfIdle, lockWorkspaceIncidents } from "./incident.store.ts";

export const STALE_INCIDENTS_JOB = "incidents.resolve-stale";
/** An open incident whose agent has sent nothing for this long is closed. */
const SILENT_FOR_MS = 10 * 60_000;

/**
 * Incidents resolve on samples, so one whose agent went silent (the flood took the uplink down,
 * the node was retired) would stay open for ever. This sweep closes them at their last attack
 * second, announces RESOLVED, and ends the attack when it was the last open incident.
 */
export async function resolveStaleIncidents(services: AppServices, now = new Date()): Promise<number> {
  const { prisma } = services.database;
  const cutoff = new Date(now.getTime() - SILENT_FOR_MS);
  const stale = await prisma.incident.findMany({
    where: { status: "OPEN", node: { OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: cutoff } }] } },
    select: {
      id: true,
      nodeId: true,
      workspaceId: true,
      attackId: true,
      lastAttackAt: true,
      startedAt: true,
      node: { select: { status: true } },
    },
  });
  let closed = 0;
  for (const incident of stale) {
    // The stored lastAttackAt is written periodically; the samples say when the attack really stopped.
    const last = await prisma.trafficSample.aggregate({
      where: { nodeId: incident.nodeId, attack: true, ts: { gte: incident.startedAt } },
      _max: { ts: true },
    });
    const endedAt = new Date(Math.max(incident.lastAttackAt.getTime(), last._max.ts?.getTime() ?? 0));
    const changed = await prisma.$transaction(async (tx) => {
      await lockWorkspaceIncidents(tx, incident.workspaceId);
      const { count } = await tx.incident.updateMany({
        where: { id: incident.id, status: "OPEN" },
        data: { status: "RESOLVED", endedAt, lastAttackAt: endedAt, quietSince: null },
      });
      if (count === 0) return false;
      await endAttackIfIdle(tx, incident.attackId);
      await tx.node.update({ where: { id: incident.nodeId }, data: { detectionState: "NORMAL" } });
      return true;
    });
    if (!changed) continue;
    closed++;
    services.telemetry.detection.forget(incident.nodeId);
    await services.telemetry.classification.finish(incident.id);
    await announce(services, "RESOLVED", incident.id, incident);
    services.pubsub.publish("nodeStatusChanged", incident.workspaceId, {
      nodeId: incident.nodeId,
      status: incident.node.status,
      detectionState: "NORMAL",
      at: now.toISOString(),
    });
  }
  return closed;
}

export const incidentJobs: readonly AnyJobEntry[] = [
  jobEntry({
    name: STALE_INCIDENTS_JOB,
    run: (services) => resolveStaleIncidents(services),
    concurrency: 1,
    everyMs: 60_000,
  }),
];

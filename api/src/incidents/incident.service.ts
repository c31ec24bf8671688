import type { CoreServices } from "../core-services.ts";
import type { Threshold } from "../detection/baseline.ts";
import type { DetectorEvent } from "../detection/detector.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { IncidentEventKind, NodeStatusPayload } from "../topics.ts";
import {
  endAttackIfIdle,
  INCIDENT_EVENT_JOB,
  type IncidentEventJob,
  insertIncident,
  lockWorkspaceIncidents,
  markResolved,
  type NodeRef,
  saveProgress,
} from "./incident.store.ts";

/**
 * The incident lifecycle, one home: open / update / resolve (the detection engine), classify
 * (the classifier) and resolve-stale (the sweep). Every transition is announced the same way:
 * graphql-ws subscribers (incidentEvents) at once, and one queued incident-event job that
 * alerting and mitigation consume (incident.jobs.ts), at least once.
 */

/** Publishes an incident event to subscribers and queues it for its consumers. */
export async function announce(
  services: CoreServices,
  kind: IncidentEventKind,
  incidentId: string,
  node: NodeRef,
): Promise<void> {
  const event: IncidentEventJob = { kind, incidentId, ...node, at: new Date().toISOString() };
  services.pubsub.publish("incidentEvents", node.workspaceId, event);
  await services.jobs.enqueue(INCIDENT_EVENT_JOB, event, { attempts: 5 });
}

/**
 * Applies the detector's events for one node (pure detector → stored incident), returning the
 * node's open incident id afterwards (null once resolved).
 */
export async function applyDetectorEvents(
  services: CoreServices,
  node: NodeRef,
  openId: string | null,
  events: readonly DetectorEvent[],
  thresholds: readonly Threshold[],
): Promise<string | null> {
  const { prisma } = services.database;
  let incidentId = openId;
  for (const event of events) {
    if (event.kind === "OPENED") {
      const opened = await insertIncident(services, node, event.incident, thresholds);
      if (!opened.adopted) await announce(services, "OPENED", opened.id, node);
      incidentId = opened.id;
    } else if (incidentId && event.kind === "UPDATED") {
      await saveProgress(prisma, incidentId, event.incident);
      await announce(services, "UPDATED", incidentId, node);
    } else if (incidentId && event.kind === "RESOLVED") {
      if (await markResolved(prisma, node, incidentId, event.incident, event.endedAt))
        await announce(services, "RESOLVED", incidentId, node);
      incidentId = null;
    }
  }
  return incidentId;
}

/** Writes an open incident's progress without announcing it (periodic persistence). */
export { saveProgress as recordProgress } from "./incident.store.ts";

/** Stores a classification; a new attack family is news, announced as UPDATED. */
export async function recordClassification(
  services: CoreServices,
  node: NodeRef,
  incidentId: string,
  classification: Prisma.InputJsonValue,
  familyChanged: boolean,
): Promise<void> {
  await services.database.prisma.incident.update({ where: { id: incidentId }, data: { classification } });
  if (familyChanged) await announce(services, "UPDATED", incidentId, node);
}

/** An open incident whose agent has sent nothing for this long is closed. */
const SILENT_FOR_MS = 10 * 60_000;

/** What the sweep tells the in-memory engines about an incident it closed. */
export interface StaleHooks {
  /** Before the announcement: drop the node's detector state and finish its classification. */
  closed(incident: { id: string; nodeId: string }): Promise<void>;
  /** After it: the node's detection state is NORMAL again. */
  normal(
    incident: { nodeId: string; workspaceId: string; status: NodeStatusPayload["status"] },
    now: Date,
  ): void;
}

/**
 * Incidents resolve on samples, so one whose agent went silent (the flood took the uplink down,
 * the node was retired) would stay open for ever. This closes them at their last attack second,
 * announces RESOLVED, and ends the attack when it was the last open incident.
 */
export async function resolveStale(
  services: CoreServices,
  hooks: StaleHooks,
  now = new Date(),
): Promise<number> {
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
    await hooks.closed(incident);
    await announce(services, "RESOLVED", incident.id, {
      nodeId: incident.nodeId,
      workspaceId: incident.workspaceId,
    });
    hooks.normal({ ...incident, status: incident.node.status }, now);
  }
  return closed;
}

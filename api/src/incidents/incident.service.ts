import type { CoreServices } from "../core-services.ts";
import type { Threshold } from "../detection/baseline.ts";
import type { DetectorEvent } from "../detection/detector.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { NodeStatusPayload } from "../topics.ts";
import {
  endAttackIfIdle,
  insertIncident,
  lockWorkspaceIncidents,
  markResolved,
  type NodeRef,
  saveProgress,
} from "./incident.store.ts";
import { claimDueIncidentEvents } from "./incident-event.store.ts";
import {
  INCIDENT_EVENT_ATTEMPTS,
  INCIDENT_EVENT_JOB,
  incidentEvent,
  type KeptIncidentEvent,
  outboxRow,
} from "./incident-event.ts";

/**
 * The incident lifecycle, one home: open / update / resolve (the detection engine), classify
 * (the classifier) and resolve-stale (the sweep). Every transition is announced the same way:
 * graphql-ws subscribers (incidentEvents) at once, best effort, and one queued incident-event job
 * that alerting and mitigation consume (incident.jobs.ts), at least once: the event is written to
 * the outbox in the transition's transaction, and relayed (relayIncidentEvents) if this process
 * dies, or its queue forgets the job, before the job ran.
 */

/**
 * Publishes a committed transition's event to subscribers and queues it for its consumers. A
 * failed enqueue is not the caller's failure: the transition is stored, and so is its event, which
 * the relay queues a few seconds later.
 */
export async function announce(services: CoreServices, event: KeptIncidentEvent): Promise<void> {
  const { eventId: _kept, ...published } = event;
  services.pubsub.publish("incidentEvents", event.workspaceId, published);
  try {
    await queueIncidentEvent(services, event);
  } catch (error) {
    services.logger.warn(
      { err: error, incident: published },
      "incident event not queued; the outbox relay will queue it",
    );
  }
}

/** One job per event, de-duplicated by the outbox row's id: a job the queue still holds is not queued twice. */
function queueIncidentEvent(services: Pick<CoreServices, "jobs">, event: KeptIncidentEvent) {
  return services.jobs.enqueue(INCIDENT_EVENT_JOB, event, {
    jobId: event.eventId,
    attempts: INCIDENT_EVENT_ATTEMPTS,
  });
}

/**
 * Queues the outbox's due events again (incidents.relay-events): each row is claimed by one relay,
 * so two processes never queue the same row at once. Due by the database's clock, or at `now` (tests
 * drive it); `everyRow` relays them all, due or not (an embedded process's start-up: the rows its
 * dead predecessor claimed would wait RELAY_AGAIN_AFTER_MS otherwise; `clearRunClaims` also frees
 * the runs it claimed, claimDueIncidentEvents). The jobs are marked relayed:
 * one whose row is gone when it runs was handled meanwhile. Returns how many the queue took as new
 * (not de-duplicated: their job was lost with a process, or never queued). A failed enqueue ends the
 * round; that row and the rest of the claimed ones are due again RELAY_AGAIN_AFTER_MS on.
 */
export async function relayIncidentEvents(
  services: Pick<CoreServices, "database" | "jobs" | "logger">,
  options: { now?: Date; everyRow?: boolean; clearRunClaims?: boolean } = {},
): Promise<number> {
  // In batches while due rows remain (a claimed row is no longer due); every row at once, a claimed
  // one staying "every row".
  const limit = options.everyRow ? null : 100;
  let queued = 0;
  for (;;) {
    const due = await claimDueIncidentEvents(services.database.sql, { ...options, limit });
    for (const event of due)
      if (!(await queueIncidentEvent(services, { ...event, relayed: true })).deduplicated) queued++;
    if (limit === null || due.length < limit) break;
  }
  // Mostly events whose job died with a process; a few may have finished between the claim and
  // the enqueue (their new job finds no row and does nothing), hence info, not a warning of loss.
  if (queued > 0) services.logger.info({ queued }, "outbox relay queued incident events not in the queue");
  return queued;
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
      if (!opened.adopted) await announce(services, opened.event);
      incidentId = opened.id;
    } else if (incidentId && event.kind === "UPDATED") {
      const updated = incidentEvent("UPDATED", incidentId, node);
      await saveProgress(prisma, incidentId, event.incident, updated);
      await announce(services, updated);
    } else if (incidentId && event.kind === "RESOLVED") {
      const resolved = incidentEvent("RESOLVED", incidentId, node);
      if (await markResolved(prisma, node, incidentId, event.incident, event.endedAt, resolved))
        await announce(services, resolved);
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
  const { prisma } = services.database;
  const update = prisma.incident.update({ where: { id: incidentId }, data: { classification } });
  if (!familyChanged) {
    await update;
    return;
  }
  const updated = incidentEvent("UPDATED", incidentId, node);
  await prisma.$transaction([update, prisma.incidentEventOutbox.create({ data: outboxRow(updated) })]);
  await announce(services, updated);
}

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
  // An open incident whose agent has sent nothing for this long (INCIDENT_STALE_AFTER_SECONDS) is closed.
  const cutoff = new Date(now.getTime() - services.config.incidentStaleAfterMs);
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
    const resolved = incidentEvent("RESOLVED", incident.id, {
      nodeId: incident.nodeId,
      workspaceId: incident.workspaceId,
    });
    const changed = await prisma.$transaction(async (tx) => {
      await lockWorkspaceIncidents(tx, incident.workspaceId);
      // The node before its incident, the order of a node's deletion (the node, then the cascade
      // to its incidents). The other order deadlocked with deleting the retired node whose
      // silence made the incident stale. A node gone meanwhile took its incident with it.
      const node = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM node WHERE id = ${incident.nodeId}::uuid FOR NO KEY UPDATE`;
      if (node.length === 0) return false;
      const { count } = await tx.incident.updateMany({
        where: { id: incident.id, status: "OPEN" },
        data: { status: "RESOLVED", endedAt, lastAttackAt: endedAt, quietSince: null },
      });
      if (count === 0) return false;
      await endAttackIfIdle(tx, incident.attackId);
      await tx.node.update({ where: { id: incident.nodeId }, data: { detectionState: "NORMAL" } });
      await tx.incidentEventOutbox.create({ data: outboxRow(resolved) });
      return true;
    });
    if (!changed) continue;
    closed++;
    await hooks.closed(incident);
    await announce(services, resolved);
    hooks.normal({ ...incident, status: incident.node.status }, now);
  }
  return closed;
}

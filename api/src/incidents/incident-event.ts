import { uuidv7 } from "../db/uuidv7.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { IncidentEventKind } from "../topics.ts";

/**
 * An incident event (OPENED / UPDATED / RESOLVED) as its consumers get it, and the outbox row that
 * keeps it until they did: the row is written in the transaction of the transition, so a process
 * killed between the commit and the queueing of the job loses nothing (incident_event_outbox,
 * migration 20261201190000_incident_event_outbox; its SQL in incident-event.store.ts).
 */

export const INCIDENT_EVENT_JOB = "incidents.event";
/** Tries of one incidents.event job. */
export const INCIDENT_EVENT_ATTEMPTS = 5;
/**
 * A row is relayed once it is this old (the column's default, computed by the database: the
 * processes' clocks differ): its writer queues it at once, so a row still here was left by a
 * process that died before, or could not queue it.
 */
export const RELAY_AFTER_MS = 5_000;
/** How often the relay (incidents.relay-events) looks for due rows. */
export const RELAY_EVERY_MS = 5_000;
/**
 * A relayed row is relayed again after this long if it is still here: its job may just be waiting
 * in a long queue (the queue's de-duplication makes that a no-op), or the relaying process died.
 */
export const RELAY_AGAIN_AFTER_MS = 60_000;
/**
 * An event whose job ran out of attempts keeps its row, due again this much later: the queue's
 * record of the failure is not durable (the in-process queue saves it without waiting), the row is.
 */
export const FAILED_EVENT_RETRY_AFTER_MS = 10 * 60_000;
/**
 * Rounds of attempts an event gets in all before its row is given up: parked (due_at = infinity,
 * never relayed, logged as an error) for a retry by hand of its failed job; past the queue's
 * failed-job retention, `UPDATE incident_event_outbox SET due_at = now() WHERE id = …` relays it.
 */
export const FAILED_EVENT_MAX_ROUNDS = 3;

/**
 * How long a claim to run an event's consumers holds (incident_event_outbox.running_until, its
 * owner running_by) unless renewed: its process renews it every third of this while they run, up
 * to INCIDENT_EVENT_MAX_RUN_MS, and removes or releases the row when they end. So it lapses when
 * that process died mid-run (this long after its last renewal), or when its consumers hung past
 * INCIDENT_EVENT_MAX_RUN_MS; another process's job of the incident waits for that at most
 * RUNNING_EVENT_WAIT_MAX_MS, then fails and retries later.
 */
export const INCIDENT_EVENT_RUN_LEASE_MS = 30_000;
/** A run's claim is renewed this long at most (an error logged then): a hung consumer holds it no longer. */
export const INCIDENT_EVENT_MAX_RUN_MS = 10 * 60_000;
/**
 * How long a job waits for an event another process runs before it fails (its retry comes later,
 * and the node's slot in this process is free meanwhile): twice the lease, time for a dead
 * process's claim to lapse.
 */
export const RUNNING_EVENT_WAIT_MAX_MS = 2 * INCIDENT_EVENT_RUN_LEASE_MS;
/**
 * How often a job waiting for an event another process runs looks whether that run ended (rare: two
 * processes handling events of one incident after a crash left earlier ones waiting).
 */
export const RUNNING_EVENT_POLL_MS = 100;

export interface IncidentEventJob {
  kind: IncidentEventKind;
  incidentId: string;
  nodeId: string;
  workspaceId: string;
  at: string;
  /**
   * The outbox row, also the job's de-duplication id. Absent on a job queued by an API from before
   * the outbox (still in Redis after the upgrade): nothing to delete then.
   */
  eventId?: string;
  /**
   * Queued by the relay, not by the transition's writer (in logs and failed-job lists). Like every
   * job with an eventId, it does nothing when its row is gone by the time it runs: the event was
   * handled meanwhile (its first job finished, or a later event of the incident ran it first).
   */
  relayed?: boolean;
}

export type KeptIncidentEvent = IncidentEventJob & { eventId: string };

export function incidentEvent(
  kind: IncidentEventKind,
  incidentId: string,
  node: { nodeId: string; workspaceId: string },
  at = new Date(),
): KeptIncidentEvent {
  return { kind, incidentId, ...node, at: at.toISOString(), eventId: uuidv7(at.getTime()) };
}

/**
 * The outbox row of an event, for `incidentEventOutbox.create` in the transition's transaction
 * (due_at: the column's default, RELAY_AFTER_MS after the database's now()).
 */
export function outboxRow(event: KeptIncidentEvent): Prisma.IncidentEventOutboxCreateInput {
  return {
    id: event.eventId,
    kind: event.kind,
    incidentId: event.incidentId,
    nodeId: event.nodeId,
    workspaceId: event.workspaceId,
    at: new Date(event.at),
  };
}

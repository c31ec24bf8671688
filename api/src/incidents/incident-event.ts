import type { SqlClient } from "../db/sql-client.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { IncidentEventKind } from "../topics.ts";

/**
 * An incident event (OPENED / UPDATED / RESOLVED) as its consumers get it, and the outbox row that
 * keeps it until they did: the row is written in the transaction of the transition, so a process
 * killed between the commit and the queueing of the job loses nothing (incident_event_outbox,
 * migration 20261201190000_incident_event_outbox).
 */

export const INCIDENT_EVENT_JOB = "incidents.event";
/** Tries of one incidents.event job. */
export const INCIDENT_EVENT_ATTEMPTS = 5;
/**
 * A row is relayed once it is this old: its writer queues it at once, so a row still here was
 * left by a process that died before, or could not queue it.
 */
export const RELAY_AFTER_MS = 5_000;
/**
 * A relayed row is relayed again after this long if it is still here: its job may just be waiting
 * in a long queue (the queue's de-duplication makes that a no-op), or the relaying process died.
 */
export const RELAY_AGAIN_AFTER_MS = 60_000;

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

/** The outbox row of an event, for `incidentEventOutbox.create` in the transition's transaction. */
export function outboxRow(event: KeptIncidentEvent): Prisma.IncidentEventOutboxCreateInput {
  const at = new Date(event.at);
  return {
    id: event.eventId,
    kind: event.kind,
    incidentId: event.incidentId,
    nodeId: event.nodeId,
    workspaceId: event.workspaceId,
    at,
    dueAt: new Date(at.getTime() + RELAY_AFTER_MS),
  };
}

/**
 * Takes up to `limit` rows due at `now` for this caller, oldest first, and pushes their due time
 * RELAY_AGAIN_AFTER_MS on, in one statement: rows another relay holds are skipped (SKIP LOCKED) and
 * rows it took are no longer due once it committed, so two relays never hand the same row.
 */
export async function claimDueIncidentEvents(
  sql: SqlClient,
  now: Date,
  limit = 100,
): Promise<KeptIncidentEvent[]> {
  const rows = await sql.query<{
    id: string;
    seq: string | number | bigint;
    kind: IncidentEventKind;
    incident_id: string;
    node_id: string;
    workspace_id: string;
    at: Date | string;
  }>(
    `UPDATE incident_event_outbox SET due_at = $2
      WHERE id IN (SELECT id FROM incident_event_outbox WHERE due_at <= $1
                    ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING id, seq, kind, incident_id, node_id, workspace_id, at`,
    [now, new Date(now.getTime() + RELAY_AGAIN_AFTER_MS), limit],
  );
  // RETURNING has no order: one node's events are queued in the order they happened.
  return rows
    .sort((a, b) => Number(a.seq) - Number(b.seq))
    .map((row) => ({
      kind: row.kind,
      incidentId: row.incident_id,
      nodeId: row.node_id,
      workspaceId: row.workspace_id,
      at: new Date(row.at).toISOString(),
      eventId: row.id,
    }));
}

/** The event's consumers ran (or its job ran out of attempts and the queue keeps it as failed). */
export async function removeIncidentEvent(sql: SqlClient, eventId: string): Promise<void> {
  await sql.query("DELETE FROM incident_event_outbox WHERE id = $1", [eventId]);
}

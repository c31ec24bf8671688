import type { SqlClient } from "../db/sql-client.ts";
import type { IncidentEventKind } from "../topics.ts";
import {
  FAILED_EVENT_RETRY_AFTER_MS,
  INCIDENT_EVENT_RUN_LEASE_MS,
  type KeptIncidentEvent,
  RELAY_AGAIN_AFTER_MS,
} from "./incident-event.ts";

/**
 * incident_event_outbox in raw SQL (SKIP LOCKED, intervals on the database's clock). The rows are
 * written by the transitions themselves (incident.store.ts, levee_open_incident).
 */

interface OutboxRow {
  id: string;
  kind: IncidentEventKind;
  incident_id: string;
  node_id: string;
  workspace_id: string;
  at: Date | string;
}

const COLUMNS = "id, seq, kind, incident_id, node_id, workspace_id, at";

const eventOf = (row: OutboxRow): KeptIncidentEvent => ({
  kind: row.kind,
  incidentId: row.incident_id,
  nodeId: row.node_id,
  workspaceId: row.workspace_id,
  at: new Date(row.at).toISOString(),
  eventId: row.id,
});

/**
 * Takes up to `limit` (all when null) due rows for this caller, oldest first, and pushes their due time
 * RELAY_AGAIN_AFTER_MS on, in one statement: rows another relay holds are skipped (SKIP LOCKED) and
 * rows it took are no longer due once it committed, so two relays never hand the same row. Due at
 * `now` (the database's clock when absent), or every row but those given up (`everyRow`: a process's
 * start-up, when no other process can be queueing them). `clearRunClaims` frees the claims to run
 * them too: only for a start that proves no other process runs (PGlite's data-folder lock), whose
 * claims are its dead predecessor's and would hold its jobs up to INCIDENT_EVENT_RUN_LEASE_MS.
 */
export async function claimDueIncidentEvents(
  sql: SqlClient,
  options: { now?: Date; everyRow?: boolean; clearRunClaims?: boolean; limit?: number | null } = {},
): Promise<KeptIncidentEvent[]> {
  const rows = await sql.query<OutboxRow & { seq: string | number | bigint }>(
    `UPDATE incident_event_outbox
        SET due_at = coalesce($1::timestamptz, now()) + make_interval(secs => $3::double precision)
            ${options.clearRunClaims ? ", running_until = NULL, running_by = NULL" : ""}
      WHERE id IN (SELECT id FROM incident_event_outbox
                    WHERE ${options.everyRow ? "due_at < 'infinity'" : "due_at <= coalesce($1::timestamptz, now())"}
                    ORDER BY seq LIMIT $2::integer FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [options.now ?? null, options.limit ?? null, RELAY_AGAIN_AFTER_MS / 1000],
  );
  // RETURNING has no order: one node's events are queued in the order they happened.
  return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(eventOf);
}

/**
 * In one statement: whether the event's own row is still here (undefined when gone: handled
 * meanwhile), and the incident's events written before it and not handled yet, oldest first
 * (parked ones aside: their consumers failed every round). A relayed OPENED must not reach the
 * consumers after the RESOLVED its process wrote next.
 */
export async function waitingIncidentEvents(
  sql: SqlClient,
  event: KeptIncidentEvent,
): Promise<{ earlier: KeptIncidentEvent[] } | undefined> {
  const rows = await sql.query<OutboxRow>(
    `SELECT ${COLUMNS} FROM incident_event_outbox
      WHERE incident_id = $1 AND seq <= (SELECT seq FROM incident_event_outbox WHERE id = $2)
        AND (id = $2 OR due_at < 'infinity')
      ORDER BY seq`,
    [event.incidentId, event.eventId],
  );
  if (!rows.some((row) => row.id === event.eventId)) return undefined;
  return { earlier: rows.filter((row) => row.id !== event.eventId).map(eventOf) };
}

/**
 * Claims the event's row for the caller to run its consumers, in one statement: "claimed" (no one
 * else runs it until removeIncidentEvent, releaseIncidentEvent or INCIDENT_EVENT_RUN_LEASE_MS),
 * "running" (another process's claim holds), or "gone" (handled meanwhile). Two concurrent claims:
 * the second waits for the first's row lock, then finds the row claimed (or deleted).
 */
export async function claimIncidentEventRun(
  sql: SqlClient,
  eventId: string,
  runner: string,
): Promise<"claimed" | "running" | "gone"> {
  const [row] = await sql.query<{ claimed: boolean; present: boolean }>(
    `WITH claimed AS (
       UPDATE incident_event_outbox
          SET running_until = now() + make_interval(secs => $2::double precision), running_by = $3::uuid
        WHERE id = $1 AND (running_until IS NULL OR running_until < now())
        RETURNING id)
     SELECT EXISTS (SELECT 1 FROM claimed) AS claimed,
            EXISTS (SELECT 1 FROM incident_event_outbox WHERE id = $1) AS present`,
    [eventId, INCIDENT_EVENT_RUN_LEASE_MS / 1000, runner],
  );
  // `present` reads the statement's snapshot: a row deleted by a run that just committed is seen
  // as present and not claimable, so the caller asks again and then finds it gone.
  if (row?.claimed) return "claimed";
  return row?.present ? "running" : "gone";
}

/**
 * The runner still runs the event's consumers: its claim holds INCIDENT_EVENT_RUN_LEASE_MS more.
 * False when the claim is no longer its own (it lapsed and another took it, or the row is gone).
 */
export async function renewIncidentEventRun(
  sql: SqlClient,
  eventId: string,
  runner: string,
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE incident_event_outbox SET running_until = now() + make_interval(secs => $2::double precision)
      WHERE id = $1 AND running_by = $3::uuid RETURNING id`,
    [eventId, INCIDENT_EVENT_RUN_LEASE_MS / 1000, runner],
  );
  return rows.length > 0;
}

/**
 * The runner's run of the event failed: anyone may run it again now (its job's retry, a later
 * event). Another's claim (this one lapsed meanwhile) is left alone.
 */
export async function releaseIncidentEvent(sql: SqlClient, eventId: string, runner: string): Promise<void> {
  await sql.query(
    "UPDATE incident_event_outbox SET running_until = NULL, running_by = NULL WHERE id = $1 AND running_by = $2::uuid",
    [eventId, runner],
  );
}

/** The event's consumers ran. */
export async function removeIncidentEvent(sql: SqlClient, eventId: string): Promise<void> {
  await sql.query("DELETE FROM incident_event_outbox WHERE id = $1", [eventId]);
}

/**
 * Given up after its last round: never due again, kept for a retry by hand of its failed job (which
 * claims it again: postponeFailedIncidentEvent released it).
 */
export async function parkIncidentEvent(sql: SqlClient, eventId: string): Promise<void> {
  await sql.query("UPDATE incident_event_outbox SET due_at = 'infinity' WHERE id = $1", [eventId]);
}

/**
 * The event's job ran out of attempts: its row is due again FAILED_EVENT_RETRY_AFTER_MS later for a
 * new round. Returns how many rounds failed so far (undefined: the row is gone).
 */
export async function postponeFailedIncidentEvent(sql: SqlClient, eventId: string, runner: string) {
  // Only the runner's own claim: one that lapsed and was taken by another is that one's to judge.
  const [row] = await sql.query<{ failed_rounds: number }>(
    `UPDATE incident_event_outbox
        SET failed_rounds = failed_rounds + 1, running_until = NULL, running_by = NULL,
            due_at = now() + make_interval(secs => $2::double precision)
      WHERE id = $1 AND running_by = $3::uuid RETURNING failed_rounds`,
    [eventId, FAILED_EVENT_RETRY_AFTER_MS / 1000, runner],
  );
  return row?.failed_rounds;
}

/** What the outbox holds, for operators (/metrics, /healthz). */
export interface IncidentEventBacklog {
  /** Not handled yet, not parked: a handful for a moment is normal (a job in flight). */
  waiting: number;
  /** Given up after FAILED_EVENT_MAX_ROUNDS: they wait for a retry by hand. */
  parked: number;
  /** Since the oldest waiting event happened (0: none waiting), by the database's clock. */
  oldestWaitingSeconds: number;
}

/**
 * One aggregate over the table: it holds only the events not handled yet (a handled one's row is
 * deleted), so it stays small even in a storm, and a scrape can read it.
 */
export async function incidentEventBacklog(sql: SqlClient): Promise<IncidentEventBacklog> {
  const [row] = await sql.query<{ waiting: string | number; parked: string | number; oldest: number | null }>(
    `SELECT count(*) FILTER (WHERE due_at < 'infinity') AS waiting,
            count(*) FILTER (WHERE due_at = 'infinity') AS parked,
            extract(epoch FROM now() - min(at) FILTER (WHERE due_at < 'infinity'))::float8 AS oldest
       FROM incident_event_outbox`,
  );
  return {
    waiting: Number(row?.waiting ?? 0),
    parked: Number(row?.parked ?? 0),
    oldestWaitingSeconds: Math.max(0, Number(row?.oldest ?? 0)),
  };
}

import type { SqlClient } from "../db/sql-client.ts";
import { TIER_RELATIONS } from "./storage-settings.ts";

/**
 * Rows deleted by one statement, and how long one run keeps deleting (the next run,
 * telemetry.jobs.ts, goes on where it stopped). Each batch is a short transaction (~25 ms of
 * PostgreSQL here). The embedded engine runs in the API's own thread: there a batch holds the
 * event loop and the one connection every report waits for, so batches and runs are shorter.
 */
export const PURGE_LIMITS = {
  postgres: { batchRows: 10_000, runMs: 10_000 },
  pglite: { batchRows: 1_000, runMs: 1_000 },
} as const;
/**
 * How long a purged node stays queued: a sample admitted before its node was deleted can still
 * be stored just after (there is no foreign key to refuse it), so the node is only forgotten by
 * a pass, at least this long after the deletion, that finds nothing left to delete.
 */
export const PURGE_GRACE_MS = 10 * 60_000;

export interface PurgeOptions {
  /** TimescaleDB: the rollups are continuous aggregates, deleted from their materialized tables. */
  timescale: boolean;
  /** The time the grace is judged by; the database's clock when not given. */
  now?: Date;
  batchRows?: number;
  /** Stop after this many batches (tests); otherwise after `runMs`. */
  batchesPerRun?: number;
  runMs?: number;
  /** Asked before each batch: true stops the run (the process is shutting down). */
  stopping?: () => boolean;
}

export interface PurgeResult {
  /** Nodes whose last pass found nothing left after their grace: no longer queued. */
  finished: number;
  rows: number;
}

interface Queued {
  node_id: string;
  purged_through: Date | null;
  /** A pass left nothing: the node waits for its grace to end, then gets one more pass. */
  emptied_at: Date | null;
}

/**
 * Deletes the telemetry of deleted nodes (queued in telemetry_purge by the node table's delete
 * trigger), oldest deletion first, in statements of at most `batchRows` rows each: raw samples,
 * then every rollup (rollupTables). Each batch is its own transaction and claims its
 * node's queue row (SKIP LOCKED), so the runs of several API processes share the queue instead of
 * deleting the same rows. A node emptied within its grace is skipped until the grace is over; its
 * last check then waits behind every node that still has rows, so a slow check (its scan steps
 * over the index entries of every deleted row until a vacuum) never holds up a purge.
 */
export async function purgeDeletedNodes(sql: SqlClient, options: PurgeOptions): Promise<PurgeResult> {
  const batchRows = options.batchRows ?? PURGE_LIMITS.postgres.batchRows;
  let batches = options.batchesPerRun ?? Number.POSITIVE_INFINITY;
  const stopAt = Date.now() + (options.runMs ?? PURGE_LIMITS.postgres.runMs);
  const spent = () => batches <= 0 || Date.now() >= stopAt || options.stopping?.() === true;
  const queue = await sql.query<Queued>(
    `SELECT node_id, purged_through, emptied_at FROM telemetry_purge
      WHERE emptied_at IS NULL
         OR deleted_at < COALESCE($1::timestamptz, now()) - make_interval(secs => $2::float8 / 1000)
      ORDER BY emptied_at IS NOT NULL, deleted_at, node_id LIMIT 1000`,
    [options.now ?? null, PURGE_GRACE_MS],
  );
  const result: PurgeResult = { finished: 0, rows: 0 };
  if (queue.length === 0) return result;
  const relations: [string, string][] = [["traffic_sample", "ts"]];
  for (const relation of await rollupTables(sql, options.timescale)) relations.push([relation, "bucket"]);
  for (const entry of queue) {
    const nodeId = entry.node_id;
    // Past its grace after a pass that emptied it: this pass looks at every row again, from the
    // start (a sample stored late may be older than where the deleting got to).
    const final = entry.emptied_at !== null;
    let rows = 0;
    let claimed = true;
    for (const [relation, column] of relations) {
      let after = relation === "traffic_sample" && !final ? (entry.purged_through ?? undefined) : undefined;
      for (;;) {
        if (spent()) return result;
        batches--;
        const batch = await deleteBatch(sql, { relation, column, nodeId, batchRows, after });
        // The reports that waited meanwhile go first (on the embedded engine, this thread's).
        await new Promise((resolve) => setImmediate(resolve));
        if (!batch) {
          claimed = false; // another process is on it (or it finished it)
          break;
        }
        rows += batch.rows;
        result.rows += batch.rows;
        if (!batch.bound) break;
        after = batch.bound;
      }
      if (!claimed) break;
    }
    if (!claimed) continue;
    if (final && rows === 0) {
      await sql.query("DELETE FROM telemetry_purge WHERE node_id = $1::uuid", [nodeId]);
      result.finished++;
    } else {
      await sql.query("UPDATE telemetry_purge SET emptied_at = now() WHERE node_id = $1::uuid", [nodeId]);
    }
  }
  return result;
}

/**
 * The tables holding a node's rollups. Plain PostgreSQL: the rollup tables themselves.
 * TimescaleDB: each continuous aggregate's materialized hypertable (same node_id and bucket
 * columns). Deleting the raw samples does not reach them: the jobs refresh only recent windows,
 * so an older bucket keeps what was materialized, and the hour tier is kept for ever by default.
 * A later refresh of such a bucket recomputes it from the raw rows, which are gone too.
 */
async function rollupTables(sql: SqlClient, timescale: boolean): Promise<string[]> {
  const views = [...TIER_RELATIONS.minute, ...TIER_RELATIONS.hour];
  if (!timescale) return views;
  const rows = await sql.query<{ view_name: string; relation: string }>(
    `SELECT view_name, format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name) AS relation
       FROM timescaledb_information.continuous_aggregates
      WHERE view_schema = current_schema() AND view_name = ANY($1::text[])`,
    [views],
  );
  // In tier order (a day's rows after the minutes it is made of).
  return views.flatMap((view) => rows.filter((r) => r.view_name === view).map((r) => r.relation));
}

/**
 * One statement's worth of a node's oldest rows after `after` (the previous batch's bound, whose
 * rows are gone), in a transaction that holds the node's queue row; undefined when another
 * transaction holds it. The time of the `batchRows`-th row bounds the DELETE by a range of the
 * (node_id, time) key, which TimescaleDB can exclude chunks by; no row that far: the rest goes,
 * and it was the last batch (no bound). Starting past the previous bound, across runs too
 * (purged_through), matters: the index entries of deleted rows stay until a vacuum, and a look
 * from the node's first entry stepped over all of them each time (1M rows took 15 s, not 2.5).
 */
async function deleteBatch(
  sql: SqlClient,
  batch: { relation: string; column: string; nodeId: string; batchRows: number; after?: Date },
): Promise<{ rows: number; bound?: Date } | undefined> {
  const { relation, column, nodeId, batchRows, after } = batch;
  return sql.transaction(async (tx) => {
    const [claim] = await tx.query(
      "SELECT 1 FROM telemetry_purge WHERE node_id = $1::uuid FOR UPDATE SKIP LOCKED",
      [nodeId],
    );
    if (!claim) return undefined;
    const where = ["node_id = $1::uuid"];
    const params: unknown[] = [nodeId];
    if (after) where.push(`${column} > $${params.push(after)}`);
    const [bound] = await tx.query<{ at: Date }>(
      `SELECT ${column} AS at FROM ${relation} WHERE ${where.join(" AND ")}
        ORDER BY ${column} OFFSET $${params.length + 1} LIMIT 1`,
      [...params, batchRows - 1],
    );
    if (bound) where.push(`${column} <= $${params.push(bound.at)}`);
    const [deleted] = await tx.query<{ n: number }>(
      `WITH gone AS (DELETE FROM ${relation} WHERE ${where.join(" AND ")} RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      params,
    );
    if (bound && relation === "traffic_sample")
      await tx.query("UPDATE telemetry_purge SET purged_through = $2 WHERE node_id = $1::uuid", [
        nodeId,
        bound.at,
      ]);
    return { rows: deleted?.n ?? 0, bound: bound?.at };
  });
}

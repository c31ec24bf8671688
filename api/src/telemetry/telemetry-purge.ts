import type { SqlClient } from "../db/sql-client.ts";
import { TIER_RELATIONS } from "./storage-settings.ts";

/** Rows deleted by one statement: each is a short transaction (~40 ms of PostgreSQL here). */
export const PURGE_BATCH_ROWS = 10_000;
/** Statements per run; the next run goes on where this one stopped (~1M rows, a few seconds). */
export const PURGE_BATCHES_PER_RUN = 100;
/**
 * How long a purged node stays queued: a sample admitted before its node was deleted can still
 * be stored just after (there is no foreign key to refuse it), so the node is only forgotten by
 * a pass that finds nothing left at least this long after the deletion.
 */
export const PURGE_GRACE_MS = 10 * 60_000;

export interface PurgeOptions {
  /** TimescaleDB: the rollups are continuous aggregates, refreshed from the raw rows left. */
  timescale: boolean;
  now?: Date;
  batchRows?: number;
  batchesPerRun?: number;
}

export interface PurgeResult {
  /** Nodes whose rows are all gone and whose grace has passed: no longer queued. */
  finished: number;
  rows: number;
}

/**
 * Deletes the telemetry of deleted nodes (queued in telemetry_purge by the node table's delete
 * trigger), oldest deletion first, in statements of at most `batchRows` rows each: raw samples,
 * and on plain PostgreSQL the rollup tables too. A run stops after `batchesPerRun` statements.
 */
export async function purgeDeletedNodes(sql: SqlClient, options: PurgeOptions): Promise<PurgeResult> {
  const now = options.now ?? new Date();
  const batchRows = options.batchRows ?? PURGE_BATCH_ROWS;
  let budget = options.batchesPerRun ?? PURGE_BATCHES_PER_RUN;
  const relations: [string, string][] = [["traffic_sample", "ts"]];
  if (!options.timescale)
    for (const relation of [...TIER_RELATIONS.minute, ...TIER_RELATIONS.hour])
      relations.push([relation, "bucket"]);
  const queued = await sql.query<{ node_id: string; deleted_at: Date }>(
    "SELECT node_id, deleted_at FROM telemetry_purge ORDER BY deleted_at, node_id LIMIT 1000",
  );
  const result: PurgeResult = { finished: 0, rows: 0 };
  for (const { node_id: nodeId, deleted_at: deletedAt } of queued) {
    for (const [relation, column] of relations) {
      let after: Date | undefined;
      for (;;) {
        if (budget <= 0) return result;
        budget--;
        const deleted = await deleteBatch(sql, { relation, column, nodeId, batchRows, after });
        result.rows += deleted.rows;
        if (!deleted.bound) break;
        after = deleted.bound;
      }
    }
    // Every relation emptied (a run out of statements returned above).
    if (now.getTime() - new Date(deletedAt).getTime() < PURGE_GRACE_MS) continue;
    await sql.query("DELETE FROM telemetry_purge WHERE node_id = $1::uuid AND deleted_at = $2", [
      nodeId,
      deletedAt,
    ]);
    result.finished++;
  }
  return result;
}

/**
 * One statement's worth of a node's oldest rows after `after` (the previous batch's bound, whose
 * rows are gone): the time of its `batchRows`-th row bounds the DELETE by a range of the
 * (node_id, time) key, which TimescaleDB can exclude chunks by. Starting past the previous bound
 * matters: the index entries of the rows deleted before stay until a vacuum, and a look from the
 * node's first entry stepped over all of them each time (1M rows a run took 15 s instead of 3).
 * No row that far: the rest goes, and it was the last batch (no bound).
 */
async function deleteBatch(
  sql: SqlClient,
  batch: { relation: string; column: string; nodeId: string; batchRows: number; after?: Date },
): Promise<{ rows: number; bound?: Date }> {
  const { relation, column, nodeId, batchRows, after } = batch;
  const where = [`node_id = $1::uuid`];
  const params: unknown[] = [nodeId];
  if (after) where.push(`${column} > $${params.push(after)}`);
  const [bound] = await sql.query<{ at: Date }>(
    `SELECT ${column} AS at FROM ${relation} WHERE ${where.join(" AND ")}
      ORDER BY ${column} OFFSET $${params.length + 1} LIMIT 1`,
    [...params, batchRows - 1],
  );
  if (bound) where.push(`${column} <= $${params.push(bound.at)}`);
  const [deleted] = await sql.query<{ n: number }>(
    `WITH gone AS (DELETE FROM ${relation} WHERE ${where.join(" AND ")} RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    params,
  );
  return { rows: deleted?.n ?? 0, bound: bound?.at };
}

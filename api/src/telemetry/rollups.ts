import type { Database } from "../db/database.ts";

/** Rollup relations, finest first (node_status_1d is built from node_status_1m). */
const ROLLUPS = [
  ["traffic_1m", "1 minute"],
  ["traffic_1h", "1 hour"],
  ["node_status_1m", "1 minute"],
  ["node_status_1d", "1 day"],
] as const;

/**
 * Brings the rollups up to date for [from, to): TimescaleDB continuous aggregates are
 * refreshed (the embedded engine runs no background workers, so Levee drives refreshes itself),
 * the plain-PostgreSQL tables are recomputed by levee_refresh_rollups().
 */
export async function refreshRollups(database: Database, from: Date, to: Date): Promise<void> {
  if (!database.timescale) {
    await database.sql.query("SELECT levee_refresh_rollups($1::timestamptz, $2::timestamptz)", [from, to]);
    return;
  }
  for (const [relation, bucket] of ROLLUPS) {
    // The window must cover whole buckets: widen it to the enclosing bucket boundaries.
    await database.sql.exec(
      `CALL refresh_continuous_aggregate('${relation}',
         time_bucket(INTERVAL '${bucket}', '${from.toISOString()}'::timestamptz),
         time_bucket(INTERVAL '${bucket}', '${to.toISOString()}'::timestamptz) + INTERVAL '${bucket}')`,
    );
  }
}

/**
 * Retention (raw samples after retentionDays, minute rollups after 90 days; hourly and daily
 * rollups are kept) and, on TimescaleDB, compression of raw chunks older than a day.
 */
export async function enforceRetention(database: Database, retentionDays: number): Promise<void> {
  const raw = `${Math.floor(retentionDays)} days`;
  if (database.timescale) {
    await database.sql.exec(`SELECT drop_chunks('traffic_sample', older_than => INTERVAL '${raw}')`);
    await database.sql.exec(`SELECT drop_chunks('traffic_1m', older_than => INTERVAL '90 days')`);
    await database.sql.exec(
      `SELECT compress_chunk(c, if_not_compressed => true)
         FROM show_chunks('traffic_sample', older_than => INTERVAL '1 day') AS c`,
    );
    return;
  }
  await database.sql.exec(`DELETE FROM traffic_sample WHERE ts < now() - INTERVAL '${raw}'`);
  await database.sql.exec(`DELETE FROM traffic_1m WHERE bucket < now() - INTERVAL '90 days'`);
  await database.sql.exec(`DELETE FROM node_status_1m WHERE bucket < now() - INTERVAL '90 days'`);
}

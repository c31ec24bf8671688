import type { Database } from "../db/database.ts";

/**
 * Rollups in two tiers. Minute tier (traffic_1m, node_status_1m) is kept current every 30 s;
 * hour tier (traffic_1h, node_status_1d) every 5 minutes: an hourly bucket is recomputed from
 * raw seconds, too costly to redo every 30 s for thousands of nodes. Queries that read the hour
 * tier span days, so minutes of lag do not show.
 */
export type RollupTier = "minute" | "hour";

const CAGGS: Record<RollupTier, [relation: string, bucket: string][]> = {
  minute: [
    ["traffic_1m", "1 minute"],
    ["node_status_1m", "1 minute"],
    ["connection_1m", "1 minute"],
  ],
  hour: [
    ["traffic_1h", "1 hour"],
    ["node_status_1d", "1 day"],
    ["connection_1h", "1 hour"],
  ],
};

/** Brings one tier up to date for [from, to) (tests and backfills; the jobs use refreshChanged). */
export async function refreshRollups(
  database: Database,
  from: Date,
  to: Date,
  tiers: RollupTier[] = ["minute", "hour"],
) {
  for (const tier of tiers) {
    if (database.timescale) {
      for (const [relation, bucket] of CAGGS[tier]) {
        // The embedded engine runs no TimescaleDB background workers: Levee drives refreshes.
        // The window is widened to whole buckets, as refresh_continuous_aggregate requires.
        await database.sql.exec(
          `CALL refresh_continuous_aggregate('${relation}',
             time_bucket(INTERVAL '${bucket}', '${from.toISOString()}'::timestamptz),
             time_bucket(INTERVAL '${bucket}', '${to.toISOString()}'::timestamptz) + INTERVAL '${bucket}')`,
        );
      }
    } else {
      const fn = tier === "minute" ? "levee_refresh_minutes" : "levee_refresh_hours";
      await database.sql.query(`SELECT ${fn}($1::timestamptz, $2::timestamptz)`, [from, to]);
      await database.sql.query("SELECT levee_refresh_connections($1::timestamptz, $2::timestamptz, $3)", [
        from,
        to,
        tier === "hour",
      ]);
    }
  }
}

/**
 * The jobs' refresh. TimescaleDB: the trailing window (its invalidation log limits the work to
 * changed buckets). Plain PostgreSQL: from the oldest sample stored since the tier's last run
 * (rollup_watermark, lowered by the telemetry writer), so late samples are counted too.
 */
export async function refreshChanged(
  database: Database,
  tier: RollupTier,
  maxSampleAgeMs: number,
  now = new Date(),
): Promise<void> {
  if (database.timescale) {
    // The window covers the oldest sample ingest accepts (plus a bucket), so late samples from
    // an agent's queue are counted; unchanged buckets cost nothing (invalidation log).
    const window = maxSampleAgeMs + (tier === "minute" ? 3_600_000 : 86_400_000);
    await refreshRollups(database, new Date(now.getTime() - window), now, [tier]);
    return;
  }
  const [row] = await database.sql.query<{ since: Date | null }>(
    `UPDATE rollup_watermark w SET dirty_since = NULL
       FROM (SELECT dirty_since FROM rollup_watermark WHERE name = $1 FOR UPDATE) old
      WHERE w.name = $1 RETURNING old.dirty_since AS since`,
    [tier],
  );
  if (!row?.since) return;
  const since = new Date(row.since);
  try {
    await refreshRollups(database, since, new Date(now.getTime() + 60_000), [tier]);
  } catch (error) {
    await lowerWatermark(database, tier, since); // retried by the next run
    throw error;
  }
  // The hour tier reads node_status_1m: it recomputes what the minute tier just did.
  if (tier === "minute") await lowerWatermark(database, "hour", since);
}

async function lowerWatermark(database: Database, tier: RollupTier, since: Date): Promise<void> {
  await database.sql.query(
    "UPDATE rollup_watermark SET dirty_since = LEAST(COALESCE(dirty_since, $2), $2) WHERE name = $1",
    [tier, since],
  );
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
    await database.sql.exec(`SELECT drop_chunks('node_status_1m', older_than => INTERVAL '90 days')`);
    await database.sql.exec(`SELECT drop_chunks('connection_1m', older_than => INTERVAL '90 days')`);
    await database.sql.exec(
      `SELECT compress_chunk(c, if_not_compressed => true)
         FROM show_chunks('traffic_sample', older_than => INTERVAL '1 day') AS c`,
    );
    return;
  }
  await database.sql.exec(`DELETE FROM traffic_sample WHERE ts < now() - INTERVAL '${raw}'`);
  await database.sql.exec(`DELETE FROM traffic_1m WHERE bucket < now() - INTERVAL '90 days'`);
  await database.sql.exec(`DELETE FROM node_status_1m WHERE bucket < now() - INTERVAL '90 days'`);
  await database.sql.exec(`DELETE FROM connection_1m WHERE bucket < now() - INTERVAL '90 days'`);
}

import type { Database } from "../db/database.ts";
import type { SqlClient } from "../db/sql-client.ts";
import {
  finishedMinute,
  floorTo,
  HOUR_MS,
  LATE_GRACE_MS,
  MINUTE_MS,
  type Range,
  refreshRanges,
} from "./rollup-windows.ts";
import { TIER_RELATIONS, type TierStorage } from "./storage-settings.ts";

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
    ["listen_queue_1m", "1 minute"],
  ],
  hour: [
    ["traffic_1h", "1 hour"],
    ["node_status_1d", "1 day"],
    ["connection_1h", "1 hour"],
    ["listen_queue_1h", "1 hour"],
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
      // One grouped pass over the raw seconds feeds every table of the tier (traffic, connection
      // and, for minutes, node status); the hour function also recomputes node_status_1d.
      const fn = tier === "minute" ? "levee_refresh_minutes" : "levee_refresh_hours";
      await database.sql.query(`SELECT ${fn}($1::timestamptz, $2::timestamptz)`, [from, to]);
    }
  }
}

/**
 * The jobs' refresh: only finished buckets. TimescaleDB: the window from the oldest sample ingest
 * accepts up to the last finished bucket (the invalidation log limits the work to changed
 * buckets; stopping before the filling bucket keeps on-time inserts out of that log). Plain
 * PostgreSQL: the buckets finished since the tier's last run plus those marked late by the
 * telemetry writer (rollup_late); see refreshPlain.
 */
export async function refreshChanged(
  database: Database,
  tier: RollupTier,
  maxSampleAgeMs: number,
  now = new Date(),
): Promise<void> {
  if (!database.timescale) return refreshPlain(database, tier, now);
  const width = tier === "minute" ? MINUTE_MS : HOUR_MS;
  const from = new Date(now.getTime() - maxSampleAgeMs - width);
  for (const [relation, bucket] of CAGGS[tier]) {
    // Whole buckets inside the window only: the end is the filling bucket's start (a day for
    // node_status_1d, so its current day waits for the day's end; uptime reads it in real time).
    await database.sql.exec(
      `CALL refresh_continuous_aggregate('${relation}',
         time_bucket(INTERVAL '${bucket}', '${from.toISOString()}'::timestamptz),
         time_bucket(INTERVAL '${bucket}', '${new Date(now.getTime() - LATE_GRACE_MS).toISOString()}'::timestamptz))`,
    );
  }
}

/**
 * Plain PostgreSQL, in one transaction (a failure leaves the marks and the watermark as they
 * were). Only the jobs write rollup_watermark; the minute tier hands its late buckets to the
 * hour tier as marks of its own. A mark the writer adds meanwhile is not in this DELETE's snapshot
 * and stays for the next run (marks have no key, so adding one never waits for this transaction).
 */
async function refreshPlain(database: Database, tier: RollupTier, now: Date): Promise<void> {
  await database.sql.transaction(async (sql) => {
    const [state] = await sql.query<{ refreshed_to: Date; minute_to: Date; oldest_open: Date | null }>(
      `SELECT w.refreshed_to, m.refreshed_to AS minute_to,
              (SELECT min(xact_start) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()) AS oldest_open
         FROM rollup_watermark w, rollup_watermark m
        WHERE w.name = $1 AND m.name = 'minute' FOR UPDATE OF w`,
      [tier],
    );
    if (!state) throw new Error(`rollup_watermark has no row for ${tier}`);
    const width = tier === "minute" ? MINUTE_MS : HOUR_MS;
    const upTo =
      tier === "minute"
        ? finishedMinute(now, state.oldest_open && new Date(state.oldest_open), LATE_GRACE_MS)
        : new Date(floorTo(new Date(state.minute_to).getTime(), HOUR_MS));
    const refreshedTo = new Date(state.refreshed_to);
    if (upTo.getTime() < refreshedTo.getTime()) return;
    const late = await sql.query<{ bucket: Date }>(
      // Each bucket once: several statements may have marked it (marks have no key).
      `WITH taken AS (DELETE FROM rollup_late WHERE tier = $1 AND bucket < $2 RETURNING bucket)
       SELECT DISTINCT bucket FROM taken`,
      [tier, upTo],
    );
    const ranges = refreshRanges(
      refreshedTo,
      upTo,
      late.map((l) => new Date(l.bucket)),
      width,
    );
    for (const range of ranges) {
      await refreshRollups({ ...database, sql }, range.from, range.to, [tier]);
      // levee_refresh_hours ends a day at the range's end; a day is recomputed whole from its
      // minutes (at most 1,440 rows a node), so a late hour never truncates its day.
      if (tier === "hour") await refreshDays(sql, range);
    }
    await sql.query("UPDATE rollup_watermark SET refreshed_to = $2 WHERE name = $1", [tier, upTo]);
    if (tier === "minute" && late.length > 0) {
      await sql.query(
        `INSERT INTO rollup_late (tier, bucket)
           SELECT DISTINCT 'hour', date_bin(INTERVAL '1 hour', b, TIMESTAMPTZ 'epoch') FROM unnest($1::timestamptz[]) b`,
        [late.map((l) => new Date(l.bucket).toISOString())],
      );
    }
  });
}

async function refreshDays(sql: SqlClient, range: Range): Promise<void> {
  const params = [range.from, range.to];
  const days = `bucket >= date_bin(INTERVAL '1 day', $1::timestamptz, TIMESTAMPTZ 'epoch')
    AND bucket < date_bin(INTERVAL '1 day', $2::timestamptz - INTERVAL '1 microsecond', TIMESTAMPTZ 'epoch') + INTERVAL '1 day'`;
  await sql.query(`DELETE FROM node_status_1d WHERE ${days}`, params);
  await sql.query(
    `INSERT INTO node_status_1d SELECT node_id, date_bin(INTERVAL '1 day', bucket, TIMESTAMPTZ 'epoch') AS b,
       count(*)::integer, (count(*) FILTER (WHERE attack))::integer
       FROM node_status_1m WHERE ${days} GROUP BY node_id, b`,
    params,
  );
}

/**
 * Retention per tier (storage-settings.ts): raw samples, minute and hour rollups each after their
 * own number of days (0: hour tier kept); on TimescaleDB also compression of raw chunks older
 * than a day.
 */
export async function enforceRetention(database: Database, storage: TierStorage): Promise<void> {
  const tiers: [string[], number][] = [
    [["traffic_sample"], storage.rawRetentionDays],
    [[...TIER_RELATIONS.minute], storage.minuteRetentionDays],
    [[...TIER_RELATIONS.hour], storage.hourRetentionDays],
  ];
  for (const [relations, days] of tiers) {
    if (days <= 0) continue;
    const age = `${Math.floor(days)} days`;
    for (const relation of relations) {
      const column = relation === "traffic_sample" ? "ts" : "bucket";
      await database.sql.exec(
        database.timescale
          ? `SELECT drop_chunks('${relation}', older_than => INTERVAL '${age}')`
          : `DELETE FROM ${relation} WHERE ${column} < now() - INTERVAL '${age}'`,
      );
    }
  }
  if (database.timescale) {
    await database.sql.exec(
      `SELECT compress_chunk(c, if_not_compressed => true)
         FROM show_chunks('traffic_sample', older_than => INTERVAL '1 day') AS c`,
    );
  }
}

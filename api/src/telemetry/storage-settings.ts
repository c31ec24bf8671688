import type { Database } from "../db/database.ts";
import type { TierStorage } from "./tier-storage.ts";

export type { TierStorage } from "./tier-storage.ts";

export const TIER_RELATIONS = {
  minute: ["traffic_1m", "node_status_1m", "connection_1m", "listen_queue_1m"],
  hour: ["traffic_1h", "connection_1h", "node_status_1d", "listen_queue_1h"],
} as const;

/**
 * Applies the chunk intervals on start (every process; an idempotent catalog update that
 * affects chunks created from now on). Plain PostgreSQL has no chunks: nothing to apply, and
 * retention is done by DELETE in enforceRetention.
 */
export async function applyChunkIntervals(database: Database, storage: TierStorage): Promise<void> {
  if (!database.timescale) return;
  await database.sql.exec(
    `SELECT set_chunk_time_interval('traffic_sample', INTERVAL '${Math.floor(storage.rawChunkHours)} hours')`,
  );
  for (const [tier, days] of [
    ["minute", storage.minuteChunkDays],
    ["hour", storage.hourChunkDays],
  ] as const) {
    for (const relation of TIER_RELATIONS[tier]) {
      // A continuous aggregate's chunks belong to its materialization hypertable.
      await database.sql.query(
        `SELECT set_chunk_time_interval(format('%I.%I', h.schema_name, h.table_name)::regclass, $2::interval)
           FROM _timescaledb_catalog.continuous_agg c
           JOIN _timescaledb_catalog.hypertable h ON h.id = c.mat_hypertable_id
          WHERE c.user_view_name = $1`,
        [relation, `${Math.floor(days)} days`],
      );
    }
  }
}

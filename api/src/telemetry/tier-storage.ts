// The settings type alone (no imports): config.ts reads it without reaching the database layer.
/**
 * Per-tier storage settings (README, configuration). Raw seconds, minute and hour tiers each have
 * a retention; on TimescaleDB each hypertable also has a chunk interval. A day's chunk of raw
 * seconds for 100k nodes is 8.6 G rows: its indexes no longer fit in memory, so large fleets
 * want hours. Minute rollups are kept shorter than hourly ones (charts over months read hours).
 */
export interface TierStorage {
  /** Raw samples: chunk interval (hours) and how long they are kept (days). */
  rawChunkHours: number;
  rawRetentionDays: number;
  /** Minute tier (traffic_1m, node_status_1m, connection_1m, listen_queue_1m). */
  minuteChunkDays: number;
  minuteRetentionDays: number;
  /** Hour tier (traffic_1h, connection_1h, node_status_1d, listen_queue_1h); 0 keeps them for ever. */
  hourChunkDays: number;
  hourRetentionDays: number;
}

import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { enforceRetention, refreshChanged } from "./rollups.ts";
import { PURGE_LIMITS, purgeDeletedNodes } from "./telemetry-purge.ts";

export const ROLLUP_MINUTE_JOB = "telemetry.refresh-minute-rollups";
export const ROLLUP_HOUR_JOB = "telemetry.refresh-hour-rollups";
export const RETENTION_JOB = "telemetry.retention";
export const PURGE_JOB = "telemetry.purge-deleted-nodes";

/** Rollup refreshes, retention, and the purge of deleted nodes' telemetry. */
export const telemetryJobs: readonly AnyJobEntry[] = [
  jobEntry({
    name: ROLLUP_MINUTE_JOB,
    run: ({ database, config }) => refreshChanged(database, "minute", config.telemetry.maxAgeMs),
    concurrency: 1,
    // A finished minute shows on minute charts and uptime this long after it ends (+ the 5 s late
    // grace) at most. A run refreshes only finished minutes, so a shorter period costs little more.
    everyMs: (config) => config.telemetry.minuteRefreshMs,
  }),
  jobEntry({
    name: ROLLUP_HOUR_JOB,
    run: ({ database, config }) => refreshChanged(database, "hour", config.telemetry.maxAgeMs),
    concurrency: 1,
    everyMs: 300_000,
  }),
  jobEntry({
    name: RETENTION_JOB,
    run: ({ database, config }) => enforceRetention(database, config.telemetry.storage),
    concurrency: 1,
    everyMs: 3_600_000,
  }),
  jobEntry({
    name: PURGE_JOB,
    run: async ({ database, logger, jobs }) => {
      const purged = await purgeDeletedNodes(database.sql, {
        timescale: database.timescale,
        ...PURGE_LIMITS[database.engine],
        stopping: () => jobs.closing,
      });
      if (purged.rows > 0 || purged.finished > 0) logger.info(purged, "deleted nodes' telemetry purged");
      return purged;
    },
    concurrency: 1,
    everyMs: 30_000,
  }),
];

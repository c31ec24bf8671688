import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { enforceRetention, refreshChanged } from "./rollups.ts";

export const ROLLUP_MINUTE_JOB = "telemetry.refresh-minute-rollups";
export const ROLLUP_HOUR_JOB = "telemetry.refresh-hour-rollups";
export const RETENTION_JOB = "telemetry.retention";

/** Rollup refreshes and retention. */
export const telemetryJobs: readonly AnyJobEntry[] = [
  jobEntry({
    name: ROLLUP_MINUTE_JOB,
    run: ({ database, config }) => refreshChanged(database, "minute", config.telemetry.maxAgeMs),
    concurrency: 1,
    everyMs: 30_000,
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
];

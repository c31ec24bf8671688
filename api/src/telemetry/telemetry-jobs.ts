import type { AppServices } from "../context.ts";
import { INCIDENT_EVENT_JOB, type IncidentEventJob } from "../incidents/incident.store.ts";
import { enforceRetention, refreshRollups } from "./rollups.ts";

export const ROLLUP_JOB = "telemetry.refresh-rollups";
export const RETENTION_JOB = "telemetry.retention";
/** Rollups are recomputed over this trailing window (late samples up to it are counted). */
const ROLLUP_WINDOW_MS = 3 * 3_600_000;

export function registerTelemetryJobs(services: AppServices): void {
  const { jobs, database, config, logger } = services;
  jobs.register(
    ROLLUP_JOB,
    async () => {
      const now = Date.now();
      await refreshRollups(database, new Date(now - ROLLUP_WINDOW_MS), new Date(now));
    },
    { concurrency: 1 },
  );
  jobs.register(RETENTION_JOB, () => enforceRetention(database, config.telemetry.retentionDays), {
    concurrency: 1,
  });
  // Alerting and mitigation subscribe to incident events here as they arrive; until a
  // workspace configures them, the event is logged (structured) and counted.
  jobs.register<IncidentEventJob>(INCIDENT_EVENT_JOB, async (event) => {
    logger.info({ incident: event }, `incident ${event.kind.toLowerCase()}`);
  });
}

export async function scheduleTelemetryJobs(services: AppServices): Promise<void> {
  await services.jobs.schedule(ROLLUP_JOB, { everyMs: 30_000 }, {});
  await services.jobs.schedule(RETENTION_JOB, { everyMs: 3_600_000 }, {});
}

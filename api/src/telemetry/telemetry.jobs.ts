import { dispatchIncidentAlerts } from "../alerts/alert.jobs.ts";
import type { AppServices } from "../context.ts";
import { resolveStaleIncidents, STALE_INCIDENTS_JOB } from "../incidents/incident.jobs.ts";
import { INCIDENT_EVENT_JOB, type IncidentEventJob } from "../incidents/incident.store.ts";
import { onIncidentEvent } from "../mitigation/firewall/incident-triggers.ts";
import { mitigateIncidentEvent } from "../mitigation/network/network-mitigation.jobs.ts";
import { enforceRetention, refreshChanged } from "./rollups.ts";

export const ROLLUP_MINUTE_JOB = "telemetry.refresh-minute-rollups";
export const ROLLUP_HOUR_JOB = "telemetry.refresh-hour-rollups";
export const RETENTION_JOB = "telemetry.retention";

export function registerTelemetryJobs(services: AppServices): void {
  const { jobs, database, config, logger } = services;
  const maxAge = config.telemetry.maxAgeMs;
  jobs.register(ROLLUP_MINUTE_JOB, () => refreshChanged(database, "minute", maxAge), { concurrency: 1 });
  jobs.register(ROLLUP_HOUR_JOB, () => refreshChanged(database, "hour", maxAge), { concurrency: 1 });
  jobs.register(STALE_INCIDENTS_JOB, async () => void (await resolveStaleIncidents(services)), {
    concurrency: 1,
  });
  jobs.register(RETENTION_JOB, () => enforceRetention(database, config.telemetry.storage), {
    concurrency: 1,
  });
  // Alerting and mitigation subscribe to incident events here as they arrive; until a
  // workspace configures them, the event is logged (structured) and counted.
  jobs.register<IncidentEventJob>(INCIDENT_EVENT_JOB, async (event) => {
    logger.info({ incident: event }, `incident ${event.kind.toLowerCase()}`);
    // Each consumer is idempotent per event; one failing must not hold up the others, and the
    // job's retry runs them all again (the ones that succeeded add nothing the second time).
    const outcomes = await Promise.allSettled([
      dispatchIncidentAlerts(services, event),
      onIncidentEvent(services, event),
      mitigateIncidentEvent(services, event),
    ]);
    const failed = outcomes.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
  });
}

export async function scheduleTelemetryJobs(services: AppServices): Promise<void> {
  await services.jobs.schedule(ROLLUP_MINUTE_JOB, { everyMs: 30_000 }, {});
  await services.jobs.schedule(ROLLUP_HOUR_JOB, { everyMs: 300_000 }, {});
  await services.jobs.schedule(RETENTION_JOB, { everyMs: 3_600_000 }, {});
  await services.jobs.schedule(STALE_INCIDENTS_JOB, { everyMs: 60_000 }, {});
}

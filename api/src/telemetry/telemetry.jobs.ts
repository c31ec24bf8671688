import { dispatchIncidentAlerts } from "../alerts/alert.jobs.ts";
import { INCIDENT_EVENT_JOB, type IncidentEventJob } from "../incidents/incident.store.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { onIncidentEvent } from "../mitigation/firewall/incident-triggers.ts";
import { mitigateIncidentEvent } from "../mitigation/network/network-mitigation.jobs.ts";
import { enforceRetention, refreshChanged } from "./rollups.ts";

export const ROLLUP_MINUTE_JOB = "telemetry.refresh-minute-rollups";
export const ROLLUP_HOUR_JOB = "telemetry.refresh-hour-rollups";
export const RETENTION_JOB = "telemetry.retention";

/** Rollup refreshes, retention, and the incident-event fan-out (alerting, firewall and network mitigation). */
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
    run: ({ database, config }) => enforceRetention(database, config.telemetry.retentionDays),
    concurrency: 1,
    everyMs: 3_600_000,
  }),
  // Alerting and mitigation subscribe to incident events here as they arrive; until a
  // workspace configures them, the event is logged (structured) and counted.
  jobEntry<IncidentEventJob>({
    name: INCIDENT_EVENT_JOB,
    async run(services, event) {
      services.logger.info({ incident: event }, `incident ${event.kind.toLowerCase()}`);
      // Each consumer is idempotent per event; one failing must not hold up the others, and the
      // job's retry runs them all again (the ones that succeeded add nothing the second time).
      const outcomes = await Promise.allSettled([
        dispatchIncidentAlerts(services, event),
        onIncidentEvent(services, event),
        mitigateIncidentEvent(services, event),
      ]);
      const failed = outcomes.find((outcome) => outcome.status === "rejected");
      if (failed) throw failed.reason;
    },
  }),
];

import type { AppServices } from "../context.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { publishNodeStatus } from "../nodes/node-status.ts";
import { resolveStale } from "./incident.service.ts";
import { INCIDENT_EVENT_JOB, type IncidentEventJob } from "./incident.store.ts";

export const STALE_INCIDENTS_JOB = "incidents.resolve-stale";

/** The stale sweep, wired to the engines that keep per-node and per-incident state in memory. */
export function resolveStaleIncidents(services: AppServices, now = new Date()): Promise<number> {
  const { detection, classification } = services.telemetry;
  return resolveStale(
    services,
    {
      async closed(incident) {
        detection.forget(incident.nodeId);
        await classification.finish(incident.id);
      },
      normal: (incident, at) =>
        publishNodeStatus(
          services,
          incident.workspaceId,
          { nodeId: incident.nodeId, status: incident.status, detectionState: "NORMAL" },
          at,
        ),
    },
    now,
  );
}

/** A domain that acts on incident events (alerting, mitigation): contributed to the job table. */
export interface IncidentConsumer {
  name: string;
  handle(services: AppServices, event: IncidentEventJob): Promise<void>;
}

/**
 * The incident service's events reach their consumers through one queued job per event, so each
 * consumer runs at least once per event whatever the process does. Each consumer is idempotent
 * per event; one failing must not hold up the others, and the job's retry runs them all again
 * (the ones that succeeded add nothing the second time).
 */
export function incidentJobs(consumers: readonly IncidentConsumer[]): AnyJobEntry[] {
  return [
    jobEntry({
      name: STALE_INCIDENTS_JOB,
      run: (services) => resolveStaleIncidents(services),
      concurrency: 1,
      everyMs: 60_000,
    }),
    jobEntry<IncidentEventJob>({
      name: INCIDENT_EVENT_JOB,
      async run(services, event) {
        // Logged (structured) and counted even when no workspace configured a consumer.
        services.logger.info({ incident: event }, `incident ${event.kind.toLowerCase()}`);
        const outcomes = await Promise.allSettled(consumers.map((c) => c.handle(services, event)));
        const failed = outcomes.find((outcome) => outcome.status === "rejected");
        if (failed) throw failed.reason;
      },
    }),
  ];
}

import type { AppServices } from "../context.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { KeyedSerial } from "../jobs/keyed-serial.ts";
import { publishNodeStatus } from "../nodes/node-status.ts";
import { relayIncidentEvents, resolveStale } from "./incident.service.ts";
import {
  INCIDENT_EVENT_ATTEMPTS,
  INCIDENT_EVENT_JOB,
  type IncidentEventJob,
  RELAY_AFTER_MS,
  removeIncidentEvent,
} from "./incident-event.ts";

export const STALE_INCIDENTS_JOB = "incidents.resolve-stale";
export const RELAY_INCIDENT_EVENTS_JOB = "incidents.relay-events";

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
/**
 * Incident events handled side by side in one process. Consumers wait mostly on I/O (SMTP,
 * webhooks, BGP speakers, the database), so one at a time left a storm's alerts queued for
 * minutes (1,000 OPENED events: 339 handled in 237 s). Events of one node keep their order
 * (KeyedSerial per node id): so do one incident's OPENED → UPDATED → RESOLVED, and a node's firewall
 * slots are never allocated by two of its incidents at once. Different nodes overlap; what they
 * share (a workspace's BGP rule queue) has its own lock.
 */
export const INCIDENT_EVENT_CONCURRENCY = 16;

export function incidentJobs(consumers: readonly IncidentConsumer[]): AnyJobEntry[] {
  const perNode = new KeyedSerial();
  return [
    jobEntry({
      name: STALE_INCIDENTS_JOB,
      run: (services) => resolveStaleIncidents(services),
      concurrency: 1,
      everyMs: 60_000,
    }),
    jobEntry<IncidentEventJob>({
      name: INCIDENT_EVENT_JOB,
      concurrency: INCIDENT_EVENT_CONCURRENCY,
      run: (services, event, job) =>
        perNode.run(event.nodeId, async () => {
          // Logged (structured) and counted even when no workspace configured a consumer.
          services.logger.info({ incident: event }, `incident ${event.kind.toLowerCase()}`);
          const outcomes = await Promise.allSettled(consumers.map((c) => c.handle(services, event)));
          const failed = outcomes.find((outcome) => outcome.status === "rejected");
          // Handled, or failed for good (the queue keeps it as failed, to retry by hand): the outbox
          // row is done with. Before this job ends, so a relay meanwhile finds the job still queued.
          if (event.eventId && (!failed || job.attempt >= INCIDENT_EVENT_ATTEMPTS))
            await removeIncidentEvent(services.database.sql, event.eventId).catch((error) =>
              // Left for the relay: the consumers run once more, and add nothing the second time.
              services.logger.warn({ err: error, incident: event }, "incident event outbox row not removed"),
            );
          if (failed) throw failed.reason;
        }),
    }),
    jobEntry({
      name: RELAY_INCIDENT_EVENTS_JOB,
      run: (services) => relayIncidentEvents(services),
      concurrency: 1,
      everyMs: RELAY_AFTER_MS,
    }),
  ];
}

import { alertIncidentConsumer, alertJobs } from "../alerts/alert.jobs.ts";
import { sessionJobs } from "../auth/session.jobs.ts";
import { brandingJobs } from "../branding/branding.jobs.ts";
import { evidenceJobs } from "../evidence/evidence.jobs.ts";
import { incidentJobs } from "../incidents/incident.jobs.ts";
import { firewallIncidentConsumer } from "../mitigation/firewall/incident-triggers.ts";
import {
  networkIncidentConsumer,
  networkMitigationJobs,
} from "../mitigation/network/network-mitigation.jobs.ts";
import { nodeJobs } from "../nodes/node.jobs.ts";
import type { AppServices } from "../services.ts";
import { statusPageIncidentConsumer, subscriberJobs } from "../status-pages/subscriber.jobs.ts";
import { telemetryJobs } from "../telemetry/telemetry.jobs.ts";
import { JobQueueClosedError } from "./index.ts";
import type { AnyJobEntry } from "./job-entry.ts";

/** Who acts on the incident service's events (incidents/incident.jobs.ts runs them per event). */
export const INCIDENT_CONSUMERS = [
  alertIncidentConsumer,
  firewallIncidentConsumer,
  networkIncidentConsumer,
  statusPageIncidentConsumer,
];

/** Every job the API runs, one list per domain (each domain's `*.jobs.ts`). */
export const JOB_TABLE: readonly AnyJobEntry[] = [
  ...telemetryJobs,
  ...incidentJobs(INCIDENT_CONSUMERS),
  ...alertJobs,
  ...nodeJobs,
  ...sessionJobs,
  ...evidenceJobs,
  ...networkMitigationJobs,
  ...brandingJobs,
  ...subscriberJobs,
];

/**
 * Registers every handler. Jobs enqueued from here on (a request can enqueue at once) wait for
 * startJobs.
 */
export function registerJobs(services: AppServices, table: readonly AnyJobEntry[] = JOB_TABLE) {
  for (const entry of table)
    services.jobs.register(entry.name, (data, job) => entry.run(services, data, job).then(() => undefined), {
      concurrency: entry.concurrency,
    });
}

/**
 * Starts processing, runs the start-up catch-ups (`atStart`: not waited for here, but by the
 * queue's close), and schedules the periodic jobs (each runs once when scheduled: the start-up
 * sweeps and rollup refreshes) `periodicAfterMs` later. server.ts calls it once the API listens,
 * so a restart answers its agents before that work competes with them for the database.
 */
export async function startJobs(
  services: AppServices,
  options: { periodicAfterMs?: number; table?: readonly AnyJobEntry[] } = {},
) {
  const { jobs, config, logger } = services;
  const { periodicAfterMs = 0, table = JOB_TABLE } = options;
  await jobs.start();
  for (const { name, atStart } of table) {
    if (!atStart) continue;
    const catchingUp = atStart(services).catch((error) => {
      // Stopped meanwhile: the next start catches up.
      if (!(error instanceof JobQueueClosedError))
        logger.error({ err: error, job: name }, "start-up job failed");
    });
    // A stop right after the start waits for it (it stops at its next enqueue) before the
    // database closes: a statement of it in flight then failed, logged as an error.
    jobs.holdCloseFor(catchingUp);
  }
  // Side by side: on a stalled Redis each waits its bound (BullMQ's schedule), once for them all.
  const schedule = async () => {
    await Promise.all(
      table.flatMap(({ name, everyMs }) =>
        everyMs === undefined
          ? []
          : [jobs.schedule(name, { everyMs: typeof everyMs === "function" ? everyMs(config) : everyMs }, {})],
      ),
    );
  };
  if (periodicAfterMs <= 0) return schedule();
  setTimeout(() => {
    schedule().catch((error) => {
      // Stopped before the periodic jobs were due: nothing to schedule.
      if (!(error instanceof JobQueueClosedError))
        logger.error({ err: error }, "periodic jobs not scheduled");
    });
  }, periodicAfterMs).unref();
}

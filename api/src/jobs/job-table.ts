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
import { telemetryJobs } from "../telemetry/telemetry.jobs.ts";
import type { AnyJobEntry } from "./job-entry.ts";

/** Who acts on the incident service's events (incidents/incident.jobs.ts runs them per event). */
export const INCIDENT_CONSUMERS = [alertIncidentConsumer, firewallIncidentConsumer, networkIncidentConsumer];

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
];

/** Registers every handler, schedules the periodic ones, then starts processing. */
export async function startJobs(services: AppServices, table: readonly AnyJobEntry[] = JOB_TABLE) {
  const { jobs, config } = services;
  for (const entry of table)
    jobs.register(entry.name, (data, job) => entry.run(services, data, job).then(() => undefined), {
      concurrency: entry.concurrency,
    });
  for (const { name, everyMs } of table) {
    if (everyMs === undefined) continue;
    await jobs.schedule(name, { everyMs: typeof everyMs === "function" ? everyMs(config) : everyMs }, {});
  }
  await jobs.start();
}

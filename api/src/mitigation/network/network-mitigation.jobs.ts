import type { IncidentConsumer } from "../../incidents/incident.jobs.ts";
import { type AnyJobEntry, jobEntry } from "../../jobs/job-entry.ts";
import { mitigationRuntime } from "./mitigation-runtime.ts";

export const MITIGATION_TICK_JOB = "mitigation.network.tick";
export const MITIGATION_RECONCILE_JOB = "mitigation.network.reconcile";

/** TTL expiry and the sliding window every 5 s; speakers against the intended state every NETWORK_MITIGATION_RECONCILE_SECONDS. */
export const networkMitigationJobs: readonly AnyJobEntry[] = [
  jobEntry({
    name: MITIGATION_TICK_JOB,
    run: (services) => mitigationRuntime(services).tickAll(false),
    concurrency: 1,
    everyMs: 5000,
  }),
  jobEntry({
    name: MITIGATION_RECONCILE_JOB,
    run: (services) => mitigationRuntime(services).tickAll(true),
    concurrency: 1,
    everyMs: (config) => config.networkMitigation.reconcileMs,
  }),
];

/** Network mitigation's part of every incident event (workspaces without a configuration cost one lookup). */
export const networkIncidentConsumer: IncidentConsumer = {
  name: "network mitigation",
  handle: (services, event) => mitigationRuntime(services).onIncidentEvent(event),
};

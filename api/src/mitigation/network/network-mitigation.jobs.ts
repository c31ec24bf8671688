import type { AppServices } from "../../context.ts";
import type { IncidentEventJob } from "../../incidents/incident.store.ts";
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

/** The incident-event job's call into network mitigation (workspaces without a configuration cost one lookup). */
export function mitigateIncidentEvent(services: AppServices, event: IncidentEventJob): Promise<void> {
  return mitigationRuntime(services).onIncidentEvent(event);
}

import type { AppServices } from "../../context.ts";
import type { IncidentEventJob } from "../../incidents/incident.store.ts";
import { mitigationRuntime } from "./mitigation-runtime.ts";

export const MITIGATION_TICK_JOB = "mitigation.network.tick";
export const MITIGATION_RECONCILE_JOB = "mitigation.network.reconcile";

/** TTL expiry and the sliding window every 5 s; speakers against the intended state every NETWORK_MITIGATION_RECONCILE_SECONDS. */
export async function startNetworkMitigationJobs(services: AppServices): Promise<void> {
  const runtime = mitigationRuntime(services);
  services.jobs.register(MITIGATION_TICK_JOB, () => runtime.tickAll(false), { concurrency: 1 });
  services.jobs.register(MITIGATION_RECONCILE_JOB, () => runtime.tickAll(true), { concurrency: 1 });
  await services.jobs.schedule(MITIGATION_TICK_JOB, { everyMs: 5000 }, {});
  await services.jobs.schedule(
    MITIGATION_RECONCILE_JOB,
    { everyMs: services.config.networkMitigation.reconcileMs },
    {},
  );
}

/** The incident-event job's call into network mitigation (workspaces without a configuration cost one lookup). */
export function mitigateIncidentEvent(services: AppServices, event: IncidentEventJob): Promise<void> {
  return mitigationRuntime(services).onIncidentEvent(event);
}

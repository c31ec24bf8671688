import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { markSilentNodesOffline } from "./node-status.ts";

export const NODE_OFFLINE_JOB = "nodes.mark-offline";

export const nodeJobs: readonly AnyJobEntry[] = [
  jobEntry({
    name: NODE_OFFLINE_JOB,
    run: (services) => markSilentNodesOffline(services),
    concurrency: 1,
    everyMs: 15_000,
  }),
];

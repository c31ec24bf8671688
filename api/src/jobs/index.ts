import { BullMqJobQueue } from "./bullmq-queue.ts";
import { InProcessJobQueue } from "./in-process-queue.ts";
import type { JobQueue, JobQueueOptions } from "./job-queue.ts";

export type {
  EnqueueOptions,
  FailedJob,
  JobContext,
  JobHandler,
  JobOutcome,
  JobQueue,
  JobQueueOptions,
} from "./job-queue.ts";
export { JobQueueClosedError } from "./job-queue.ts";

/** BullMQ on Redis when `redisUrl` is set (several API processes share the queue), else in-process. */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  if (options.redisUrl) {
    return new BullMqJobQueue({ redisUrl: options.redisUrl, prefix: options.prefix, logger: options.logger });
  }
  return new InProcessJobQueue({ logger: options.logger });
}

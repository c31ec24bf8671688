import type { SqlClient } from "../db/sql-client.ts";
import { InProcessJobQueue } from "./in-process-queue.ts";
import { FailedJobStore, JobOutbox } from "./job-durability.store.ts";
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

/**
 * BullMQ on Redis when `redisUrl` is set (several API processes share the queue), else in-process.
 * With `sql`, jobs survive what the queue alone would lose: BullMQ enqueues go to a database outbox
 * while Redis is away; the in-process queue keeps its failed jobs in the database across restarts.
 * BullMQ is loaded only when used: over a second of a start otherwise spent on a module it never runs.
 */
export async function createJobQueue(options: JobQueueOptions & { sql?: SqlClient }): Promise<JobQueue> {
  const { sql } = options;
  if (options.redisUrl) {
    const { BullMqJobQueue } = await import("./bullmq-queue.ts");
    return new BullMqJobQueue({
      redisUrl: options.redisUrl,
      prefix: options.prefix,
      logger: options.logger,
      outbox: sql ? new JobOutbox(sql) : undefined,
    });
  }
  return new InProcessJobQueue({
    logger: options.logger,
    failedStore: sql ? new FailedJobStore(sql) : undefined,
  });
}

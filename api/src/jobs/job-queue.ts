import type { Logger } from "../logging/logger.ts";

/**
 * The one background-job contract the API codes against. Two implementations:
 * `InProcessJobQueue` (embedded mode, no Redis) and `BullMqJobQueue` (Redis, shared across processes).
 * Job data must be JSON-serialisable: both implementations hand the handler a JSON round-tripped copy.
 */

export interface JobContext {
  id: string;
  name: string;
  /** 1-based: 1 on the first try, 2 on the first retry, … */
  attempt: number;
  /** Total tries (EnqueueOptions.attempts): the try with attempt === attempts is the last. */
  attempts: number;
}

export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** Run no earlier than now + delayMs. */
  delayMs?: number;
  /** De-duplication: while a job with this id is waiting, delayed or active, enqueue is a no-op. */
  jobId?: string;
  /** Total tries, default 3. */
  attempts?: number;
  /** Exponential backoff base: retry n waits backoffMs * 2^(n-1), default 1000. */
  backoffMs?: number;
}

/** A job whose attempts are exhausted, kept until it is retried (or, BullMQ, for 7 days). */
export interface FailedJob {
  id: string;
  name: string;
  data: unknown;
  /** The last attempt's error message. */
  error: string;
  attempts: number;
  failedAt: Date;
}

/** How a run ended: `retrying` (attempts left), `failed` (attempts exhausted, kept) or `completed`. */
export type JobOutcome = "completed" | "retrying" | "failed";
export type JobOutcomeListener = (name: string, outcome: JobOutcome, error?: unknown) => void;

export interface JobQueue {
  readonly kind: "in-process" | "bullmq";
  /**
   * Registers the handler for a job name (once per name). Call before start(); registering after
   * start() begins processing that name immediately.
   */
  register<T>(name: string, handler: JobHandler<T>, options?: { concurrency?: number }): void;
  /**
   * Adds a job. A name nobody registered yet is accepted: the job waits until a handler for it is
   * registered and started (in this or, for BullMQ, any other process). Rejects after close().
   */
  enqueue<T>(name: string, data: T, options?: EnqueueOptions): Promise<{ id: string; deduplicated: boolean }>;
  /** Repeatable job; calling again with the same name replaces the schedule. */
  schedule<T>(name: string, every: { everyMs: number }, data: T): Promise<void>;
  /** Begins processing registered handlers. */
  start(): Promise<void>;
  /** Failed jobs, newest first (of one name, or of every registered name). */
  failedJobs(options?: { name?: string; limit?: number }): Promise<FailedJob[]>;
  /** How many failed jobs are kept, per registered job name (0 included). */
  failedCounts(): Promise<Record<string, number>>;
  /**
   * Runs a failed job again with fresh attempts; false when no such failed job exists. A queue
   * whose answer can come after its bound (BullMQ on a stalled Redis: RedisTimeoutError) may still
   * carry the retry out; `onLateAnswer` is told once it answers: true when it did retry the job,
   * "unknown" when the queue closed first (the retry may still run when Redis answers).
   */
  retryFailed(
    name: string,
    id: string,
    options?: { onLateAnswer?: (retried: boolean | "unknown") => void },
  ): Promise<boolean>;
  /** Called after every run this process makes (health and metrics listen). */
  onOutcome(listener: JobOutcomeListener): void;
  /**
   * Work begun beside the jobs that uses what they use (the start-up catch-ups, job-table.ts): close()
   * waits for it as for an active job, so the database is not closed under it.
   */
  holdCloseFor(work: Promise<unknown>): void;
  /** close() was called: a job waiting on something slow (another process's run) stops waiting. */
  readonly closing: boolean;
  /** Stops taking jobs, waits for active ones up to deadlineMs (default 10000), releases resources. Idempotent. */
  close(deadlineMs?: number): Promise<void>;
}

export interface JobQueueOptions {
  redisUrl?: string;
  /** Redis key prefix (BullMQ) — default "levee". */
  prefix?: string;
  logger: Logger;
}

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1000;
export const DEFAULT_CLOSE_DEADLINE_MS = 10_000;
/** The in-process queue keeps at most this many failed jobs (oldest forgotten first). */
export const MAX_KEPT_FAILED = 1000;

/** Retry n (1-based) waits backoffMs * 2^(n-1) — the same formula BullMQ's "exponential" backoff uses. */
export function backoffDelayMs(backoffMs: number, retry: number): number {
  return Math.round(backoffMs * 2 ** (retry - 1));
}

/** Mirrors what BullMQ stores (JSON.stringify, undefined becomes {}), so both queues hand handlers the same data. */
export function jsonRoundTrip<T>(data: T): T {
  return JSON.parse(JSON.stringify(data === undefined ? {} : data)) as T;
}

/** BullMQ uses the job name as queue name, which must be non-empty and free of ":"; both queues enforce it. */
export function assertJobName(name: string): void {
  if (name === "" || name.includes(":"))
    throw new Error(`invalid job name "${name}": must be non-empty without ":"`);
}

/**
 * Keeps `work` in `held` until it settles (holdCloseFor: close() waits for the set). Its failure is
 * its owner's to report; here it only holds close() up.
 */
export function holdUntilSettled(held: Set<Promise<void>>, work: Promise<unknown>): void {
  const settled: Promise<void> = work
    .then(
      () => {},
      () => {},
    )
    .finally(() => held.delete(settled));
  held.add(settled);
}

export class JobQueueClosedError extends Error {
  constructor(action: string) {
    super(`job queue is closed: cannot ${action}`);
    this.name = "JobQueueClosedError";
  }
}

/** Tells every listener how a run ended; a throwing listener is logged, never breaks the queue. */
export function notifyOutcome(
  listeners: JobOutcomeListener[],
  log: Logger,
  name: string,
  outcome: JobOutcome,
  err?: unknown,
): void {
  for (const listener of listeners) {
    try {
      listener(name, outcome, err);
    } catch (error) {
      log.warn({ err: error }, "job outcome listener failed");
    }
  }
}

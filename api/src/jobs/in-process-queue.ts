import { randomUUID } from "node:crypto";
import type { Logger } from "../logging/logger.ts";
import type { FailedJobStore } from "./job-durability.store.ts";
import {
  assertJobName,
  backoffDelayMs,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  DEFAULT_CLOSE_DEADLINE_MS,
  type EnqueueOptions,
  type FailedJob,
  holdUntilSettled,
  type JobHandler,
  type JobOutcome,
  type JobOutcomeListener,
  type JobQueue,
  JobQueueClosedError,
  jsonRoundTrip,
  MAX_KEPT_FAILED,
  notifyOutcome,
} from "./job-queue.ts";

interface PendingJob {
  id: string;
  name: string;
  payload: string; // JSON, parsed afresh for every attempt like BullMQ does
  attempt: number;
  attempts: number;
  backoffMs: number;
  dedupKey?: string;
}

interface Registration {
  handler: JobHandler<unknown>;
  concurrency: number;
  active: number;
}

/**
 * Embedded-mode queue: waiting jobs live in memory and are lost on exit (the schedules and sweeps
 * that create them run again at start); failed ones are also kept in the database when a
 * `failedStore` is given, so `failedJobs` / `retryFailed` see them after a restart. Timers are unref'd so they never keep
 * the process alive on their own; close() clears them. A schedule enqueues with a fixed jobId, so a
 * tick is skipped while the previous run of that schedule is still waiting or active.
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = "in-process" as const;
  readonly #log: Logger;
  readonly #handlers = new Map<string, Registration>();
  readonly #waiting = new Map<string, PendingJob[]>();
  readonly #dedup = new Map<string, string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #schedules = new Map<string, NodeJS.Timeout>();
  readonly #active = new Set<Promise<void>>();
  /** Exhausted jobs by id, oldest first (a Map keeps insertion order). */
  readonly #failed = new Map<string, { job: PendingJob; failure: FailedJob }>();
  readonly #listeners: JobOutcomeListener[] = [];
  /** Failed-job writes in flight: close() waits for them, so a clean stop keeps every failure. */
  readonly #saving = new Set<Promise<void>>();
  readonly #store: FailedJobStore | undefined;
  #started = false;
  #closing: Promise<void> | undefined;

  constructor(options: { logger: Logger; failedStore?: FailedJobStore }) {
    this.#log = options.logger.child({ component: "jobs", queue: "in-process" });
    this.#store = options.failedStore;
  }

  register<T>(name: string, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    if (this.#closing) throw new JobQueueClosedError(`register "${name}"`);
    assertJobName(name);
    if (this.#handlers.has(name)) throw new Error(`a job handler for "${name}" is already registered`);
    const concurrency = Math.max(1, options.concurrency ?? 1);
    this.#handlers.set(name, { handler: handler as JobHandler<unknown>, concurrency, active: 0 });
    this.#pump(name);
  }

  async enqueue<T>(name: string, data: T, options: EnqueueOptions = {}) {
    if (this.#closing) throw new JobQueueClosedError(`enqueue "${name}"`);
    assertJobName(name);
    const dedupKey = options.jobId === undefined ? undefined : `${name}\u0000${options.jobId}`;
    const existing = dedupKey === undefined ? undefined : this.#dedup.get(dedupKey);
    if (existing !== undefined) return { id: existing, deduplicated: true };
    const job: PendingJob = {
      id: randomUUID(),
      name,
      payload: JSON.stringify(jsonRoundTrip(data)),
      attempt: 1,
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
      dedupKey,
    };
    if (dedupKey !== undefined) this.#dedup.set(dedupKey, job.id);
    this.#later(options.delayMs ?? 0, () => this.#push(job));
    return { id: job.id, deduplicated: false };
  }

  async schedule<T>(name: string, every: { everyMs: number }, data: T): Promise<void> {
    if (this.#closing) throw new JobQueueClosedError(`schedule "${name}"`);
    assertJobName(name);
    if (!(every.everyMs > 0)) throw new Error(`schedule "${name}": everyMs must be > 0`);
    const replaced = this.#schedules.get(name);
    clearInterval(replaced);
    const payload = jsonRoundTrip(data);
    const tick = () => {
      this.enqueue(name, payload, { jobId: `schedule:${name}` }).catch(() => {});
    };
    this.#schedules.set(name, setInterval(tick, every.everyMs).unref());
    if (!replaced) tick(); // like BullMQ: a new `every` schedule runs at once, a replaced one at its next slot
  }

  async start(): Promise<void> {
    if (this.#closing) throw new JobQueueClosedError("start");
    if (!this.#started && this.#store) {
      for (const kept of await this.#store.load(MAX_KEPT_FAILED)) {
        const job: PendingJob = {
          id: kept.id,
          name: kept.name,
          payload: kept.payload,
          attempt: kept.attempts,
          attempts: kept.maxAttempts,
          backoffMs: kept.backoffMs,
        };
        const failure = this.#failure(job, kept.error, kept.failedAt);
        this.#failed.set(job.id, { job, failure });
      }
    }
    this.#started = true;
    for (const name of this.#handlers.keys()) this.#pump(name);
  }

  async failedJobs(options: { name?: string; limit?: number } = {}): Promise<FailedJob[]> {
    const kept = [...this.#failed.values()].map((entry) => entry.failure).reverse();
    return kept
      .filter((failure) => options.name === undefined || failure.name === options.name)
      .slice(0, options.limit ?? 100);
  }

  async failedCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries([...this.#handlers.keys()].map((n) => [n, 0]));
    for (const { failure } of this.#failed.values()) counts[failure.name] = (counts[failure.name] ?? 0) + 1;
    return counts;
  }

  async retryFailed(name: string, id: string): Promise<boolean> {
    if (this.#closing) throw new JobQueueClosedError(`retry "${name}"`);
    const entry = this.#failed.get(id);
    if (!entry || entry.job.name !== name) return false;
    this.#failed.delete(id);
    await this.#store?.remove(id);
    this.#push({ ...entry.job, attempt: 1, dedupKey: undefined });
    return true;
  }

  onOutcome(listener: JobOutcomeListener): void {
    this.#listeners.push(listener);
  }

  get closing(): boolean {
    return this.#closing !== undefined;
  }

  holdCloseFor(work: Promise<unknown>): void {
    holdUntilSettled(this.#active, work);
  }

  close(deadlineMs = DEFAULT_CLOSE_DEADLINE_MS): Promise<void> {
    this.#closing ??= this.#shutdown(deadlineMs);
    return this.#closing;
  }

  async #shutdown(deadlineMs: number): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    for (const timer of this.#schedules.values()) clearInterval(timer);
    this.#timers.clear();
    this.#schedules.clear();
    const dropped = [...this.#waiting.values()].reduce((sum, jobs) => sum + jobs.length, 0);
    this.#waiting.clear();
    if (dropped > 0) this.#log.warn({ dropped }, "closing: dropping jobs that had not started");
    await this.#drainActive(deadlineMs);
    await Promise.allSettled([...this.#saving]);
  }

  async #drainActive(deadlineMs: number): Promise<void> {
    if (this.#active.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"deadline">((resolve) => {
      timer = setTimeout(() => resolve("deadline"), deadlineMs);
    });
    const drained = Promise.allSettled([...this.#active]).then(() => "drained" as const);
    const outcome = await Promise.race([drained, deadline]);
    clearTimeout(timer);
    if (outcome === "deadline") {
      this.#log.warn(
        { active: this.#active.size, deadlineMs },
        "closing: active jobs still running at deadline",
      );
    }
  }

  #later(delayMs: number, fn: () => void): void {
    if (this.#closing) return;
    if (delayMs <= 0) {
      fn();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, delayMs).unref();
    this.#timers.add(timer);
  }

  #push(job: PendingJob): void {
    const jobs = this.#waiting.get(job.name) ?? [];
    jobs.push(job);
    this.#waiting.set(job.name, jobs);
    this.#pump(job.name);
  }

  #pump(name: string): void {
    const registration = this.#handlers.get(name);
    const jobs = this.#waiting.get(name);
    if (!this.#started || this.#closing || !registration || !jobs) return;
    while (registration.active < registration.concurrency && jobs.length > 0) {
      const job = jobs.shift() as PendingJob;
      registration.active++;
      const running: Promise<void> = this.#run(registration, job).finally(() => {
        registration.active--;
        this.#active.delete(running);
        this.#pump(name);
      });
      this.#active.add(running);
    }
  }

  async #run(registration: Registration, job: PendingJob): Promise<void> {
    const context = { id: job.id, name: job.name, attempt: job.attempt, attempts: job.attempts };
    try {
      await registration.handler(JSON.parse(job.payload), context);
      this.#tell(job.name, "completed");
    } catch (err) {
      if (job.attempt < job.attempts) {
        const retryInMs = backoffDelayMs(job.backoffMs, job.attempt);
        this.#log.warn({ err, job: context, retryInMs }, "job failed, will retry");
        this.#later(retryInMs, () => this.#push({ ...job, attempt: job.attempt + 1 }));
        this.#tell(job.name, "retrying", err);
        return;
      }
      this.#log.error({ err, job: context }, "job failed, attempts exhausted; kept as failed");
      this.#keepFailed(job, err);
      this.#tell(job.name, "failed", err);
    }
    if (job.dedupKey !== undefined) this.#dedup.delete(job.dedupKey);
  }

  #failure(job: PendingJob, error: string, failedAt: Date): FailedJob {
    return {
      id: job.id,
      name: job.name,
      data: JSON.parse(job.payload),
      error,
      attempts: job.attempt,
      failedAt,
    };
  }

  #keepFailed(job: PendingJob, err: unknown): void {
    const failure = this.#failure(job, err instanceof Error ? err.message : String(err), new Date());
    this.#failed.set(job.id, { job, failure });
    for (const oldest of this.#failed.keys()) {
      if (this.#failed.size <= MAX_KEPT_FAILED) break;
      this.#failed.delete(oldest);
    }
    const saving = this.#store?.save(
      {
        id: job.id,
        name: job.name,
        payload: job.payload,
        attempts: job.attempt,
        maxAttempts: job.attempts,
        backoffMs: job.backoffMs,
        error: failure.error,
        failedAt: failure.failedAt,
      },
      MAX_KEPT_FAILED,
    );
    // Kept in memory either way; the database copy only matters after a restart.
    saving?.catch((error) =>
      this.#log.error({ err: error, job: { id: job.id, name: job.name } }, "could not store a failed job"),
    );
    if (saving) this.#saving.add(saving.finally(() => this.#saving.delete(saving)));
  }

  #tell(name: string, outcome: JobOutcome, err?: unknown): void {
    notifyOutcome(this.#listeners, this.#log, name, outcome, err);
  }
}

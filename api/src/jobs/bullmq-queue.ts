import { randomUUID } from "node:crypto";
import { Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "../logging/logger.ts";
import { answerWithin, quitWithin, RedisTimeoutError } from "../redis/answer-within.ts";
import type { JobOutbox } from "./job-durability.store.ts";
import {
  assertJobName,
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
  notifyOutcome,
} from "./job-queue.ts";

const SEVEN_DAYS_S = 7 * 24 * 60 * 60;
/**
 * Completed jobs are kept an hour (ids only matter for that long: a job relayed from the outbox twice,
 * after a crash between add and delete, must find its id taken); failures kept a week. The `jobId`
 * option maps to BullMQ deduplication, which ends when a job completes, whatever is kept.
 */
const RETENTION = {
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: SEVEN_DAYS_S },
} as const;
/**
 * An add that has not answered by then (Redis went away mid-call, or stalled) goes to the outbox
 * under the same id; without an outbox, the enqueue fails. A read or retry of failed jobs (an
 * operator's request, a /metrics scrape) fails with RedisTimeoutError. Longer than
 * REDIS_ANSWER_MS: each is a few commands (BullMQ's scripts), not one.
 */
const CALL_TIMEOUT_MS = 2000;
const RELAY_EVERY_MS = 1000;

function retryOptions(options: EnqueueOptions) {
  return {
    attempts: options.attempts ?? DEFAULT_ATTEMPTS,
    backoff: { type: "exponential", delay: options.backoffMs ?? DEFAULT_BACKOFF_MS },
    ...RETENTION,
  };
}

/** A deduplicated add returns the id of the job already holding the deduplication key. */
function added(job: Job, id: string) {
  return { id: job.id ?? id, deduplicated: job.id !== id };
}

/** Never disconnect() an ended ioredis client: that arms a ref'd 2 s timer that delays process exit. */
async function settledWithin(work: Promise<unknown>[], ms: number): Promise<void> {
  if (work.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(work),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/** BullMQ's close() waits for active jobs forever; this lets close() give up on them at its deadline. */
class AbandoningWorker extends Worker {
  async abandonActiveJobs(): Promise<void> {
    await this.pause(true); // also cancels the stalled-job check timer
    await this.lockManager.close(); // stop renewing locks: the jobs stall and a live worker retries them
    await this.disconnect();
  }
}

/**
 * Redis-backed queue shared by every API process using the same prefix: one BullMQ Queue + Worker per
 * job name (queue name = job name). `jobId` maps to BullMQ deduplication (not BullMQ's own job id, which
 * would also block re-enqueueing while a failed job is retained), so jobs get random UUID ids.
 */
export class BullMqJobQueue implements JobQueue {
  readonly kind = "bullmq" as const;
  readonly #log: Logger;
  readonly #redisUrl: string;
  readonly #prefix: string;
  readonly #connections: Redis[] = [];
  readonly #queueConnection: Redis;
  #workerConnection: Redis | undefined;
  readonly #queues = new Map<string, Queue>();
  readonly #handlers = new Map<string, { handler: JobHandler<unknown>; concurrency: number }>();
  readonly #workers: AbandoningWorker[] = [];
  readonly #listeners: JobOutcomeListener[] = [];
  /** holdCloseFor's work still running. */
  readonly #held = new Set<Promise<void>>();
  /** Retries past their bound not answered yet: each tells its caller "unknown" on close. */
  readonly #unansweredRetries = new Set<() => void>();
  readonly #outbox: JobOutbox | undefined;
  #outboxPending = true; // rows may be there (left by an earlier run or another process) until a relay finds none
  #relaying = false;
  /** Adds past CALL_TIMEOUT_MS and not answered yet (a stalled Redis): enqueues go to the outbox meanwhile. */
  #unanswered = 0;
  /** Schedules whose upsert Redis did not answer in time, by job name: upserted again on "ready". */
  readonly #unscheduled = new Map<string, () => Promise<unknown>>();
  #relayTimer: NodeJS.Timeout | undefined;
  #started = false;
  #closing: Promise<void> | undefined;

  constructor(options: { redisUrl: string; prefix?: string; logger: Logger; outbox?: JobOutbox }) {
    this.#log = options.logger.child({ component: "jobs", queue: "bullmq" });
    this.#redisUrl = options.redisUrl;
    this.#prefix = options.prefix ?? "levee";
    this.#outbox = options.outbox;
    // Producers fail after ioredis' default retries instead of hanging while Redis is down.
    this.#queueConnection = this.#connect("queue", {});
    this.#queueConnection.on("ready", () => {
      this.#outboxPending = true;
      void this.#relay();
      this.#scheduleAgain();
    });
  }

  register<T>(name: string, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    if (this.#closing) throw new JobQueueClosedError(`register "${name}"`);
    assertJobName(name);
    if (this.#handlers.has(name)) throw new Error(`a job handler for "${name}" is already registered`);
    this.#handlers.set(name, {
      handler: handler as JobHandler<unknown>,
      concurrency: Math.max(1, options.concurrency ?? 1),
    });
    if (this.#started) this.#startWorker(name);
  }

  /**
   * With an outbox, Redis being away never holds up the caller (an incident opening, an ingest call):
   * when the connection is not ready, or the add does not answer within CALL_TIMEOUT_MS, the job is
   * written to the database outbox under the same id and relayed once Redis is back.
   */
  async enqueue<T>(name: string, data: T, options: EnqueueOptions = {}) {
    if (this.#closing) throw new JobQueueClosedError(`enqueue "${name}"`);
    assertJobName(name);
    const id = randomUUID();
    const add = () =>
      this.#queue(name).add(name, data, {
        jobId: id,
        delay: options.delayMs,
        deduplication: options.jobId === undefined ? undefined : { id: options.jobId },
        ...retryOptions(options),
      });
    // Bounded either way: a Redis that accepts but never answers would otherwise hold the caller
    // (an incident opening inside an agent's report) without end.
    const bounded = () => this.#bounded(add());
    const outbox = this.#outbox;
    if (!outbox) return added(await bounded(), id);
    const toOutbox = async (why: string) => {
      await outbox.put({
        id,
        name,
        payload: JSON.stringify(data === undefined ? {} : data),
        options: { jobId: options.jobId, attempts: options.attempts, backoffMs: options.backoffMs },
        runAt: new Date(Date.now() + (options.delayMs ?? 0)),
      });
      this.#outboxPending = true;
      this.#log.warn({ job: { id, name }, why }, "redis unavailable: job kept in the database outbox");
      return { id, deduplicated: false };
    };
    if (this.#queueConnection.status !== "ready") return toOutbox(`redis ${this.#queueConnection.status}`);
    // Stalled: while an earlier add is unanswered past its bound, each later one would wait as long.
    if (this.#unanswered > 0) return toOutbox("redis not answering (an earlier add is still unanswered)");
    try {
      // An add answered late may still land: the relay's add of the same id is then a no-op.
      return added(await bounded(), id);
    } catch (error) {
      return toOutbox((error as Error).message);
    }
  }

  /** An add within CALL_TIMEOUT_MS, else RedisTimeoutError; counted in #unanswered until it answers. */
  #bounded<T>(adding: Promise<T>): Promise<T> {
    return answerWithin(adding, { ms: CALL_TIMEOUT_MS, onLate: () => this.#unanswered-- }).catch(
      (error: unknown) => {
        if (error instanceof RedisTimeoutError) this.#unanswered++;
        throw error;
      },
    );
  }

  /**
   * Hands outbox rows to BullMQ (same id, remaining delay), while Redis answers and rows remain.
   * Its adds run inside the outbox's transaction: on a stalled Redis one would hold a pooled
   * connection, the rows' locks and the database's oldest snapshot for as long as the stall lasts,
   * so none is sent while an add is unanswered, and each is bounded like an enqueue's.
   */
  async #relay(): Promise<void> {
    const outbox = this.#outbox;
    if (!outbox || this.#relaying || !this.#outboxPending || this.#closing) return;
    if (this.#queueConnection.status !== "ready" || this.#unanswered > 0) return;
    this.#relaying = true;
    try {
      for (;;) {
        const relayed = await outbox.relay(async (job) => {
          await this.#bounded(
            this.#queue(job.name).add(job.name, JSON.parse(job.payload), {
              jobId: job.id,
              delay: Math.max(0, job.runAt.getTime() - Date.now()),
              deduplication: job.options.jobId === undefined ? undefined : { id: job.options.jobId },
              ...retryOptions(job.options),
            }),
          );
        });
        if (relayed > 0) this.#log.info({ relayed }, "relayed jobs from the database outbox to redis");
        if (relayed < 100) break;
      }
      this.#outboxPending = false;
    } catch (error) {
      this.#log.warn({ err: error }, "relaying the job outbox failed; trying again");
    } finally {
      this.#relaying = false;
    }
  }

  /**
   * Bounded by CALL_TIMEOUT_MS, so that a process starting on a stalled Redis starts (its start
   * schedules every periodic job): an upsert unanswered by then is set again each time the queue's
   * connection is ready, until one answers. Its own commands wait in the connection meanwhile.
   */
  async schedule<T>(name: string, every: { everyMs: number }, data: T): Promise<void> {
    if (this.#closing) throw new JobQueueClosedError(`schedule "${name}"`);
    assertJobName(name);
    if (!(every.everyMs > 0)) throw new Error(`schedule "${name}": everyMs must be > 0`);
    // Scheduler id = job name: upserting replaces the schedule, also when another process set it.
    const upsert = () =>
      this.#queue(name).upsertJobScheduler(
        name,
        { every: every.everyMs },
        { name, data, opts: retryOptions({}) },
      );
    this.#unscheduled.delete(name);
    const upserting = upsert();
    // Set again on "ready" unless its late answer says it is set: a Redis killed in its stall
    // fails the commands it held once the connection gives up reconnecting.
    const lateAnswer = () =>
      upserting.then(
        () => this.#unscheduled.delete(name),
        () => {},
      );
    try {
      await answerWithin(upserting, { ms: CALL_TIMEOUT_MS, onLate: () => void lateAnswer() });
    } catch (error) {
      if (!(error instanceof RedisTimeoutError)) throw error;
      if (this.#unscheduled.size === 0)
        this.#log.warn({ err: error }, "redis not answering: periodic jobs are scheduled once it answers");
      this.#unscheduled.set(name, upsert);
    }
  }

  /** Upserts the schedules whose upsert went unanswered (the connection is ready again). */
  #scheduleAgain(): void {
    for (const [name, upsert] of this.#unscheduled) {
      answerWithin(upsert(), { ms: CALL_TIMEOUT_MS }).then(
        () => this.#unscheduled.delete(name),
        (err: unknown) =>
          this.#log.warn(
            { job: name, err },
            "the job's schedule was not set; tried again when redis is ready",
          ),
      );
    }
  }

  async start(): Promise<void> {
    if (this.#closing) throw new JobQueueClosedError("start");
    if (this.#started) return;
    this.#started = true;
    for (const name of this.#handlers.keys()) this.#startWorker(name);
    if (this.#outbox) {
      this.#relayTimer = setInterval(() => void this.#relay(), RELAY_EVERY_MS).unref();
      void this.#relay();
    }
  }

  /** BullMQ keeps exhausted jobs in each queue's failed set (shared by every API process). */
  async failedJobs(options: { name?: string; limit?: number } = {}): Promise<FailedJob[]> {
    const limit = options.limit ?? 100;
    const names = options.name === undefined ? [...this.#handlers.keys()] : [options.name];
    const lists = await answerWithin(
      Promise.all(
        names
          .filter((name) => this.#handlers.has(name))
          .map((name) => this.#queue(name).getFailed(0, limit - 1)),
      ),
      { ms: CALL_TIMEOUT_MS },
    );
    return lists
      .flat()
      .filter((job) => job !== undefined)
      .map((job) => ({
        id: job.id ?? "",
        name: job.name,
        data: job.data,
        error: job.failedReason ?? "",
        attempts: job.attemptsMade,
        failedAt: new Date(job.finishedOn ?? job.timestamp),
      }))
      .sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime())
      .slice(0, limit);
  }

  async failedCounts(): Promise<Record<string, number>> {
    const names = [...this.#handlers.keys()];
    const counts = await answerWithin(Promise.all(names.map((name) => this.#queue(name).getFailedCount())), {
      ms: CALL_TIMEOUT_MS,
    });
    return Object.fromEntries(names.map((name, i) => [name, counts[i] ?? 0]));
  }

  /**
   * Bounded by CALL_TIMEOUT_MS. A retry past it is not taken back: its commands wait in Redis'
   * socket and run once Redis answers, so its late outcome goes to `onLateAnswer` — false also
   * when it failed (the job no longer failed: another retry came first), logged. One still
   * unanswered when the queue closes is told "unknown" then, before the connections go (close()
   * waits for what that holds): its commands were written and a Redis that wakes up runs them,
   * with this process no longer there to hear it.
   */
  async retryFailed(
    name: string,
    id: string,
    options: { onLateAnswer?: (retried: boolean | "unknown") => void } = {},
  ): Promise<boolean> {
    if (this.#closing) throw new JobQueueClosedError(`retry "${name}"`);
    if (!this.#handlers.has(name)) return false;
    const retry = async () => {
      const job = await Job.fromId(this.#queue(name), id);
      if (!job || !(await job.isFailed())) return false;
      await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    };
    const retrying = retry();
    let told = false;
    const tell = (retried: boolean | "unknown") => {
      if (told) return;
      told = true;
      this.#unansweredRetries.delete(unknown);
      options.onLateAnswer?.(retried);
    };
    const unknown = () => tell("unknown");
    const lateAnswer = () =>
      retrying.then(tell, (err: unknown) => {
        if (!told) this.#log.warn({ err, job: { id, name } }, "a retry answered late failed: not retried");
        tell(false);
      });
    try {
      return await answerWithin(retrying, { ms: CALL_TIMEOUT_MS, onLate: () => void lateAnswer() });
    } catch (error) {
      if (error instanceof RedisTimeoutError && !told) this.#unansweredRetries.add(unknown);
      throw error;
    }
  }

  onOutcome(listener: JobOutcomeListener): void {
    this.#listeners.push(listener);
  }

  #tell(name: string, outcome: JobOutcome, err?: unknown): void {
    notifyOutcome(this.#listeners, this.#log, name, outcome, err);
  }

  get closing(): boolean {
    return this.#closing !== undefined;
  }

  holdCloseFor(work: Promise<unknown>): void {
    holdUntilSettled(this.#held, work);
  }

  close(deadlineMs = DEFAULT_CLOSE_DEADLINE_MS): Promise<void> {
    this.#closing ??= this.#shutdown(deadlineMs);
    return this.#closing;
  }

  async #shutdown(deadlineMs: number): Promise<void> {
    clearInterval(this.#relayTimer);
    const endsAt = Date.now() + deadlineMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"deadline">((resolve) => {
      timer = setTimeout(() => resolve("deadline"), deadlineMs);
    });
    const drained = Promise.allSettled([
      ...this.#workers.map((worker) => worker.close()),
      ...this.#held,
    ]).then(() => "drained" as const);
    const outcome = await Promise.race([drained, deadline]);
    clearTimeout(timer);
    if (outcome === "deadline") {
      this.#log.warn({ deadlineMs }, "closing: active jobs still running at deadline, abandoning them");
      await Promise.allSettled(this.#workers.map((worker) => worker.abandonActiveJobs()));
    }
    // Told before their connection closes (which would fail them as "not retried"), and what the
    // telling holds (an audit entry) is waited for while the database is still open: within what
    // is left of the deadline, and at least a call's bound, as it is the last record of a retry
    // that may still run. Work held before is not waited for past the deadline once more (a
    // fresh deadlineMs here made close take twice its deadline, past the process's own).
    const heldBefore = [...this.#held];
    for (const unknown of [...this.#unansweredRetries]) unknown();
    const told = [...this.#held].filter((work) => !heldBefore.includes(work));
    const left = Math.max(0, endsAt - Date.now());
    await Promise.all([
      settledWithin(heldBefore, left),
      settledWithin(told, Math.max(left, CALL_TIMEOUT_MS)),
    ]);
    await Promise.allSettled([...this.#queues.values()].map((queue) => queue.close()));
    await Promise.allSettled(this.#connections.map((c) => quitWithin(c, CALL_TIMEOUT_MS)));
  }

  #connect(role: string, options: { maxRetriesPerRequest?: null }): Redis {
    const connection = new Redis(this.#redisUrl, {
      connectionName: `${this.#prefix}:jobs:${role}`,
      ...options,
    });
    connection.on("error", (err) => this.#log.debug({ err, role }, "redis connection error"));
    this.#connections.push(connection);
    return connection;
  }

  #queue(name: string): Queue {
    let queue = this.#queues.get(name);
    if (!queue) {
      const made = new Queue(name, { connection: this.#queueConnection, prefix: this.#prefix });
      made.on("error", (err) => this.#log.warn({ err, queue: name }, "job queue error"));
      // BullMQ sets a queue up once (its version check): failed (Redis killed while it waited), the
      // queue fails every call after, so the next call makes a new one.
      made.waitUntilReady().catch(() => {
        if (this.#queues.get(name) === made) this.#queues.delete(name);
        void made.close().catch(() => {}); // its listeners on the shared connection go with it
      });
      this.#queues.set(name, made);
      queue = made;
    }
    return queue;
  }

  #startWorker(name: string): void {
    const registration = this.#handlers.get(name);
    if (!registration) return;
    // Workers block on Redis, which BullMQ only allows on connections with maxRetriesPerRequest: null.
    this.#workerConnection ??= this.#connect("worker", { maxRetriesPerRequest: null });
    const worker = new AbandoningWorker(
      name,
      (job: Job) =>
        registration.handler(job.data, {
          id: job.id ?? "",
          name,
          attempt: job.attemptsMade + 1,
          attempts: job.opts.attempts ?? 1,
        }),
      { connection: this.#workerConnection, prefix: this.#prefix, concurrency: registration.concurrency },
    );
    worker.on("failed", (job, err) => {
      if (!job) return this.#log.error({ err, queue: name }, "job failed");
      const context = { id: job.id, name, attempt: job.attemptsMade };
      if (job.attemptsMade < (job.opts.attempts ?? 1)) {
        this.#log.warn({ err, job: context }, "job failed, will retry");
        this.#tell(name, "retrying", err);
      } else {
        this.#log.error({ err, job: context }, "job failed, attempts exhausted; kept as failed");
        this.#tell(name, "failed", err);
      }
    });
    worker.on("completed", () => this.#tell(name, "completed"));
    worker.on("error", (err) => this.#log.warn({ err, queue: name }, "job worker error"));
    this.#workers.push(worker);
  }
}

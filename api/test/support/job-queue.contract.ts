import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import {
  DEFAULT_ATTEMPTS,
  type JobContext,
  type JobQueue,
  JobQueueClosedError,
} from "../../src/jobs/job-queue.ts";
import type { Logger } from "../../src/logging/logger.ts";

export interface LogRecord {
  level: number;
  msg: string;
  job?: { id?: string; name?: string; attempt?: number };
}

/** A real pino logger whose JSON lines are kept for assertions. */
export function captureLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void records.push(JSON.parse(line)) });
  return { logger, records };
}

/**
 * Polls until `condition` holds; generous timeout so a loaded CI machine does not flake (8 s was
 * short for work behind Redis and a queue with both cores busy).
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

let counter = 0;
const uniqueName = (what: string) => `${what}-${++counter}`;

/**
 * The behaviour every JobQueue implementation must share. `create` returns a fresh, unstarted queue.
 * `slotOf`, where an implementation names the slot a scheduled run was for (BullMQ's job ids), tells
 * a duplicated schedule by a slot run twice instead of by the gaps between runs, which a late run
 * followed by a punctual one shortens on a loaded machine.
 */
export function jobQueueContract(
  label: string,
  create: (logger: Logger) => JobQueue,
  slotOf?: (job: JobContext) => string,
): void {
  async function withQueue(test: (queue: JobQueue, records: LogRecord[]) => Promise<void>): Promise<void> {
    const { logger, records } = captureLogger();
    const queue = create(logger);
    try {
      await test(queue, records);
    } finally {
      await queue.close(2000);
    }
  }

  describe(`JobQueue contract: ${label}`, () => {
    it("runs the handler with a JSON copy of the data and the job context", () =>
      withQueue(async (queue) => {
        const name = uniqueName("echo");
        const seen: Array<{ data: unknown; job: JobContext }> = [];
        queue.register(name, async (data, job) => void seen.push({ data, job }));
        await queue.start();
        const { id, deduplicated } = await queue.enqueue(name, { n: 1, list: [1, "a"], at: new Date(0) });
        assert.equal(deduplicated, false);
        await waitFor(() => seen.length === 1);
        assert.deepEqual(seen[0], {
          data: { n: 1, list: [1, "a"], at: "1970-01-01T00:00:00.000Z" },
          job: { id, name, attempt: 1, attempts: DEFAULT_ATTEMPTS },
        });
      }));

    it("honours delayMs", () =>
      withQueue(async (queue) => {
        const name = uniqueName("delayed");
        let ranAt = 0;
        queue.register(name, async () => {
          ranAt = Date.now();
        });
        await queue.start();
        const enqueuedAt = Date.now();
        await queue.enqueue(name, {}, { delayMs: 250 });
        // Measured from before the enqueue call, so a slow call on a loaded machine cannot make it
        // look early (a fixed sleep followed by "not run yet" raced the delay when enqueue was slow).
        await waitFor(() => ranAt > 0);
        assert.ok(ranAt - enqueuedAt >= 240, `ran after ${ranAt - enqueuedAt} ms`);
      }));

    it("de-duplicates by jobId while the job is pending, not after it finished", () =>
      withQueue(async (queue) => {
        const name = uniqueName("dedup");
        let runs = 0;
        queue.register(name, async () => void runs++);
        const first = await queue.enqueue(name, { v: 1 }, { jobId: "only-one" });
        const second = await queue.enqueue(name, { v: 2 }, { jobId: "only-one" });
        assert.deepEqual(second, { id: first.id, deduplicated: true });
        await queue.start();
        await waitFor(() => runs === 1);
        // Once the job has completed the same jobId is accepted again (exactly once here).
        await waitFor(async () => !(await queue.enqueue(name, {}, { jobId: "only-one" })).deduplicated);
        await waitFor(() => runs === 2);
        await sleep(150);
        assert.equal(runs, 2);
      }));

    it("retries with exponential backoff and succeeds on attempt 3", () =>
      withQueue(async (queue, records) => {
        const name = uniqueName("flaky");
        const tries: Array<{ attempt: number; at: number }> = [];
        queue.register(name, async (_data, job) => {
          tries.push({ attempt: job.attempt, at: Date.now() });
          if (job.attempt < 3) throw new Error(`boom ${job.attempt}`);
        });
        await queue.start();
        await queue.enqueue(name, {}, { attempts: 3, backoffMs: 60 });
        await waitFor(() => tries.length === 3);
        assert.deepEqual(
          tries.map((t) => t.attempt),
          [1, 2, 3],
        );
        const [t1, t2, t3] = tries.map((t) => t.at) as [number, number, number];
        assert.ok(t2 - t1 >= 55, `first retry after ${t2 - t1} ms, expected >= 60`);
        assert.ok(t3 - t2 >= 110, `second retry after ${t3 - t2} ms, expected >= 120`);
        await sleep(100);
        assert.equal(tries.length, 3);
        assert.equal(
          records.filter((r) => r.level >= 50).length,
          0,
          "no error logged for a job that succeeded",
        );
      }));

    it("keeps a job whose attempts are exhausted as failed: logged, counted, listed and retried on request", () =>
      withQueue(async (queue, records) => {
        const name = uniqueName("doomed");
        let tries = 0;
        let healthy = 0;
        let fixed = false;
        const outcomes: string[] = [];
        queue.onOutcome((job, outcome) => job === name && outcomes.push(outcome));
        queue.register(name, async (data: { fail: boolean }) => {
          if (!data.fail) return void healthy++;
          tries++;
          if (!fixed) throw new Error("always fails");
        });
        await queue.start();
        const { id } = await queue.enqueue(name, { fail: true }, { attempts: 2, backoffMs: 20 });
        await waitFor(() => records.some((r) => r.level === 50 && r.job?.id === id));
        assert.equal(records.find((r) => r.level === 50)?.job?.name, name);
        assert.equal(tries, 2);
        await waitFor(async () => (await queue.failedCounts())[name] === 1);
        const [failed] = await queue.failedJobs({ name });
        assert.deepEqual(
          { ...failed, failedAt: undefined },
          { id, name, data: { fail: true }, error: "always fails", attempts: 2, failedAt: undefined },
        );
        assert.ok(failed?.failedAt instanceof Date);
        assert.deepEqual(outcomes, ["retrying", "failed"]);
        await queue.enqueue(name, { fail: false });
        await waitFor(() => healthy === 1);
        assert.equal(tries, 2);

        assert.equal(await queue.retryFailed(name, "no-such-job"), false);
        assert.equal(await queue.retryFailed("no-such-name", id), false);
        fixed = true;
        assert.equal(await queue.retryFailed(name, id), true);
        await waitFor(() => tries === 3);
        await waitFor(async () => (await queue.failedCounts())[name] === 0);
        assert.deepEqual(await queue.failedJobs({ name }), []);
        assert.equal(await queue.retryFailed(name, id), false, "a retried job is no longer failed");
        await waitFor(() => outcomes.length === 4);
        assert.deepEqual(outcomes, ["retrying", "failed", "completed", "completed"]);
      }));

    it("runs a schedule repeatedly and re-scheduling replaces it", () =>
      withQueue(async (queue) => {
        const name = uniqueName("tick");
        const runs: Array<{ v: number; at: number; slot?: string }> = [];
        queue.register(
          name,
          async (data: { v: number }, job) =>
            void runs.push({ v: data.v, at: Date.now(), slot: slotOf?.(job) }),
        );
        await queue.start();
        await queue.schedule(name, { everyMs: 60 }, { v: 1 });
        await waitFor(() => runs.length >= 3);
        await queue.schedule(name, { everyMs: 250 }, { v: 2 });
        await waitFor(() => runs.filter((r) => r.v === 2).length >= 3);
        const firstV2 = runs.findIndex((r) => r.v === 2);
        const after = runs.slice(firstV2);
        assert.ok(
          after.every((r) => r.v === 2),
          "old schedule still running",
        );
        if (slotOf) {
          const slots = after.map((r) => r.slot);
          assert.equal(new Set(slots).size, slots.length, `a slot run twice: ${slots.join(", ")}`);
          return;
        }
        for (let i = 1; i < after.length; i++) {
          const gap = (after[i]?.at ?? 0) - (after[i - 1]?.at ?? 0);
          // Without slot names (the in-process queue's interval timer), a tick comes one interval
          // after the last one ran, so a late tick does not shorten the next gap; a duplicated
          // schedule would put runs ~0 ms apart. Half the period tells the two apart.
          assert.ok(gap >= 125, `runs ${gap} ms apart: schedule duplicated?`);
        }
      }));

    it("honours concurrency: 1 serialises, 3 overlaps", () =>
      withQueue(async (queue) => {
        const peak: Record<string, number> = {};
        for (const concurrency of [1, 3]) {
          const name = uniqueName(`conc${concurrency}`);
          let active = 0;
          let done = 0;
          peak[concurrency] = 0;
          queue.register(
            name,
            async () => {
              active++;
              peak[concurrency] = Math.max(peak[concurrency] ?? 0, active);
              if (concurrency === 1) {
                // Time for a second job to start beside it, were the queue to let one.
                await sleep(60);
              } else {
                // With room for more, a job waits until a second has started beside it: a 60 ms
                // job could end before a loaded machine finished the next enqueue. The bound only
                // keeps a queue that serialises from hanging the test.
                await waitFor(() => (peak[concurrency] ?? 0) >= 2, 10_000).catch(() => {});
              }
              active--;
              done++;
            },
            { concurrency },
          );
          for (let i = 0; i < 4; i++) await queue.enqueue(name, { i });
          if (concurrency === 1) await queue.start();
          await waitFor(() => done === 4, 60_000);
        }
        assert.equal(peak[1], 1);
        assert.ok((peak[3] ?? 0) >= 2, `peak with concurrency 3 was ${peak[3]}`);
      }));

    it("close() waits for the active job, then no more jobs run", () =>
      withQueue(async (queue) => {
        const name = uniqueName("slow");
        const events: string[] = [];
        queue.register(name, async (data: { n: number }) => {
          events.push(`start ${data.n}`);
          await sleep(250);
          events.push(`end ${data.n}`);
        });
        await queue.enqueue(name, { n: 1 });
        await queue.enqueue(name, { n: 2 });
        await queue.start();
        await waitFor(() => events.length === 1);
        await queue.close();
        assert.deepEqual(events, ["start 1", "end 1"]);
        await sleep(300);
        assert.deepEqual(events, ["start 1", "end 1"]);
        await assert.rejects(queue.enqueue(name, { n: 3 }), JobQueueClosedError);
      }));

    it("close() gives up on an active job at the deadline", (t) =>
      withQueue(async (queue, records) => {
        const name = uniqueName("stuck");
        let started = false;
        let finished = false;
        // The job runs until the test lets it go, after close() has returned: close() must have
        // given up on it, however long a loaded machine took (a bound of 1.5 s against a 3 s job raced).
        let release = () => {};
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        queue.register(name, async () => {
          started = true;
          await released;
          finished = true;
        });
        await queue.start();
        await queue.enqueue(name, {});
        await waitFor(() => started);
        const closingAt = Date.now();
        try {
          await queue.close(150);
          t.diagnostic(`close(150) with the job still running took ${Date.now() - closingAt} ms`);
          assert.equal(finished, false, "close() returned while the job still ran");
          assert.ok(records.some((r) => r.level === 40 && r.msg.includes("deadline")));
        } finally {
          release();
        }
      }));

    it("close() is idempotent, also before start()", () =>
      withQueue(async (queue) => {
        await Promise.all([queue.close(), queue.close()]);
        await queue.close();
        await assert.rejects(queue.start(), JobQueueClosedError);
      }));

    it("keeps jobs for a name nobody registered until a handler is registered; validates names", () =>
      withQueue(async (queue) => {
        const name = uniqueName("late");
        const seen: unknown[] = [];
        await queue.start();
        await queue.enqueue(name, { late: true });
        await sleep(100);
        queue.register(name, async (data) => void seen.push(data));
        assert.throws(() => queue.register(name, async () => {}), /already registered/);
        assert.throws(() => queue.register("bad:name", async () => {}), /invalid job name/);
        await assert.rejects(queue.enqueue("bad:name", {}), /invalid job name/);
        await waitFor(() => seen.length === 1);
        assert.deepEqual(seen, [{ late: true }]);
      }));
  });
}

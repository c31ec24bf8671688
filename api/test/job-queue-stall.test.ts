// BullMQ enqueues while Redis accepts connections but never answers: a redis-server of the suite's
// own under SIGSTOP (ioredis still sees it "ready"; the shared test Redis is never paused). The
// caller — an incident opening inside an agent's report — must not wait for Redis without end.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import type { Database } from "../src/db/database.ts";
import { BullMqJobQueue } from "../src/jobs/bullmq-queue.ts";
import { JobOutbox } from "../src/jobs/job-durability.store.ts";
import { RedisTimeoutError } from "../src/redis/answer-within.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";
import { captureLogger, waitFor } from "./support/job-queue.contract.ts";
import { StalledRedis } from "./support/stalled-redis.ts";

describe("BullMQ on a stalled Redis", () => {
  let testDb: TestDatabase;
  let db: Database;
  let redis: StalledRedis;
  before(async () => {
    testDb = await createTestDatabase("postgres");
    db = await testDb.open({ migrate: true });
    redis = await StalledRedis.start();
  });
  after(async () => {
    await redis.stop();
    await db.close();
    await testDb.drop();
  });

  it("an unanswered add goes to the outbox after its bound, later enqueues at once; without an outbox it fails; every job runs once", {
    timeout: 120_000,
  }, async () => {
    const { logger, records } = captureLogger();
    const outbox = new JobOutbox(db.sql);
    const queue = new BullMqJobQueue({ redisUrl: redis.url, prefix: "stall", logger, outbox });
    const bare = new BullMqJobQueue({
      redisUrl: redis.url,
      prefix: "stall-bare",
      logger: captureLogger().logger,
    });
    const ran: number[] = [];
    queue.register("event", async (data: { n: number }) => void ran.push(data.n));
    await queue.start();
    try {
      await queue.enqueue("event", { n: 0 });
      await waitFor(() => ran.length === 1, 20_000);
      await bare.enqueue("event", { n: -1 }); // its connection ready before the stall

      const before = records.length;
      redis.stall();
      for (let n = 1; n <= 3; n++) await queue.enqueue("event", { n });
      const kept = records
        .slice(before)
        .filter((r) => r.msg === "redis unavailable: job kept in the database outbox");
      assert.deepEqual(
        kept.map((r) => (r as { why?: string }).why),
        [
          "Redis did not answer within 2000 ms",
          "redis not answering (an earlier add is still unanswered)",
          "redis not answering (an earlier add is still unanswered)",
        ],
        "the first waits for its bound, the others go to the outbox at once",
      );
      assert.equal(await outbox.count(), 3);
      await assert.rejects(bare.enqueue("event", { n: -2 }), RedisTimeoutError, "no outbox: a clear failure");
      // That took 2 s more: the relay (every second, rows pending since the first add's bound) has
      // had its turn. It must not wait for the stalled Redis inside its transaction: that held a
      // pooled connection, the rows' locks and the database's oldest snapshot for the whole stall.
      const unlocked = await db.sql.query("SELECT id FROM job_outbox FOR UPDATE SKIP LOCKED");
      assert.equal(unlocked.length, 3, "no outbox row locked by a relay waiting for Redis");
      const [open] = await db.sql.query<{ n: number | string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
      );
      assert.equal(Number(open?.n), 0, "no transaction left open");

      redis.resume();
      await waitFor(() => ran.length === 4, 30_000);
      await waitFor(async () => (await outbox.count()) === 0, 20_000);
      assert.deepEqual([...ran].sort(), [0, 1, 2, 3], "each once (the late add and its relay are one job)");
    } finally {
      redis.resume();
      await bare.close(2000);
      await queue.close(2000);
    }
  });
  it('a retry still unanswered when the queue closes is told "unknown" once, before its connection goes, and close waits for what that holds', {
    timeout: 60_000,
  }, async () => {
    const queue = new BullMqJobQueue({
      redisUrl: redis.url,
      prefix: "stall-retry",
      logger: captureLogger().logger,
    });
    queue.register("flaky", async () => {
      throw new Error("fails on purpose");
    });
    await queue.start();
    const told: (boolean | "unknown" | "held work done")[] = [];
    try {
      await queue.enqueue("flaky", {}, { attempts: 1 });
      await waitFor(async () => (await queue.failedJobs({ name: "flaky" })).length === 1, 20_000);
      const [failed] = await queue.failedJobs({ name: "flaky" });
      redis.stall();
      await assert.rejects(
        queue.retryFailed("flaky", failed?.id ?? "", {
          onLateAnswer: (retried) => {
            told.push(retried);
            // What the API holds here is the audit entry's write (failed-job.service.ts).
            queue.holdCloseFor(
              new Promise((resolve) => setTimeout(resolve, 200)).then(() => told.push("held work done")),
            );
          },
        }),
        RedisTimeoutError,
      );
      assert.deepEqual(told, [], "nothing told at the bound");
      await queue.close(1000);
      assert.deepEqual(told, ["unknown", "held work done"], "told on close, and close waited for it");
    } finally {
      redis.resume();
      await queue.close(1000);
    }
    assert.deepEqual(
      told,
      ["unknown", "held work done"],
      "its connection ending afterwards tells nothing more",
    );
  });
  it("close() ends within its deadline when held work never settles: it is not waited for a second time", {
    timeout: 60_000,
  }, async () => {
    const queue = new BullMqJobQueue({
      redisUrl: redis.url,
      prefix: "stall-held",
      logger: captureLogger().logger,
    });
    queue.register("noop", async () => {});
    await queue.start();
    // Work close() waits for (an audit entry's write) that never ends: a database that hangs.
    queue.holdCloseFor(new Promise(() => {}));
    const deadlineMs = 2000;
    const started = Date.now();
    await queue.close(deadlineMs);
    const took = Date.now() - started;
    // Two timers in a row (the bug) take 2 × deadlineMs at least; one leaves a deadline's slack
    // for closing the queues and connections of a Redis that answers.
    assert.ok(took < 2 * deadlineMs, `close took ${took} ms for a deadline of ${deadlineMs} ms`);
  });
  it("a schedule left unanswered, then failed (Redis killed in its stall, away past the connection's retries), is set once a new Redis answers", {
    timeout: 120_000,
  }, async () => {
    const { logger, records } = captureLogger();
    const queue = new BullMqJobQueue({ redisUrl: redis.url, prefix: "stall-schedule", logger });
    const client = new Redis(redis.url, { lazyConnect: true });
    client.on("error", () => {});
    try {
      await queue.enqueue("warm", {}); // its connection ready, then Redis stalls
      redis.stall();
      // The schedule answers by its bound, to be set later.
      await queue.schedule("tick", { everyMs: 60_000 }, {});
      await redis.kill();
      // ioredis fails the commands it holds (the queue's own setup among them) once its 20
      // reconnection attempts are spent, each one logged.
      const refusals = () => records.filter((r) => r.msg === "redis connection error").length;
      await waitFor(() => refusals() > 22, 60_000);
      await redis.restart();
      await client.connect();
      await waitFor(async () => (await client.zcard("stall-schedule:tick:repeat")) === 1, 30_000);
      // The job's queue works again too (its first setup failed with the killed Redis).
      await queue.enqueue("tick", {});
    } finally {
      client.disconnect();
      await queue.close(2000);
    }
  });
});

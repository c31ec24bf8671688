// Jobs that outlive what the queue alone would lose: the embedded queue's failed jobs across a
// restart (both engines), and BullMQ enqueues while Redis is away (a private redis-server, stopped
// and started again; the shared one is never touched), relayed once, in order, with nothing lost.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import type { Database } from "../src/db/database.ts";
import { BullMqJobQueue } from "../src/jobs/bullmq-queue.ts";
import { InProcessJobQueue } from "../src/jobs/in-process-queue.ts";
import { FailedJobStore, JobOutbox } from "../src/jobs/job-durability.store.ts";
import { createTestDatabase, engines, type TestDatabase } from "./databases.ts";
import { captureLogger, waitFor } from "./support/job-queue.contract.ts";

for (const engine of engines) {
  describe(`embedded queue: failed jobs survive a restart (${engine})`, () => {
    let testDb: TestDatabase;
    let db: Database;
    before(async () => {
      testDb = await createTestDatabase(engine);
      db = await testDb.open({ migrate: true });
    });
    after(async () => {
      await db.close();
      await testDb.drop();
    });

    it("keeps an exhausted job in the database; the next process lists it and retries it once", async () => {
      const store = new FailedJobStore(db.sql);
      const first = new InProcessJobQueue({ logger: captureLogger().logger, failedStore: store });
      first.register("flaky", async () => {
        throw new Error("receiver down");
      });
      await first.start();
      await first.enqueue("flaky", { n: 7 }, { attempts: 2, backoffMs: 5 });
      await waitFor(async () => (await first.failedJobs()).length === 1);
      await first.close(1000);

      const ran: unknown[] = [];
      const second = new InProcessJobQueue({ logger: captureLogger().logger, failedStore: store });
      second.register("flaky", async (data) => void ran.push(data));
      await second.start();
      const [kept] = await second.failedJobs();
      assert.equal(kept?.name, "flaky");
      assert.deepEqual(kept?.data, { n: 7 });
      assert.equal(kept?.error, "receiver down");
      assert.equal(kept?.attempts, 2);
      assert.deepEqual(await second.failedCounts(), { flaky: 1 });
      assert.equal(await second.retryFailed("flaky", kept?.id as string), true);
      await waitFor(() => ran.length === 1);
      assert.deepEqual(ran, [{ n: 7 }]);
      await second.close(1000);

      // Retried means gone: a third start lists nothing.
      const third = new InProcessJobQueue({ logger: captureLogger().logger, failedStore: store });
      await third.start();
      assert.deepEqual(await third.failedJobs(), []);
      await third.close(1000);
    });
  });
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("BullMQ with Redis away: the database outbox", () => {
  let testDb: TestDatabase;
  let db: Database;
  let dir = "";
  let port = 0;
  let redis: ChildProcess | undefined;

  async function startRedis() {
    redis = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir],
      {
        stdio: "ignore",
      },
    );
    await waitFor(async () => {
      const client = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0 });
      client.on("error", () => {}); // refused while redis-server is still starting: polled again
      const ok = await client.connect().then(
        () => client.ping().then((r) => r === "PONG"),
        () => false,
      );
      client.disconnect();
      return ok;
    }, 20_000);
  }

  async function stopRedis() {
    const child = redis;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }

  before(async () => {
    testDb = await createTestDatabase("postgres");
    db = await testDb.open({ migrate: true });
    dir = await mkdtemp(join(tmpdir(), "levee-outbox-redis-"));
    port = await freePort();
    await startRedis();
  });
  after(async () => {
    await stopRedis();
    await rm(dir, { recursive: true, force: true });
    await db.close();
    await testDb.drop();
  });

  it("enqueue answers while Redis is down; each job runs once, in order, after it returns", async () => {
    const { logger, records } = captureLogger();
    const outbox = new JobOutbox(db.sql);
    const queue = new BullMqJobQueue({
      redisUrl: `redis://127.0.0.1:${port}`,
      prefix: "outbox",
      logger,
      outbox,
    });
    const ran: number[] = [];
    queue.register("event", async (data: { n: number }) => void ran.push(data.n));
    await queue.start();
    try {
      await queue.enqueue("event", { n: 0 });
      await waitFor(() => ran.length === 1, 20_000);

      await stopRedis();
      // Every enqueue answers with Redis gone (no timer in the test: if they waited for Redis they
      // would never answer, since Redis comes back only after them).
      for (let n = 1; n <= 5; n++) await queue.enqueue("event", { n });
      assert.equal(await outbox.count(), 5, "kept in the database outbox");
      assert.ok(records.some((r) => r.msg === "redis unavailable: job kept in the database outbox"));

      await startRedis();
      await waitFor(() => ran.length === 6, 30_000);
      await waitFor(async () => (await outbox.count()) === 0, 10_000);
      assert.deepEqual(ran, [0, 1, 2, 3, 4, 5]);
    } finally {
      await queue.close(2000);
    }
  });

  it("relaying a row twice (a crash between add and delete) runs its job once", async () => {
    const outbox = new JobOutbox(db.sql);
    const redisUrl = `redis://127.0.0.1:${port}`;
    const ran: string[] = [];
    const open = () => {
      const queue = new BullMqJobQueue({
        redisUrl,
        prefix: "outbox2",
        logger: captureLogger().logger,
        outbox,
      });
      queue.register("once", async (data: { tag: string }) => void ran.push(data.tag));
      return queue;
    };
    const row = {
      id: "relayed-twice",
      name: "once",
      payload: JSON.stringify({ tag: "a" }),
      options: {},
      runAt: new Date(),
    };
    await outbox.put(row);
    const first = open();
    await first.start(); // relays what the outbox holds at start
    await waitFor(() => ran.length === 1, 20_000);
    await first.close(2000);
    // The same row again, as if the first relay had died after BullMQ took it; the next process relays it.
    await outbox.put(row);
    const second = open();
    try {
      await second.start();
      await waitFor(async () => (await outbox.count()) === 0, 20_000);
      // A marker behind it in the same FIFO queue: had the repeat been added, it would run before.
      await second.enqueue("once", { tag: "b" });
      await waitFor(() => ran.includes("b"), 20_000);
      assert.deepEqual(ran, ["a", "b"]);
    } finally {
      await second.close(2000);
    }
  });
});

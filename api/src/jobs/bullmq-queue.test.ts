import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { testRedisUrl } from "../../test/databases.ts";
import { captureLogger, jobQueueContract, waitFor } from "../../test/support/job-queue.contract.ts";
import { BullMqJobQueue } from "./bullmq-queue.ts";

const redisUrl = testRedisUrl;
const prefix = `levee-test-${randomBytes(4).toString("hex")}`;

after(async () => {
  const redis = new Redis(redisUrl);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await redis.quit();
});

/** The slot a scheduled run was for: its id is `repeat:<scheduler>:<slot ms>`. */
function slotOf(job: { id: string }): string {
  const match = /^repeat:(.+):(\d+)$/.exec(job.id);
  assert.ok(match, `not a scheduled job id: ${job.id}`);
  return match[2] as string;
}

jobQueueContract("bullmq", (logger) => new BullMqJobQueue({ redisUrl, prefix, logger }), slotOf);

describe("BullMqJobQueue across processes", () => {
  it("shares one schedule between two instances scheduling the same name", async () => {
    const a = new BullMqJobQueue({ redisUrl, prefix, logger: captureLogger().logger });
    const b = new BullMqJobQueue({ redisUrl, prefix, logger: captureLogger().logger });
    try {
      const runs: string[] = [];
      a.register("shared-tick", async (_data, job) => void runs.push(job.id));
      await a.start();
      await a.schedule("shared-tick", { everyMs: 200 }, {});
      await b.schedule("shared-tick", { everyMs: 200 }, {});
      await waitFor(() => runs.length >= 5);
      // Judged from what BullMQ stored, not from when runs happened (gaps between runs measured
      // on a loaded machine flaked: a late run then a punctual one were 73 ms apart). One
      // scheduler means one run per slot: every run's id names the scheduler and its slot
      // (`repeat:<scheduler>:<slot ms>`), and no slot appears twice.
      const slots = runs.map((id) => slotOf({ id }));
      assert.equal(new Set(slots).size, slots.length, `two runs for one slot: ${runs.join(", ")}`);
      assert.equal(
        new Set(runs.map((id) => id.split(":")[1])).size,
        1,
        `more than one scheduler: ${runs.join(", ")}`,
      );
    } finally {
      await Promise.all([a.close(2000), b.close(2000)]);
    }
  });

  it("a job enqueued by one instance runs on another, de-duplicated across them", async () => {
    const producer = new BullMqJobQueue({ redisUrl, prefix, logger: captureLogger().logger });
    const consumer = new BullMqJobQueue({ redisUrl, prefix, logger: captureLogger().logger });
    try {
      const seen: unknown[] = [];
      consumer.register("handoff", async (data) => void seen.push(data));
      const first = await producer.enqueue("handoff", { from: "producer" }, { jobId: "k", delayMs: 100 });
      const again = await consumer.enqueue("handoff", { from: "consumer" }, { jobId: "k" });
      assert.deepEqual(again, { id: first.id, deduplicated: true });
      await consumer.start();
      await waitFor(() => seen.length === 1);
      await sleep(150);
      assert.deepEqual(seen, [{ from: "producer" }]);
    } finally {
      await Promise.all([producer.close(2000), consumer.close(2000)]);
    }
  });
});

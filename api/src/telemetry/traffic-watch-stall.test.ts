// The traffic watch against a Redis that accepts but never answers (a redis-server of the test's
// own under SIGSTOP): its start and each sync round wait at most REDIS_ANSWER_MS, and while a round
// is unanswered no other is sent, so a long stall queues one round in the process, not one a period.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { StalledRedis } from "../../test/support/stalled-redis.ts";
import { createLogger } from "../logging/logger.ts";
import { createLeveePubSub } from "../pubsub/pubsub.ts";
import { REDIS_ANSWER_MS } from "../redis/answer-within.ts";
import type { Topics } from "../topics.ts";
import { TrafficWatch } from "./traffic-watch.ts";

const logger = createLogger("silent");

describe("traffic watch on a stalled Redis", () => {
  let server: StalledRedis;
  before(async () => {
    server = await StalledRedis.start();
  });
  after(() => server.stop());

  it("starts, and syncs once while stalled (later rounds skipped, counted); the round's late answer applies", {
    timeout: 30_000,
  }, async () => {
    await withWatch(server, { ttlMs: 60_000 }, async (watch, admin) => {
      await admin.hset("levee:watch:traffic", "node-elsewhere", String(Date.now() + 60_000));
      await admin.config("RESETSTAT");
      server.stall();
      const started = Date.now();
      await watch.start();
      for (let round = 0; round < 3; round++) await watch.sync();
      const tookMs = Date.now() - started;
      // ~1 s (the start's bound; the skipped rounds send nothing). Unbounded, they would wait for
      // the resume below, that is for ever: the ceiling only has to tell those apart, with room for
      // two loaded cores (the skips themselves are counted next).
      assert.ok(tookMs < 10 * REDIS_ANSWER_MS, `start and three rounds took ${tookMs} ms`);
      assert.equal(watch.skippedSyncs, 3, "one round sent (the start's), three skipped");
      assert.equal(watch.isWatched("node-elsewhere"), false, "not known before Redis answers");

      server.resume();
      await waitUntil(() => watch.isWatched("node-elsewhere"));
      const stats = await admin.info("commandstats");
      assert.match(stats, /^cmdstat_hgetall:calls=1,/m, "one round reached Redis");
      await watch.sync();
      assert.equal(watch.skippedSyncs, 3, "answered: the next round is sent");
    });
  });

  it("judges a late round's read at the time it was answered, and writes its own watches again", {
    timeout: 30_000,
  }, async () => {
    const ttlMs = 1_500;
    // No start(): no periodic round, so the only round after the stall is the late one.
    await withWatch(server, { ttlMs }, async (watch, admin) => {
      const key = "levee:watch:traffic";
      await admin.del(key);
      const lapsesAt = Date.now() + ttlMs;
      await admin.hset(key, "node-lapsing", String(lapsesAt));
      const release = watch.watch("node-mine");
      await waitUntilAsync(async () => (await admin.hexists(key, "node-mine")) === 1);
      server.stall();
      await watch.sync(); // sent, unanswered: it gives up waiting after REDIS_ANSWER_MS
      // Stalled past both ttls: the other process's entry and this one's round `until` lapse.
      await waitUntil(() => Date.now() > lapsesAt + ttlMs);
      const resumedAt = Date.now();
      server.resume();
      await waitUntilAsync(async () => (await admin.hexists(key, "node-lapsing")) === 0);
      assert.equal(watch.isWatched("node-lapsing"), false, "a watch that lapsed during the stall");
      const mine = Number(await admin.hget(key, "node-mine"));
      assert.ok(mine > resumedAt, `own watch written again after the answer (until ${mine - resumedAt} ms)`);
      release();
    });
  });
});

/** A watch on the stalled server's Redis, and a client of the test's own; ended (resumed) after `use`. */
async function withWatch(
  server: StalledRedis,
  options: { ttlMs: number },
  use: (watch: TrafficWatch, admin: Redis) => Promise<void>,
): Promise<void> {
  const pubsub = await createLeveePubSub<Topics>({ redisUrl: server.url, logger });
  const client = new Redis(server.url, { maxRetriesPerRequest: 2 });
  const admin = new Redis(server.url);
  const watch = new TrafficWatch(pubsub.pubsub, client, logger, options);
  try {
    await use(watch, admin);
  } finally {
    server.resume();
    watch.close();
    client.disconnect();
    admin.disconnect();
    await pubsub.close();
  }
}

async function waitUntilAsync(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

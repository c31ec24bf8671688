import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, test } from "node:test";
import { Redis } from "ioredis";
import { createLogger } from "../logging/logger.ts";
import { createLeveePubSub } from "../pubsub/pubsub.ts";
import type { Topics } from "../topics.ts";
import { TrafficWatch } from "./traffic-watch.ts";

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const logger = createLogger("silent");

/** Two API processes' watch registries over the real Redis, with a prefix of their own. */
test("a watch on one process makes the other publish, until its ttl lapses", async () => {
  const prefix = `levee-test-watch-${randomBytes(4).toString("hex")}`;
  const parts = await Promise.all(
    [0, 1].map(async () => {
      const pubsub = await createLeveePubSub<Topics>({ redisUrl, channelPrefix: prefix, logger });
      const redis = new Redis(redisUrl);
      return {
        pubsub,
        redis,
        watch: new TrafficWatch(pubsub.pubsub, redis, logger, { prefix, ttlMs: 3000 }),
      };
    }),
  );
  after(async () => {
    for (const part of parts) {
      part.watch.close();
      await part.redis.del(`${prefix}:watch:traffic`);
      part.redis.disconnect();
      await part.pubsub.close();
    }
  });
  const [a, b] = parts as [(typeof parts)[number], (typeof parts)[number]];
  await Promise.all([a.watch.start(), b.watch.start()]);
  assert.equal(b.watch.isWatched("node-1"), false);

  const release = a.watch.watch("node-1");
  // Announced at once (no wait for a refresh period).
  await waitUntil(() => b.watch.isWatched("node-1"));
  assert.equal(b.watch.isWatched("node-2"), false);
  // A process started later learns it from the shared hash.
  await b.watch.sync();
  assert.equal(b.watch.isWatched("node-1"), true);

  release();
  // No watcher left anywhere: the entry is no longer refreshed and lapses at its ttl everywhere.
  const lapsed = Date.now() + 3000;
  await b.watch.sync(lapsed + 1);
  assert.equal(b.watch.isWatched("node-1", lapsed + 1), false);
  assert.equal(a.watch.isWatched("node-1", lapsed + 1), false);
  assert.equal(await a.redis.hexists(`${prefix}:watch:traffic`, "node-1"), 0, "the lapsed entry is removed");
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

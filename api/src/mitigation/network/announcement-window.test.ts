import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { Redis } from "ioredis";
import { testRedisUrl } from "../../../test/databases.ts";
import { StalledRedis } from "../../../test/support/stalled-redis.ts";
import { createAnnouncementWindow } from "./announcement-window.ts";

const none = async () => [];

describe("platform-wide announcement window", () => {
  const redis = new Redis(testRedisUrl);
  after(() => redis.quit());

  for (const kind of ["in-process", "redis"] as const) {
    it(`${kind}: grants places in order up to the limit, slides, and a rule holding a place takes no second`, async () => {
      const w = createAnnouncementWindow({
        limit: 3,
        redis: kind === "redis" ? redis : undefined,
        key: `levee-test:announcements:${randomUUID()}`,
        recent: none,
      });
      assert.equal(await w.take(["a", "b"], 0), 2);
      assert.equal(await w.take(["c", "d", "e"], 1000), 1, "one place left: c, not d or e");
      assert.equal(await w.take(["a", "b", "c"], 2000), 3, "asked again: their own places");
      assert.equal(await w.take(["d"], 59_999), 0, "full until the first places slide out");
      assert.equal(await w.take(["d", "e", "f"], 60_000), 2, "a and b slid out at 60 s");
      assert.equal(await w.take(["f"], 61_000), 1, "c slid out at 61 s");
      assert.equal(await w.take([], 61_000), 0);
    });

    it(`${kind}: what the database holds for the last minute counts from the first use (a restart keeps the count)`, async () => {
      const now = Date.now();
      const key = `levee-test:announcements:${randomUUID()}`;
      const w = createAnnouncementWindow({
        limit: 3,
        redis: kind === "redis" ? redis : undefined,
        key,
        recent: async (since) => {
          assert.ok(since >= now - 60_000 - 1000 && since <= Date.now() - 60_000);
          return [
            { id: "old1", at: now - 10_000 },
            { id: "old2", at: now - 5_000 },
          ];
        },
      });
      assert.equal(await w.take(["x", "y"], now), 1);
      assert.equal(await w.take(["old1"], now), 1, "a stored announcement holds its place");
      assert.equal(await w.take(["y"], now + 50_001), 1, "old1 slid out");
    });
  }

  it("redis: two API processes (two clients) share one window", async () => {
    const key = `levee-test:announcements:${randomUUID()}`;
    const other = new Redis(testRedisUrl);
    try {
      const a = createAnnouncementWindow({ limit: 4, redis, key, recent: none });
      const b = createAnnouncementWindow({ limit: 4, redis: other, key, recent: none });
      const granted = await Promise.all([a.take(["a1", "a2", "a3"], 0), b.take(["b1", "b2", "b3"], 0)]);
      assert.equal(granted[0] + granted[1], 4, JSON.stringify(granted));
      assert.equal(await a.take(["a4"], 10), 0);
      assert.equal(await b.take(["b4"], 10), 0);
      assert.equal(await redis.zcard(key), 4);
      // The script leaving Redis' cache changes nothing.
      await redis.script("FLUSH");
      assert.equal(await b.take(["b5"], 60_001), 1, "all four slid out");
    } finally {
      other.disconnect();
    }
  });

  it("redis back without its data (restarted while disconnected): the process's own places are added again", async () => {
    const key = `levee-test:announcements:${randomUUID()}`;
    const client = new Redis(testRedisUrl);
    client.on("error", () => {});
    try {
      const w = createAnnouncementWindow({ limit: 3, redis: client, key, recent: none });
      const now = Date.now();
      assert.equal(await w.take(["a", "b"], now), 2);
      client.disconnect();
      while (client.status !== "end") await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(await w.take(["c"], now + 10), 1, "counted in-process while away");
      await redis.del(key); // Redis restarted without persistence
      await client.connect();
      assert.equal(await w.take(["d", "e"], now + 20), 0, "a, b and c still hold the three places");
      assert.equal(await redis.zcard(key), 3);
    } finally {
      client.disconnect();
      await redis.del(key);
    }
  });

  it("redis away: the process counts on its own (with what it knows) instead of failing or waiting", async () => {
    // Port 1 on loopback: nothing listens, so the client only ever reconnects.
    const away = new Redis({ host: "127.0.0.1", port: 1, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    away.on("error", () => {});
    const told: string[] = [];
    try {
      const w = createAnnouncementWindow({
        limit: 2,
        redis: away,
        recent: async () => [{ id: "stored", at: Date.now() }],
        onRedisError: (e) => told.push(e.message),
      });
      const now = Date.now();
      assert.equal(await w.take(["a", "b"], now), 1, "the stored announcement holds one of the two places");
      assert.equal(await w.take(["c"], now), 0);
      assert.ok(told.length <= 1, "told once per outage");
    } finally {
      away.disconnect();
    }
  });

  it("redis that accepts but never answers: the process counts on its own after the timeout instead of waiting without end", async () => {
    // A stalled Redis (a redis-server of the test's own under SIGSTOP): connections stay open,
    // nothing ever comes back, so the client never leaves "ready".
    const server = await StalledRedis.start();
    const stalled = new Redis(server.url, { maxRetriesPerRequest: 2 });
    stalled.on("error", () => {});
    const told: string[] = [];
    try {
      await stalled.ping();
      server.stall();
      const w = createAnnouncementWindow({
        limit: 2,
        redis: stalled,
        recent: none,
        redisTimeoutMs: 200,
        onRedisError: (e) => told.push(e.message),
      });
      const started = Date.now();
      const now = Date.now();
      const granted = await Promise.race([
        w.take(["a", "b", "c"], now),
        new Promise<string>((resolve) => setTimeout(() => resolve("still waiting after 5 s"), 5000)),
      ]);
      assert.equal(granted, 2, "counted in-process");
      assert.ok(Date.now() - started < 2000, `answered after ${Date.now() - started} ms`);
      assert.equal(await w.take(["c"], now), 0, "its own places still count");
      assert.deepEqual(told, ["Redis did not answer within 200 ms"], "told once");
    } finally {
      stalled.disconnect();
      await server.stop();
    }
  });

  it("0 is no window; a negative or fractional limit is refused", async () => {
    const off = createAnnouncementWindow({
      limit: 0,
      recent: () => Promise.reject(new Error("not asked")),
    });
    assert.equal(await off.take(["a", "b", "c"], 0), 3);
    for (const limit of [-1, 1.5])
      assert.throws(() => createAnnouncementWindow({ limit, recent: none }), /bad limit/);
  });
});

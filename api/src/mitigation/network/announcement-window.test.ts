import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { Redis } from "ioredis";
import { testRedisUrl } from "../../../test/databases.ts";
import { StalledRedis } from "../../../test/support/stalled-redis.ts";
import { createAnnouncementWindow, grantPlaces, type Place, workspaceCap } from "./announcement-window.ts";

const none = async () => [];

describe("a workspace's share of the platform-wide window (pure)", () => {
  it("the cap is the share of the limit rounded up: never 0, the whole window at 100 %", () => {
    assert.deepEqual(
      [workspaceCap(200, 50), workspaceCap(3, 50), workspaceCap(1, 1), workspaceCap(7, 100)],
      [100, 2, 1, 7],
    );
  });

  it("grants in order up to the limit and the workspace's cap; the first refusal ends the grant", () => {
    const held = new Map<string, Place>([["b1", { id: "b1", workspaceId: "B", at: 0 }]]);
    const take = (workspaceId: string, ids: string[]) =>
      grantPlaces(held, { workspaceId, ids, now: 5, limit: 4, cap: 2 });
    assert.equal(take("A", ["a1", "a2", "a3"]), 2, "A's cap is 2 although the window has 3 free");
    assert.equal(take("A", ["a1", "a2", "a3"]), 2, "asked again: its own two, still not a third");
    assert.equal(take("B", ["b1", "b2", "b3"]), 2, "B holds b1 and takes b2, the last free place");
    assert.equal(held.size, 4);
    assert.equal(take("C", ["c1"]), 0, "the window is full");
    assert.deepEqual(held.get("a2"), { id: "a2", workspaceId: "A", at: 5 });
  });

  it("a cap equal to the limit counts nothing per workspace", () => {
    const held = new Map<string, Place>();
    assert.equal(grantPlaces(held, { workspaceId: "A", ids: ["1", "2", "3"], now: 0, limit: 3, cap: 3 }), 3);
  });
});

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
      assert.equal(await w.take("w", ["a", "b"], 0), 2);
      assert.equal(await w.take("w", ["c", "d", "e"], 1000), 1, "one place left: c, not d or e");
      assert.equal(await w.take("w", ["a", "b", "c"], 2000), 3, "asked again: their own places");
      assert.equal(await w.take("w", ["d"], 59_999), 0, "full until the first places slide out");
      assert.equal(await w.take("w", ["d", "e", "f"], 60_000), 2, "a and b slid out at 60 s");
      assert.equal(await w.take("w", ["f"], 61_000), 1, "c slid out at 61 s");
      assert.equal(await w.take("w", [], 61_000), 0);
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
            { id: "old1", workspaceId: "w", at: now - 10_000 },
            { id: "old2", workspaceId: "w", at: now - 5_000 },
          ];
        },
      });
      assert.equal(await w.take("w", ["x", "y"], now), 1);
      assert.equal(await w.take("w", ["old1"], now), 1, "a stored announcement holds its place");
      assert.equal(await w.take("w", ["y"], now + 50_001), 1, "old1 slid out");
    });

    it(`${kind}: a workspace flooding holds its share (50 % of 6: 3); another still gets places, and they come back as they slide`, async () => {
      const w = createAnnouncementWindow({
        limit: 6,
        sharePercent: 50,
        redis: kind === "redis" ? redis : undefined,
        key: `levee-test:announcements:${randomUUID()}`,
        recent: none,
      });
      const flood = Array.from({ length: 20 }, (_, i) => `a${i}`);
      assert.equal(await w.take("A", flood, 0), 3, "A takes its share of the six");
      assert.equal(await w.take("A", flood, 1000), 3, "its own three again, no fourth (it waits)");
      assert.equal(await w.take("B", ["b1", "b2"], 2000), 2, "B is not starved");
      assert.equal(await w.take("C", ["c1", "c2"], 3000), 1, "C gets the last place");
      assert.equal(await w.take("B", ["b3"], 4000), 0, "the window is full");
      assert.equal(
        await w.take("A", flood.slice(3), 60_000),
        3,
        "A's places slid out: three more of its waiting rules",
      );
    });
  }

  it("redis: the share holds across two API processes (two clients) asking at once, and after a re-seed from the database", async () => {
    const key = `levee-test:announcements:${randomUUID()}`;
    const other = new Redis(testRedisUrl);
    try {
      const a = createAnnouncementWindow({ limit: 4, sharePercent: 50, redis, key, recent: none });
      const b = createAnnouncementWindow({ limit: 4, sharePercent: 50, redis: other, key, recent: none });
      const flood = ["a1", "a2", "a3", "a4"];
      const granted = await Promise.all([
        a.take("A", flood, 0),
        b.take("A", flood, 0),
        b.take("B", ["b1"], 0),
      ]);
      assert.deepEqual(granted, [2, 2, 1], "A holds two places whichever process asks");
      assert.equal(await a.take("A", ["a5"], 10), 0);
      assert.equal(await b.take("B", ["b2", "b3"], 10), 1, "B: one more (its cap, and the window's last)");
      // Redis lost its data; a new process starts from what the database holds (b2 not stored yet).
      await redis.del(key);
      const stored: Place[] = [
        { id: "a1", workspaceId: "A", at: 0 },
        { id: "a2", workspaceId: "A", at: 0 },
        { id: "b1", workspaceId: "B", at: 0 },
      ];
      const restarted = createAnnouncementWindow({
        limit: 4,
        sharePercent: 50,
        redis: other,
        key,
        recent: async () => stored,
      });
      assert.equal(await restarted.take("A", ["a5"], 20), 0, "A's two stored announcements hold its share");
      assert.equal(await restarted.take("B", ["b2"], 20), 1, "B still gets a place");
      assert.deepEqual(
        (await redis.zrange(key, 0, -1)).sort(),
        ["A/a1", "A/a2", "B/b1", "B/b2"],
        "places carry their workspace",
      );
    } finally {
      other.disconnect();
      await redis.del(key);
    }
  });

  it("redis: a place held under a bare rule id (written by a process before the share) still counts for its rule", async () => {
    const key = `levee-test:announcements:${randomUUID()}`;
    try {
      await redis.zadd(key, Date.now(), "old");
      const w = createAnnouncementWindow({ limit: 2, sharePercent: 50, redis, key, recent: none });
      assert.equal(await w.take("A", ["old"], Date.now()), 1, "no second place");
      assert.equal(await redis.zcard(key), 1);
    } finally {
      await redis.del(key);
    }
  });

  it("redis, rolling upgrade: a stored announcement an older process holds under its bare rule id is not added again under its workspace", async () => {
    // An older process (no share) announced r1 and holds it as "r1"; this process starts, and its
    // first take adds what the database holds for the last minute: r1 must stay one place, or each
    // announcement of the last minute counts twice and the window refuses what it has room for.
    const key = `levee-test:announcements:${randomUUID()}`;
    try {
      const now = Date.now();
      await redis.zadd(key, now - 1000, "r1");
      const w = createAnnouncementWindow({
        limit: 2,
        sharePercent: 100,
        redis,
        key,
        recent: async () => [{ id: "r1", workspaceId: "A", at: now - 1000 }],
      });
      assert.equal(await w.take("B", ["b1", "b2"], now), 1, "r1 holds one place, b1 takes the other");
      assert.deepEqual((await redis.zrange(key, 0, -1)).sort(), ["B/b1", "r1"]);
    } finally {
      await redis.del(key);
    }
  });

  it("redis: two API processes (two clients) share one window", async () => {
    const key = `levee-test:announcements:${randomUUID()}`;
    const other = new Redis(testRedisUrl);
    try {
      const a = createAnnouncementWindow({ limit: 4, redis, key, recent: none });
      const b = createAnnouncementWindow({ limit: 4, redis: other, key, recent: none });
      const granted = await Promise.all([
        a.take("w", ["a1", "a2", "a3"], 0),
        b.take("w", ["b1", "b2", "b3"], 0),
      ]);
      assert.equal(granted[0] + granted[1], 4, JSON.stringify(granted));
      assert.equal(await a.take("w", ["a4"], 10), 0);
      assert.equal(await b.take("w", ["b4"], 10), 0);
      assert.equal(await redis.zcard(key), 4);
      // The script leaving Redis' cache changes nothing.
      await redis.script("FLUSH");
      assert.equal(await b.take("w", ["b5"], 60_001), 1, "all four slid out");
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
      assert.equal(await w.take("w", ["a", "b"], now), 2);
      client.disconnect();
      while (client.status !== "end") await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(await w.take("w", ["c"], now + 10), 1, "counted in-process while away");
      await redis.del(key); // Redis restarted without persistence
      await client.connect();
      assert.equal(await w.take("w", ["d", "e"], now + 20), 0, "a, b and c still hold the three places");
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
        recent: async () => [{ id: "stored", workspaceId: "w", at: Date.now() }],
        onRedisError: (e) => told.push(e.message),
      });
      const now = Date.now();
      assert.equal(
        await w.take("w", ["a", "b"], now),
        1,
        "the stored announcement holds one of the two places",
      );
      assert.equal(await w.take("w", ["c"], now), 0);
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
        w.take("w", ["a", "b", "c"], now),
        new Promise<string>((resolve) => setTimeout(() => resolve("still waiting after 5 s"), 5000)),
      ]);
      assert.equal(granted, 2, "counted in-process");
      assert.ok(Date.now() - started < 2000, `answered after ${Date.now() - started} ms`);
      assert.equal(await w.take("w", ["c"], now), 0, "its own places still count");
      assert.deepEqual(told, ["Redis did not answer within 200 ms"], "told once");
    } finally {
      stalled.disconnect();
      await server.stop();
    }
  });

  it("redis stalled: waited for once; until that call answers, later takes count in-process at once and send nothing", async () => {
    const server = await StalledRedis.start();
    const stalled = new Redis(server.url, { maxRetriesPerRequest: 2 });
    stalled.on("error", () => {});
    const key = "levee-test:announcements:stalled";
    try {
      await stalled.ping();
      const w = createAnnouncementWindow({
        limit: 3,
        redis: stalled,
        key,
        recent: none,
        redisTimeoutMs: 200,
      });
      const now = Date.now();
      server.stall();
      assert.equal(await w.take("A", ["a"], now), 1, "waited the bound, then counted in-process");
      // Answered from memory within this turn: no timer of 200 ms (nor any other) ran meanwhile.
      const next = w.take("A", ["b"], now);
      const turnEnded = new Promise((resolve) => setImmediate(() => resolve("waited for Redis")));
      assert.equal(await Promise.race([next, turnEnded]), 1, "not sent: counted in-process at once");
      server.resume();
      // Answers come in order: once a ping sent after the script call answers, so has the call. Twice:
      // the private server does not know the script yet, and the EVAL after NOSCRIPT is sent later.
      for (let i = 0; i < 2; i++) {
        await stalled.ping();
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.deepEqual(
        await stalled.zrange(key, 0, -1),
        ["A/a"],
        "the late call took its place; b was never sent",
      );
      assert.equal(await w.take("B", ["c", "d"], now + 10), 1, "Redis again: b added back, one place left");
      assert.deepEqual((await stalled.zrange(key, 0, -1)).sort(), ["A/a", "A/b", "B/c"]);
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
    assert.equal(await off.take("w", ["a", "b", "c"], 0), 3);
    for (const limit of [-1, 1.5])
      assert.throws(() => createAnnouncementWindow({ limit, recent: none }), /bad limit/);
  });
});

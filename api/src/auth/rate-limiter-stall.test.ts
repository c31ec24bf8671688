// The rate limiter against a Redis that accepts but never answers: a redis-server of the test's
// own, stopped with SIGSTOP (the shared test Redis is never paused). Without a bound every
// request, agents' telemetry among them, would wait for it without end.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { StalledRedis } from "../../test/support/stalled-redis.ts";
import { createRateLimiter } from "./rate-limiter.ts";

describe("rate limiter on a stalled Redis", () => {
  let server: StalledRedis;
  before(async () => {
    server = await StalledRedis.start();
  });
  after(() => server.stop());

  it("counts in-process once the script call goes unanswered, at once while it stays so, and back in Redis once it answers; its late answer decides nothing", {
    timeout: 30_000,
  }, async () => {
    // As services.ts connects.
    const client = new Redis(server.url, { maxRetriesPerRequest: 2 });
    client.on("error", () => {});
    const prefix = `levee-test-stall-${randomUUID()}`;
    try {
      await client.ping();
      const limiter = createRateLimiter(2, client, prefix, 60_000, { perSecond: 10 });
      server.stall();
      // One turn's three hits: one script call (both windows), never answered.
      const stalled = await Promise.all([limiter.hit("k"), limiter.hit("k"), limiter.hit("k")]);
      assert.deepEqual(
        stalled.map((d) => d.allowed),
        [true, true, false],
        "counted in-process: the limit stays",
      );
      assert.equal(client.status, "ready", "a stalled Redis still looks ready to ioredis");

      // While that call is unanswered, a hit is counted in-process at once: no second wait.
      const meanwhile = limiter.check("other");
      assert.ok(!(meanwhile instanceof Promise), "answered without waiting for Redis");
      assert.equal(meanwhile.allowed, true);

      server.resume();
      // Redis answers in order: once the PING is answered, the script call's late answer is in.
      await client.ping();
      await new Promise((resolve) => setImmediate(resolve));
      // Carried out late, the call counted its three hits in Redis once (in both windows); the
      // ones counted in-process meanwhile were never sent.
      const keys = await client.keys(`${prefix}:*`);
      assert.equal(keys.length, 2, keys.join());
      for (const key of keys) {
        assert.match(key, /:rate:k:/);
        assert.equal(await client.get(key), "3", key);
      }

      const back = limiter.check("fresh");
      assert.ok(back instanceof Promise, "counted in Redis again");
      assert.equal((await back).allowed, true);
      assert.equal((await client.keys(`${prefix}:rate:fresh:*`)).length, 1);
    } finally {
      server.resume();
      client.disconnect();
    }
  });
});

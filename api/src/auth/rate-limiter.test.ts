import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Redis } from "ioredis";
import { testRedisUrl } from "../../test/databases.ts";
import { createRateLimiter } from "./rate-limiter.ts";

describe("rate limiter", () => {
  const redis = new Redis(testRedisUrl);
  after(() => redis.quit());

  for (const kind of ["in-process", "redis"] as const) {
    it(`${kind}: allows the limit per minute, then refuses with a retry time`, async () => {
      const prefix = `levee-test-${process.pid}-${Date.now()}`;
      const limiter = createRateLimiter(3, kind === "redis" ? redis : undefined, prefix);
      const decisions = [];
      for (let i = 0; i < 5; i++) decisions.push(await limiter.hit("key-a"));
      assert.deepEqual(
        decisions.map((d) => d.allowed),
        [true, true, true, false, false],
      );
      assert.ok((decisions[4]?.retryAfterSeconds ?? 0) >= 1 && (decisions[4]?.retryAfterSeconds ?? 99) <= 60);
      assert.equal((await limiter.hit("key-b")).allowed, true, "other callers are counted apart");
    });
  }

  it("redis: two limiters (two API instances) share one count", async () => {
    const prefix = `levee-test-shared-${process.pid}-${Date.now()}`;
    const a = createRateLimiter(2, redis, prefix);
    const b = createRateLimiter(2, redis, prefix);
    assert.equal((await a.hit("k")).allowed, true);
    assert.equal((await b.hit("k")).allowed, true);
    assert.equal((await a.hit("k")).allowed, false);
  });

  it("redis away: each process counts on its own instead of failing or waiting", async () => {
    // Port 1 on loopback: nothing listens, so the client only ever reconnects.
    const away = new Redis({ host: "127.0.0.1", port: 1, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    away.on("error", () => {});
    try {
      const limiter = createRateLimiter(2, away, `levee-test-away-${process.pid}`);
      const decisions = [];
      for (let i = 0; i < 3; i++) decisions.push((await limiter.hit("k")).allowed);
      assert.deepEqual(decisions, [true, true, false]);
    } finally {
      away.disconnect();
    }
  });
});

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { createTestDatabase, type TestDatabase, testRedisUrl } from "../../test/databases.ts";
import type { Database } from "../db/database.ts";
import { checkHealth } from "./health.ts";

describe("health check", () => {
  let testDb: TestDatabase;
  let database: Database;
  const redis = new Redis(testRedisUrl);
  before(async () => {
    testDb = await createTestDatabase("postgres");
    database = await testDb.open();
  });
  after(async () => {
    await redis.quit();
    await testDb.drop();
  });

  it("is 200 when the database and Redis answer", async () => {
    const { status, body } = await checkHealth(database, redis);
    assert.equal(status, 200);
    assert.equal(body.database.ok, true);
    assert.equal(typeof body.redis === "object" && body.redis.ok, true);
  });

  it("is 503 and names the problem when Redis does not answer", async () => {
    const dead = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on("error", () => {});
    const { status, body } = await checkHealth(database, dead);
    assert.equal(status, 503);
    assert.equal(body.status, "fail");
    assert.equal(typeof body.redis === "object" && body.redis.ok, false);
    dead.disconnect();
  });

  it("is 503 when the database is gone", async () => {
    await database.close();
    const { status, body } = await checkHealth(database, undefined);
    assert.equal(status, 503);
    assert.equal(body.database.ok, false);
    assert.ok(body.database.error);
  });
});

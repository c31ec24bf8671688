import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { SqlClient } from "../src/db/sql-client.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";

const migrated = async (sql: SqlClient) =>
  (
    await sql.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`)
  )[0]?.present;

describe("an in-memory PGlite test database opened twice: one database, each open as its options say", () => {
  const made: TestDatabase[] = [];
  after(async () => {
    for (const testDb of made) await testDb.drop();
  });
  const create = async () => {
    const testDb = await createTestDatabase("pglite");
    made.push(testDb);
    return testDb;
  };

  it("an open that migrates, after one that did not, finds the database migrated (and what the first wrote)", async () => {
    const testDb = await create();
    const first = await testDb.open({ migrate: false });
    assert.equal(await migrated(first.sql), false);
    assert.equal(first.timescale, false);
    await first.sql.exec("CREATE TABLE written_before (id int)");
    const second = await testDb.open({ migrate: true });
    assert.equal(await migrated(second.sql), true, "migrated, not the first open's empty database");
    assert.equal(second.timescale, true, "TimescaleDB enabled by the migrations");
    assert.equal((await second.sql.query("SELECT 1 FROM written_before")).length, 0, "the same database");
    assert.equal(await migrated(first.sql), true, "the same database for the first handle too");
  });

  it("an open without migrating, after one that did, finds the same migrated database", async () => {
    const testDb = await create();
    const first = await testDb.open();
    await first.sql.exec("CREATE TABLE written_before (id int)");
    const second = await testDb.open({ migrate: false });
    assert.equal(await migrated(second.sql), true);
    assert.equal(second.timescale, first.timescale);
    assert.equal((await second.sql.query("SELECT 1 FROM written_before")).length, 0);
  });
});

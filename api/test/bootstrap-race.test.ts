import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Database } from "../src/db/database.ts";
import { bootstrapFirstOwner } from "../src/workspaces/bootstrap.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";

/**
 * Production deployment starts "any number of API processes" on one database, and each bootstraps
 * the first owner before it listens. On a fresh database they all found no user and all created
 * one: every process but the first then stopped with Prisma's unique-constraint error on the
 * owner's e-mail. Two pools on one PostgreSQL database stand for two processes.
 */
describe("first-owner bootstrap by API processes starting together", () => {
  let testDb: TestDatabase;
  let first: Database;
  let second: Database;

  before(async () => {
    testDb = await createTestDatabase("postgres");
    first = await testDb.open({ migrate: true });
    second = await testDb.open({ migrate: false });
  });
  after(async () => {
    await first?.close();
    await second?.close();
    await testDb?.drop();
  });

  it("creates one owner and workspace; the other process starts without error", async () => {
    const options = { email: "owner@example.test", password: "a long enough password" };
    const results = await Promise.allSettled([
      bootstrapFirstOwner(first, options),
      bootstrapFirstOwner(second, options),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "fulfilled"],
      JSON.stringify(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))),
    );
    const made = results.flatMap((r) => (r.status === "fulfilled" && r.value ? [r.value] : []));
    assert.equal(made.length, 1, "exactly one process reports the owner it created");
    assert.equal(await first.prisma.user.count(), 1);
    assert.equal(await first.prisma.workspace.count(), 1);
    assert.equal(await first.prisma.membership.count(), 1);
  });
});

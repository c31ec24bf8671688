import assert from "node:assert/strict";
import pg from "pg";
import type { TestApi } from "../harness.ts";

/**
 * A second connection to the test API's PostgreSQL holding `node` in ACCESS EXCLUSIVE mode inside
 * an open transaction: every operation that reads nodes waits on it, so a test can keep work in
 * flight for as long as it needs. The caller ends it (COMMIT, then end()).
 */
export async function lockNodeTable(api: TestApi): Promise<pg.Client> {
  const config = api.config.database;
  assert.equal(config.kind, "postgres");
  const lock = new pg.Client({ connectionString: config.kind === "postgres" ? config.url : "" });
  await lock.connect();
  await lock.query("BEGIN");
  await lock.query("LOCK TABLE node IN ACCESS EXCLUSIVE MODE");
  return lock;
}

import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Config } from "../src/config.ts";
import { type Database, openDatabase } from "../src/db/database.ts";

/** The real PostgreSQL server the suites use (CI and this machine run one on 127.0.0.1). */
export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** The test Redis with a database of a suite's own (its BullMQ keys apart from other suites' and checkouts'). */
export function testRedisDatabase(index: number): string {
  const url = new URL(testRedisUrl);
  url.pathname = `/${index}`;
  return url.toString();
}

export type Engine = "pglite" | "postgres";
export const engines: Engine[] = ["pglite", "postgres"];

export interface TestDatabase {
  config: Config["database"];
  open(options?: { migrate: boolean }): Promise<Database>;
  drop(): Promise<void>;
}

/**
 * A fresh, isolated database per suite: an in-memory PGlite+TimescaleDB, or a new database
 * on the PostgreSQL server (dropped afterwards).
 */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === "pglite") {
    // One in-memory PGlite: reopening would start empty, so the handle is shared.
    let shared: Promise<Database> | undefined;
    return {
      config: { kind: "pglite", dataDir: "memory://" },
      open(options) {
        shared ??= openDatabase({ kind: "pglite", dataDir: "memory://" }, options);
        return shared.then((db) => ({ ...db, close: async () => {} }));
      },
      async drop() {
        if (shared) await (await shared).close();
      },
    };
  }
  // LEVEE_TEST_DB_PREFIX, when set, names whose databases these are on a shared server.
  const name = `${process.env.LEVEE_TEST_DB_PREFIX ?? "levee_t_"}${randomBytes(6).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const config = { kind: "postgres" as const, url: url.toString(), poolSize: 5 };
  return {
    config,
    open: (options) => openDatabase(config, options),
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { timescaledb } from "@electric-sql/pglite/timescaledb";
import type pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Config } from "../config.ts";
import { PrismaClient } from "../generated/prisma/client.ts";
import { type DataFolderLock, lockDataFolder } from "./data-folder-lock.ts";
import { inHeavyWork, Semaphore } from "./heavy-work.ts";
import { migrate } from "./migrate.ts";
import { ensureInitialisedFolder } from "./pglite-folder.ts";
import { type SqlClient, sqlClientFromPGlite, sqlClientFromPool } from "./sql-client.ts";

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  sql: SqlClient;
  engine: "postgres" | "pglite";
  /** True when the TimescaleDB extension is enabled in this database. */
  timescale: boolean;
  /**
   * Runs fn while no other API process runs fn for the same key. PostgreSQL: a transaction-scoped
   * advisory lock held on a small pool of its own, so fn's own queries never queue behind lock
   * holders; released when fn ends or the process dies. Embedded: one process per data folder
   * (the folder lock), so fn just runs.
   */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Like exclusive, but does not wait: runs fn and answers `{ ran: true, value }` when nobody (this
   * process or another) runs fn for the key, else `{ ran: false }` at once. PostgreSQL: a session
   * advisory lock (pg_try_advisory_lock) on a pool of its own (8 connections; none free within 5 s
   * is an error, not a wait), let go when fn ends or the process dies. Embedded: the keys held in
   * this process (the folder lock proves it is the only one).
   */
  tryExclusive<T>(key: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  close(): Promise<void>;
}

/**
 * Opens the configured engine, applies pending migrations and returns Prisma plus raw SQL.
 * Embedded: PGlite with TimescaleDB in-process (one connection, serialised by the adapter).
 * Production: node-postgres pool shared by Prisma's pg adapter and raw SQL.
 */
export async function openDatabase(
  database: Config["database"],
  options: {
    migrate: boolean;
    mark?: (phase: string) => void;
    /** An in-memory PGlite starts from this data-folder dump (the suites' migrated template). */
    loadDataDir?: Blob;
  } = { migrate: true },
): Promise<Database> {
  const opened =
    database.kind === "postgres"
      ? await openPostgres(database.url, database.poolSize, database.heavyConnections)
      : await openPGlite(database.dataDir, options.loadDataDir);
  options.mark?.("databaseOpen");
  try {
    if (options.migrate) await migrate(opened.sql);
    options.mark?.("migrations");
    return { ...opened, timescale: await timescaleEnabled(opened.sql) };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

/** Database.timescale: whether the migrations enabled TimescaleDB here (they do where the server offers it). */
export async function timescaleEnabled(sql: SqlClient): Promise<boolean> {
  const [row] = await sql.query<{ enabled: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS enabled",
  );
  return row?.enabled ?? false;
}

/**
 * The pool's query() as Prisma's adapter and raw SQL use it; inside heavy work (heavy-work.ts) at most
 * `heavyConnections` queries run at once, so heavy operations never hold the whole pool.
 */
function gatedPool(Pool: typeof pg.Pool, options: pg.PoolConfig, heavyConnections: number): pg.Pool {
  const pool = new Pool(options);
  if (heavyConnections <= 0) return pool;
  const gate = new Semaphore(heavyConnections);
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { query: unknown }).query = (...args: unknown[]) =>
    inHeavyWork() && typeof args.at(-1) !== "function"
      ? gate.run(() => query(...args) as Promise<unknown>)
      : query(...args);
  return pool;
}

async function openPostgres(
  url: string,
  poolSize: number,
  heavyConnections = 2,
): Promise<Omit<Database, "timescale">> {
  // node-postgres and Prisma's adapter for it: loaded only for PostgreSQL (an embedded start skips them).
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import("pg"), import("@prisma/adapter-pg")]);
  const pool = gatedPool(
    pg.Pool,
    { connectionString: url, max: poolSize, application_name: "levee-api" },
    Math.min(heavyConnections, Math.max(1, poolSize - 1)),
  );
  pool.on("error", () => {}); // idle-client errors surface on the next query instead of crashing the process
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const lockPool = new pg.Pool({ connectionString: url, max: 4, application_name: "levee-api-locks" });
  lockPool.on("error", () => {});
  const tryLockPool = new pg.Pool({
    connectionString: url,
    max: 8,
    connectionTimeoutMillis: 5_000,
    application_name: "levee-api-try-locks",
  });
  tryLockPool.on("error", () => {});
  return {
    prisma,
    sql: sqlClientFromPool(pool),
    engine: "postgres",
    async exclusive(key, fn) {
      const connection = await lockPool.connect();
      let broken: Error | undefined;
      try {
        await connection.query("BEGIN");
        await connection.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 20))", [key]);
        return await fn();
      } finally {
        await connection.query("COMMIT").catch((error: Error) => {
          broken = error;
        });
        connection.release(broken);
      }
    },
    async tryExclusive(key, fn) {
      // A pool of its own: fn may run for minutes (a status page's e-mails), and holding a lock
      // pool connection that long would queue `exclusive` (network mitigation) behind it. A
      // session lock, not a transaction's: a connection idle in a transaction that long is what
      // idle_in_transaction_session_timeout ends, silently dropping the lock while fn goes on.
      // No connection within the timeout: an error (the caller's job retries), never a wait.
      const connection = await tryLockPool.connect();
      let broken: Error | undefined;
      try {
        const [row] = (
          await connection.query<{ locked: boolean }>(
            "SELECT pg_try_advisory_lock(hashtextextended($1, 20)) AS locked",
            [key],
          )
        ).rows;
        if (!row?.locked) return { ran: false };
        try {
          return { ran: true, value: await fn() };
        } finally {
          // Not let go (the connection broke): destroying the connection ends the session and its lock.
          await connection
            .query("SELECT pg_advisory_unlock(hashtextextended($1, 20))", [key])
            .catch((error: Error) => {
              broken = error;
            });
        }
      } finally {
        connection.release(broken);
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await lockPool.end();
      await tryLockPool.end();
    },
  };
}

async function openPGlite(dataDir: string, loadDataDir?: Blob): Promise<Omit<Database, "timescale">> {
  if (loadDataDir && dataDir !== "memory://") throw new Error("only an in-memory PGlite starts from a dump");
  let lock: DataFolderLock | undefined;
  if (dataDir !== "memory://") {
    mkdirSync(dataDir, { recursive: true });
    lock = lockDataFolder(dataDir);
  }
  let db: PGlite | undefined;
  try {
    if (dataDir !== "memory://")
      await ensureInitialisedFolder(dataDir, async (dir) => {
        const fresh = await PGlite.create(dir, { extensions: { timescaledb } });
        await fresh.close();
      });
    db = await PGlite.create(dataDir, { extensions: { timescaledb }, ...(loadDataDir && { loadDataDir }) });
    // A reopened data folder does not load the TimescaleDB library by itself: the extension then
    // looks installed but hypertable inserts and cagg refreshes fail ("not supported under the
    // current license"). Loading it first, on every open, makes a reopen behave like the first open.
    await db.exec("LOAD 'timescaledb'");
  } catch (error) {
    await db?.close().catch(() => {});
    lock?.release();
    throw error;
  }
  const pglite = db;
  /** tryExclusive's keys held now (one process per data folder: these are all there are). */
  const held = new Set<string>();
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    sql: sqlClientFromPGlite(pglite),
    engine: "pglite",
    exclusive: (_key, fn) => fn(),
    async tryExclusive(key, fn) {
      if (held.has(key)) return { ran: false };
      held.add(key);
      try {
        return { ran: true, value: await fn() };
      } finally {
        held.delete(key);
      }
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      lock?.release();
    },
  };
}

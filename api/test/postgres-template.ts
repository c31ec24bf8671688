import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { migrate, readMigrations } from "../src/db/migrate.ts";
import { sqlClientFromPool } from "../src/db/sql-client.ts";

/**
 * PostgreSQL test databases copied from a migrated template (createPostgresDatabase). Apart from
 * databases.ts so the agent's suites, which create databases for API processes, import only `pg`
 * and the migration runner (its export `@levee/api/test-postgres`), not Prisma or PGlite.
 */

/** The real PostgreSQL server the suites use (CI and this machine run one on 127.0.0.1). */
export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** What a migrated template is made of: the migrations and the runner that applies them. */
export function migrationsHash(): ReturnType<typeof createHash> {
  const hash = createHash("sha256");
  for (const migration of readMigrations()) hash.update(`${migration.name}\0${migration.checksum}\0`);
  hash.update(readFileSync(new URL("../src/db/migrate.ts", import.meta.url)));
  return hash;
}

/**
 * What of the server decides a migrated database's shape: the first migration enables TimescaleDB
 * when pg_available_extensions offers it (at its default version) and CREATE EXTENSION succeeds,
 * which it does only where the library is preloaded; the later ones build hypertables and
 * continuous aggregates where it is enabled, plain tables and refresh functions where it is not.
 * Null where the server does not say (a role that may not read the preload list sees no row).
 */
export interface TemplateServer {
  timescaledbVersion: string | null;
  preloadLibraries: string | null;
}

export async function templateServer(client: pg.Client): Promise<TemplateServer> {
  const { rows } = await client.query<TemplateServer>(
    `SELECT (SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb') AS "timescaledbVersion",
            (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS "preloadLibraries"`,
  );
  return rows[0] ?? { timescaledbVersion: null, preloadLibraries: null };
}

/**
 * The template's name: the migrations and runner (migrationsHash) and what of the server decides
 * the shape they give (templateServer), so a server that gains or loses TimescaleDB, or changes
 * its version, gets a template of its own instead of a copy of the other shape.
 */
export function templateName(migrations: ReturnType<typeof createHash>, server: TemplateServer): string {
  const hash = migrations.copy();
  hash.update(`timescaledb\0${server.timescaledbVersion ?? ""}\0${server.preloadLibraries ?? ""}\0`);
  return `levee_tpl_${hash.digest("hex").slice(0, 16)}`;
}

/**
 * Creates database `name` on the test server, copied from a migrated template unless `fresh`: a
 * copy takes ~0.1 s where creating and migrating took ~1–1.5 s, and the suites and their API
 * processes create ~100 databases. Whoever opens it still runs migrate(), which finds every
 * migration applied (checksums checked). A server that refuses the copy (a session on a template
 * an older version of this file made, which allowed connections) gets an empty database, migrated
 * by whoever opens it.
 */
export async function createPostgresDatabase(name: string, { fresh = false } = {}): Promise<void> {
  const from = fresh ? undefined : await postgresTemplate().catch(() => undefined);
  await withAdmin(async (client) => {
    if (from)
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${from}`);
        return;
      } catch {}
    await client.query(`CREATE DATABASE ${name}`);
  });
}

/**
 * The migrated template on the test server, `levee_tpl_<hash>` (templateName): made once, by
 * the first suite to need it, under an advisory lock (the others wait, then find it), built under
 * another name and renamed when whole; it allows no connections (nothing can hold it open and
 * make a copy fail). Old ones stay (another checkout on the same server may be copying them): one
 * `levee_tpl_*` database per set of migrations a checkout ran (and server setup it ran them on), which nothing here drops
 * (`DROP DATABASE` them by hand when no suite runs).
 */
let postgresTemplateName: Promise<string> | undefined;
function postgresTemplate(): Promise<string> {
  postgresTemplateName ??= withAdmin(async (client) => {
    const name = templateName(migrationsHash(), await templateServer(client));
    const exists = async () =>
      (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
    if (await exists()) return name;
    await client.query("SELECT pg_advisory_lock(hashtext('levee-test-template'))");
    try {
      if (await exists()) return name;
      const building = `${name}_${process.pid}`;
      await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${building}`);
      try {
        const url = new URL(postgresAdminUrl);
        url.pathname = `/${building}`;
        // The migration runner over a plain pool, as openDatabase gives it (without Prisma or
        // PGlite: the agent's suites load this module, and pay for what it imports).
        const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
        try {
          await migrate(sqlClientFromPool(pool));
        } finally {
          await pool.end();
        }
        // No session on it from now on, or the rename and every copy are refused (55006): none
        // may connect (copies still allow connections), and the ones there go — a closed pool's
        // backends ending a moment after it, or TimescaleDB's scheduler, which its launcher starts
        // for every database with the extension that allows connections, and which never leaves.
        await client.query(`ALTER DATABASE ${building} ALLOW_CONNECTIONS false`);
        await client.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [building],
        );
        for (let attempt = 0; ; attempt++)
          try {
            await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
            return name;
          } catch (error) {
            if ((error as { code?: string }).code !== "55006" || attempt >= 100) throw error;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
      } catch (error) {
        // Not left behind: the next process (another pid) would build its own beside it.
        await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`).catch(() => {});
        throw error;
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('levee-test-template'))");
    }
  });
  return postgresTemplateName;
}

import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { timescaledb } from "@electric-sql/pglite/timescaledb";
import type { Config } from "../src/config.ts";
import { type Database, openDatabase, timescaleEnabled } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import { sqlClientFromPGlite } from "../src/db/sql-client.ts";
import { createPostgresDatabase, migrationsHash, postgresAdminUrl, withAdmin } from "./postgres-template.ts";

export { createPostgresDatabase, postgresAdminUrl } from "./postgres-template.ts";
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
 * on the PostgreSQL server (dropped afterwards). A migrated in-memory PGlite starts from a dump
 * of one already migrated (pgliteTemplate), a PostgreSQL one is copied from a migrated template
 * database (createPostgresDatabase), unless `fresh`: the suites open ~100 of each, and each spent
 * ~1–2.5 s of CPU on the same migrations. The migration suites ask for `fresh`, and every embedded
 * API process (a data folder) still migrates from empty.
 */
export async function createTestDatabase(
  engine: Engine,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<TestDatabase> {
  if (engine === "pglite") {
    // One in-memory PGlite: reopening would start empty, so the handle is shared. Each open still
    // does what its own options say, as an open of the PostgreSQL database does: one with
    // `migrate` after an unmigrated first one migrates what is there (not the first's handle as
    // it was, without tables), one without it finds whatever the opens before it left.
    let shared: Promise<Database> | undefined;
    return {
      config: { kind: "pglite", dataDir: "memory://" },
      open({ migrate: migrates } = { migrate: true }) {
        if (!shared) {
          shared = (async () => {
            const loadDataDir = fresh || !migrates ? undefined : await pgliteTemplate();
            return openDatabase({ kind: "pglite", dataDir: "memory://" }, { migrate: migrates, loadDataDir });
          })();
          return shared.then((db) => ({ ...db, close: async () => {} }));
        }
        return shared.then(async (db) => {
          if (migrates) await migrate(db.sql); // nothing to do where an open before migrated
          return { ...db, timescale: await timescaleEnabled(db.sql), close: async () => {} };
        });
      },
      async drop() {
        if (shared) await (await shared).close();
      },
    };
  }
  // LEVEE_TEST_DB_PREFIX, when set, names whose databases these are on a shared server.
  const name = `${process.env.LEVEE_TEST_DB_PREFIX ?? "levee_t_"}${randomBytes(6).toString("hex")}`;
  await createPostgresDatabase(name, { fresh });
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

/**
 * A dump of an in-memory PGlite with every migration applied, kept in the temporary folder under
 * a name that hashes the migrations, the migration runner, PGlite's version (with its TimescaleDB)
 * and this file, which makes it (any change makes a new one). Made once by whichever suite comes first (written beside, then renamed: a suite never
 * reads half a file; two making it at once both write whole files); a file that cannot be written
 * leaves the suites the dump in memory. Another's (~30 MB) is removed once unused for a day: each
 * use touches it, and checkouts with other migrations running on the same machine at the same
 * time would otherwise remove each other's and rebuild it in every suite.
 * Opened from it, migrate() finds every migration applied (checksums checked) and runs none.
 */
let template: Promise<Blob> | undefined;
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const require = createRequire(import.meta.url);
    const hash = migrationsHash();
    // Its package.json is not exported: read beside its entry (dist/index.cjs). Its version names
    // the TimescaleDB build too, which ships inside the package.
    hash.update(readFileSync(join(dirname(require.resolve("@electric-sql/pglite")), "..", "package.json")));
    // And this file, which decides how the dump's PGlite is made: unlike a server, whose TimescaleDB
    // comes and goes (postgres-template.ts keys on it), PGlite here always loads the extension,
    // and only a change to the code below could make a dump without it.
    hash.update(readFileSync(new URL(import.meta.url)));
    const prefix = "levee-pglite-template-";
    const path = join(tmpdir(), `${prefix}${hash.digest("hex").slice(0, 16)}.tar`);
    try {
      const dump = new Blob([readFileSync(path)]);
      try {
        utimesSync(path, new Date(), new Date()); // in use: not another checkout's to remove
      } catch {}
      return dump;
    } catch {}
    const db = await PGlite.create("memory://", { extensions: { timescaledb } });
    try {
      await db.exec("LOAD 'timescaledb'"); // as openDatabase does
      await migrate(sqlClientFromPGlite(db));
      const dump = await db.dumpDataDir("none");
      const dayAgo = Date.now() - 24 * 3600_000;
      for (const name of readdirSync(tmpdir())) {
        const other = join(tmpdir(), name);
        if (!name.startsWith(prefix) || other === path) continue;
        try {
          if (statSync(other).mtimeMs < dayAgo) rmSync(other, { force: true });
        } catch {} // removed meanwhile, or another user's
      }
      const partial = `${path}.${process.pid}.tmp`;
      try {
        writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
        renameSync(partial, path);
      } catch {
        rmSync(partial, { force: true });
      }
      return dump;
    } finally {
      await db.close();
    }
  })();
  return template;
}

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { waitFor } from "../../agent/test/support/api-process.ts";
import type { Config } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrate, readMigrations } from "../src/db/migrate.ts";
import { STAGING } from "../src/db/pglite-folder.ts";
import { createTestDatabase, engines } from "./databases.ts";

const dbModule = resolve(import.meta.dirname, "../src/db/database.ts");
const migrateModule = resolve(import.meta.dirname, "../src/db/migrate.ts");

/** A migration that creates a table, then runs long enough to be killed inside. */
const slow = (sleepSeconds: number) => {
  const sql = `CREATE TABLE crash_probe (id int); SELECT pg_sleep(${sleepSeconds});`;
  return { name: "99990101000000_crash_probe", sql, checksum: String(sleepSeconds).padStart(64, "0") };
};

/**
 * A process killed (SIGKILL) in the middle of a migration: the next start opens the database,
 * finds that migration not applied and nothing of it left behind, and applies it.
 */
for (const engine of engines) {
  describe(`a crash during a migration (${engine})`, () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    after(async () => {
      for (const cleanup of cleanups) await cleanup();
    });

    test("SIGKILL mid-migration leaves a database the next start completes", async () => {
      // PostgreSQL's backend outlives its killed client until the statement ends, holding the
      // migration lock, so the next start waits out the sleep: 10 s there (the kill comes once the
      // server shows the statement running); in-process PGlite dies with the child.
      const sleepSeconds = engine === "postgres" ? 10 : 60;
      let config: Config["database"];
      if (engine === "pglite") {
        const dir = await mkdtemp(join(tmpdir(), "levee-migration-crash-"));
        cleanups.push(() => rm(dir, { recursive: true, force: true }));
        config = { kind: "pglite", dataDir: join(dir, "data") };
      } else {
        const database = await createTestDatabase("postgres", { fresh: true });
        cleanups.push(() => database.drop());
        config = database.config;
      }
      const script = `
        import { openDatabase } from ${JSON.stringify(dbModule)};
        import { migrate, readMigrations } from ${JSON.stringify(migrateModule)};
        const db = await openDatabase(${JSON.stringify(config)});
        process.stdout.write("migrating\\n");
        await migrate(db.sql, [...readMigrations(), ${JSON.stringify(slow(sleepSeconds))}]);`;
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const exited = new Promise((done) => child.once("exit", done));
      cleanups.push(async () => {
        child.kill("SIGKILL");
        await exited;
      });
      await waitFor(() => output.includes("migrating") || child.exitCode !== null, 120_000, "the child");
      assert.equal(child.exitCode, null, output);
      if (config.kind === "postgres") {
        // Killed while the migration's statement runs (seen from the server), not before.
        const probe = await openDatabase(config, { migrate: false });
        try {
          await waitFor(
            async () =>
              (
                await probe.sql.query<{ n: number }>(
                  "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%crash_probe%' AND pid <> pg_backend_pid()",
                )
              )[0]?.n,
            60_000,
            "the slow migration to run",
          );
        } finally {
          await probe.close();
        }
      } else {
        // The embedded engine runs in the child: give it a moment to enter the long statement.
        await new Promise((r) => setTimeout(r, 2000));
      }
      child.kill("SIGKILL");
      await exited;

      const reopened = await openDatabase(config);
      try {
        const [probe] = await reopened.sql.query<{ found: boolean }>(
          "SELECT to_regclass('crash_probe') IS NOT NULL AS found",
        );
        assert.equal(probe?.found, false, "nothing of the killed migration is left");
        const names = await reopened.sql.query<{ migration_name: string }>(
          `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
        );
        assert.deepEqual(
          names.map((n) => n.migration_name),
          readMigrations().map((m) => m.name),
        );
        const fast = { ...slow(0), checksum: slow(sleepSeconds).checksum };
        assert.deepEqual(await migrate(reopened.sql, [...readMigrations(), fast]), [fast.name]);
      } finally {
        await reopened.close();
      }
    });
  });
}

/**
 * The first start killed while PGlite makes its cluster (a new user's Ctrl-C a few seconds into the
 * first `npm start`): the folder it leaves is not taken for a cluster, and the next start works.
 * Before, initdb's early PG_VERSION made every later start fail ("language plpgsql does not exist").
 */
describe("a first start killed during initdb (pglite)", () => {
  test("SIGKILL once initdb has begun: the next start makes the cluster again and migrates", async () => {
    const dir = await mkdtemp(join(tmpdir(), "levee-initdb-crash-"));
    try {
      const config: Config["database"] = { kind: "pglite", dataDir: join(dir, "data") };
      const script = `
        import { openDatabase } from ${JSON.stringify(dbModule)};
        await openDatabase(${JSON.stringify(config)});`;
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stderr.on("data", (chunk) => (output += chunk));
      const exited = new Promise((done) => child.once("exit", done));
      // Killed as soon as initdb has written PG_VERSION (at the top before the fix, in the staging
      // folder since): initdb has begun and has not finished.
      const begun = () =>
        [config.dataDir, join(config.dataDir, STAGING)].some((d) => existsSync(join(d, "PG_VERSION")));
      await waitFor(() => begun() || child.exitCode !== null, 120_000, "initdb to begin");
      child.kill("SIGKILL");
      await exited;
      assert.ok(begun(), `the child ended before initdb began: ${output}`);

      const reopened = await openDatabase(config);
      try {
        const [plpgsql] = await reopened.sql.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_language WHERE lanname = 'plpgsql'",
        );
        assert.equal(plpgsql?.n, 1);
        const names = await reopened.sql.query<{ migration_name: string }>(
          `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
        );
        assert.deepEqual(
          names.map((n) => n.migration_name),
          readMigrations().map((m) => m.name),
        );
      } finally {
        await reopened.close();
      }
      assert.equal(existsSync(join(config.dataDir, STAGING)), false, "the staging folder is gone");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

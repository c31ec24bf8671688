import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { repoRoot } from "../config.ts";
import type { SqlClient } from "./sql-client.ts";

export const migrationsDir = resolve(repoRoot, "prisma", "migrations");

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** prisma/migrations/<timestamp>_<name>/migration.sql, in name order (as `prisma migrate deploy` reads them). */
export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// Same table and columns as Prisma's own migrator, so `prisma migrate deploy` and this runner agree.
const LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;
const LOCK_KEY = 72707369; // the advisory lock key Prisma's migrator uses

/**
 * Migration folders renamed after some database had applied them (old name → new name; same file).
 * The ledger holds names, so a database that ran the old name would run the renamed file again:
 * its CREATE fails and stops every start, or an UPDATE/INSERT runs twice. Before migrating, an
 * applied old name is rewritten to the new one in the ledger, under the migration lock: it counts
 * as applied (its checksum still checked) and the ledger then reads as a fresh database's does, for
 * `prisma migrate deploy` too. A rename of an applied migration needs a line here.
 */
export const RENAMED_MIGRATIONS: Readonly<Record<string, string>> = {
  "20261130150000_h_e2e_open_incident": "20261130150000_open_incident_in_one_call",
  "20261205130000_incident_trigger_peaks": "20261205125000_incident_trigger_peaks",
  "20261205130000_node_sampled_interface": "20261205131000_node_sampled_interface",
};

export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Applies pending migrations, each in its own transaction (a crash or a failing statement rolls
 * back only that migration; the ones before it stay applied and the next start resumes there).
 * Each transaction takes an advisory lock and re-reads the ledger, so several API instances
 * starting together apply each migration once. A migration applied under a name it had before a
 * rename (RENAMED_MIGRATIONS) counts as applied. Refuses to run when an applied migration's file
 * has changed or a previous attempt (of another tool) was left half-way.
 */
export async function migrate(sql: SqlClient, migrations = readMigrations()): Promise<string[]> {
  if (await allApplied(sql, migrations)) return [];
  await sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await tx.exec(LEDGER);
    await recordRenames(tx);
  });
  const done: string[] = [];
  for (const migration of migrations) {
    const applied = await sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
      await tx.exec(LEDGER);
      const previous = await checkLedger(tx, migration);
      if (previous) return false;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      return true;
    });
    if (applied) done.push(migration.name);
  }
  return done;
}

/**
 * One read instead of a locked transaction per migration on every start: true when the ledger
 * holds each migration, finished, with its checksum. Anything else (a fresh database, a pending,
 * changed or unfinished migration) goes the careful way, which applies or refuses as before.
 */
async function allApplied(sql: SqlClient, migrations: Migration[]): Promise<boolean> {
  const [ledger] = await sql.query<{ present: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
  );
  if (!ledger?.present) return false;
  const rows = await sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  if (rows.some((row) => !row.finished_at)) return false;
  const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  return migrations.every((migration) => applied.get(migration.name) === migration.checksum);
}

/** Rewrites applied old names of RENAMED_MIGRATIONS to their new names (unless the new one is there too). */
async function recordRenames(tx: SqlClient): Promise<void> {
  for (const [oldName, newName] of Object.entries(RENAMED_MIGRATIONS)) {
    await tx.query(
      `UPDATE "_prisma_migrations" SET migration_name = $2
        WHERE migration_name = $1
          AND NOT EXISTS (SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $2)`,
      [oldName, newName],
    );
  }
}

/** Whether `migration` is applied already; throws on a changed file or an unfinished attempt. */
async function checkLedger(tx: SqlClient, migration: Migration): Promise<boolean> {
  const rows = await tx.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const unfinished = rows.find((row) => !row.finished_at);
  if (unfinished) {
    throw new MigrationError(
      `migration ${unfinished.migration_name} started but never finished; resolve it by hand`,
    );
  }
  const previous = rows.find((row) => row.migration_name === migration.name);
  if (previous && previous.checksum !== migration.checksum) {
    throw new MigrationError(`migration ${migration.name} was changed after it was applied`);
  }
  return Boolean(previous);
}

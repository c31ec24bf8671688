// `npm run db:migrate`: applies pending SQL migrations to the configured database
// (DATABASE_URL, or the embedded PGlite data folder) and reports what ran.
import { ConfigError, loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";

try {
  const config = loadConfig();
  const database = await openDatabase(config.database, { migrate: false });
  const applied = await migrate(database.sql);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  console.log(`engine: ${database.engine}, timescaledb: ${database.timescale ? "enabled" : "not available"}`);
  await database.close();
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message}`,
  );
  process.exit(1);
}

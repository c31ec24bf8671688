#!/usr/bin/env node
// Runs `prisma generate` (Prisma client + Pothos types into api/src/generated).
// Generate never executes the schema engine, but the CLI tries to download it when
// it is missing, which fails on machines without internet. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that download; we only do
// so when the operator has not set it. Migrations are applied by api/src/db/migrate.ts.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeStamp } from "./prisma-client-stamp.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
env.PATH = `${join(root, "node_modules", ".bin")}:${env.PATH ?? ""}`;
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

const result = spawnSync(join(root, "node_modules", ".bin", "prisma"), ["generate"], {
  cwd: root,
  env,
  stdio: "inherit",
});
if (result.error) {
  console.error(`prisma generate could not start: ${result.error.message}`);
  process.exit(1);
}
// The schema this client was generated from, so `npm start` can tell a stale one (prisma-client-stamp.mjs).
if (result.status === 0) writeStamp(root);
process.exit(result.status ?? 1);

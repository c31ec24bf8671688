#!/usr/bin/env node
// One `node --test` run over every *.test.ts of the given packages (all when none given),
// so a single summary counts unit, integration and e2e suites together.
// Usage: node scripts/run-tests.mjs [api|web|agent|packages|scripts ...] [--filter substring]
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const filterAt = args.indexOf("--filter");
const filter = filterAt >= 0 ? args.splice(filterAt, 2)[1] : undefined;
const packages = args.length > 0 ? args : ["scripts", "packages", "api", "agent", "web"];
const skip = new Set(["node_modules", ".next", "generated", ".turbo", ".levee"]);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const files = packages
  .flatMap((pkg) => collect(join(root, pkg), []))
  .map((file) => relative(root, file))
  .filter((file) => !filter || file.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no test files found in ${packages.join(", ")}${filter ? ` matching ${filter}` : ""}`);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
process.exit(result.status ?? 1);

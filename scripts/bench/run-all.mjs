#!/usr/bin/env node
// npm run bench: every bench:* script of the root package.json, one after another.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const { scripts } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
let failed = 0;
for (const name of Object.keys(scripts)
  .filter((n) => n.startsWith("bench:"))
  .sort()) {
  console.log(`\n=== npm run ${name}`);
  const result = spawnSync("npm", ["run", "--silent", name], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

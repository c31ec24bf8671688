import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

it("the committed schema.graphql matches the Pothos schema (run `npm run schema` when this fails)", () => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "api/scripts/print-schema.ts", "--check"], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(result.status, 0, result.stderr || result.stdout);
});

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  clientFileOf,
  clientIsCurrent,
  schemaFileOf,
  stampFileOf,
  writeStamp,
} from "./prisma-client-stamp.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("the generated Prisma client's stamp", () => {
  it("is current once generated, stale after the schema changes, and stale when missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "levee-stamp-"));
    try {
      mkdirSync(dirname(schemaFileOf(dir)), { recursive: true });
      mkdirSync(dirname(stampFileOf(dir)), { recursive: true });
      mkdirSync(dirname(clientFileOf(dir)), { recursive: true });
      writeFileSync(clientFileOf(dir), "export {};\n");
      writeFileSync(schemaFileOf(dir), "model Node { id String @id }\n");
      assert.equal(clientIsCurrent(dir), false, "never generated");
      writeStamp(dir);
      assert.equal(clientIsCurrent(dir), true);
      // What a `git pull` bringing a migration's new column does to the schema.
      writeFileSync(schemaFileOf(dir), "model Node { id String @id\n  name String? }\n");
      assert.equal(clientIsCurrent(dir), false, "schema changed since");
      writeStamp(dir);
      assert.equal(clientIsCurrent(dir), true);
      // The client removed (e.g. `rm -rf api/src/generated/prisma`) while the stamp stayed.
      rmSync(dirname(clientFileOf(dir)), { recursive: true });
      assert.equal(clientIsCurrent(dir), false, "no client, whatever the stamp says");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is written by `npm run db:generate` (and so by npm ci's postinstall) for this checkout", () => {
    // npm test runs after npm ci: a generate that no longer stamped would make every `npm start`
    // generate again.
    assert.equal(clientIsCurrent(root), true);
  });
});

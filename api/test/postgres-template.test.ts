import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  migrationsHash,
  type TemplateServer,
  templateName,
  templateServer,
  withAdmin,
} from "./postgres-template.ts";

const plain: TemplateServer = { timescaledbVersion: null, preloadLibraries: "" };

describe("the PostgreSQL test template's name", () => {
  it("differs where the server would give the migrations another shape", () => {
    const names = [
      plain,
      { timescaledbVersion: "2.17.2", preloadLibraries: "" }, // installed, not preloaded: enabling fails
      { timescaledbVersion: "2.17.2", preloadLibraries: "timescaledb" },
      { timescaledbVersion: "2.18.0", preloadLibraries: "timescaledb" },
    ].map((server) => templateName(migrationsHash(), server));
    assert.equal(new Set(names).size, names.length, names.join(" "));
  });

  it("is the same for the same migrations on the same server, and leaves the migrations' hash as it was", () => {
    const migrations = migrationsHash();
    const name = templateName(migrations, plain);
    assert.equal(templateName(migrations, plain), name);
    assert.equal(templateName(migrationsHash(), { ...plain }), name);
    assert.match(name, /^levee_tpl_[0-9a-f]{16}$/);
    assert.notEqual(templateName(createHash("sha256").update("other migrations"), plain), name);
  });

  it("reads from the server what the first migration reads: the version pg_available_extensions offers", async () => {
    await withAdmin(async (client) => {
      const server = await templateServer(client);
      const { rows } = await client.query<{ default_version: string }>(
        "SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'",
      );
      assert.equal(server.timescaledbVersion, rows[0]?.default_version ?? null);
      const preload = await client.query<{ setting: string }>(
        "SELECT current_setting('shared_preload_libraries') AS setting",
      );
      assert.equal(server.preloadLibraries, preload.rows[0]?.setting);
    });
  });
});

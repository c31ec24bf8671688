import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, type Engine, engines, type TestDatabase } from "../../test/databases.ts";
import type { Database } from "./database.ts";
import { MigrationError, migrate, readMigrations } from "./migrate.ts";

for (const engine of engines) {
  describe(`database on ${engine}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    before(async () => {
      testDb = await createTestDatabase(engine as Engine);
      db = await testDb.open();
    });
    after(async () => {
      await db.close();
      await testDb.drop();
    });

    it("records every migration in _prisma_migrations", async () => {
      const rows = await db.sql.query<{ migration_name: string; finished_at: Date | null }>(
        `SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      assert.deepEqual(
        rows.map((r) => r.migration_name),
        readMigrations().map((m) => m.name),
      );
      assert.ok(rows.every((r) => r.finished_at));
    });

    it("is idempotent: a second run applies nothing", async () => {
      assert.deepEqual(await migrate(db.sql), []);
    });

    it("refuses a migration whose file changed after it was applied", async () => {
      const [first, ...rest] = readMigrations();
      assert.ok(first);
      await assert.rejects(
        migrate(db.sql, [{ ...first, checksum: "0".repeat(64) }, ...rest]),
        MigrationError,
      );
    });

    it("matches the Prisma schema: every model reads and writes through Prisma", async () => {
      const p = db.prisma;
      const ws = await p.workspace.create({ data: { slug: `w-${engine}`, name: "W" } });
      const user = await p.user.create({ data: { email: `${engine}@x.test`, name: "U", passwordHash: "x" } });
      await p.membership.create({ data: { workspaceId: ws.id, userId: user.id, role: "OWNER" } });
      const node = await p.node.create({
        data: { workspaceId: ws.id, name: "n1", labels: { region: "fra" }, ownedPrefixes: ["192.0.2.0/24"] },
      });
      await p.apiKey.create({
        data: {
          workspaceId: ws.id,
          name: "k",
          kind: "AGENT",
          prefix: "p1",
          keyHash: "h1",
          scopes: [],
          nodeId: node.id,
        },
      });
      await p.enrollmentToken.create({
        data: { workspaceId: ws.id, prefix: "e1", tokenHash: "t1", expiresAt: new Date(Date.now() + 1000) },
      });
      await p.invitation.create({
        data: {
          workspaceId: ws.id,
          email: "i@x.test",
          role: "READONLY",
          tokenHash: "i1",
          expiresAt: new Date(),
        },
      });
      await p.session.create({ data: { userId: user.id, tokenHash: "s1", expiresAt: new Date() } });
      await p.auditLog.create({
        data: {
          chain: "system",
          seq: 1,
          actorType: "SYSTEM",
          actorLabel: "test",
          action: "test",
          createdAt: new Date(),
          prevHash: "0",
          hash: "1",
        },
      });
      const loaded = await p.workspace.findUniqueOrThrow({
        where: { id: ws.id },
        include: {
          memberships: true,
          nodes: { include: { apiKey: true } },
          enrollmentTokens: true,
          invitations: true,
        },
      });
      assert.equal(loaded.nodes[0]?.apiKey?.prefix, "p1");
      assert.deepEqual(loaded.nodes[0]?.labels, { region: "fra" });
      assert.deepEqual(loaded.nodes[0]?.ownedPrefixes, ["192.0.2.0/24"]);
      assert.equal(await p.session.count(), 1);
      assert.equal(await p.auditLog.count(), 1);
    });

    it(`reports TimescaleDB ${engine === "pglite" ? "enabled" : "as the server offers it"}`, async () => {
      const [row] = await db.sql.query<{ available: boolean }>(
        "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS available",
      );
      assert.equal(db.timescale, engine === "pglite" ? true : Boolean(row?.available) && db.timescale);
      if (engine === "pglite") assert.equal(db.timescale, true);
    });
  });
}

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, type Engine, engines, type TestDatabase } from "../../test/databases.ts";
import type { Database } from "./database.ts";
import { MigrationError, migrate, RENAMED_MIGRATIONS, readMigrations } from "./migrate.ts";
import { prepared } from "./sql-client.ts";

for (const engine of engines) {
  describe(`database on ${engine}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    before(async () => {
      // Fresh: these tests are about migrating an empty database (the other suites start from a template).
      testDb = await createTestDatabase(engine as Engine, { fresh: true });
      db = await testDb.open();
    });
    after(async () => {
      await db.close();
      await testDb.drop();
    });

    it("tryExclusive runs one holder of a key at a time and answers the others at once, not waiting", async () => {
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      let release!: (value: string) => void;
      const first = db.tryExclusive("test:key", () => {
        entered();
        return new Promise<string>((resolve) => {
          release = resolve;
        });
      });
      await inside;
      assert.deepEqual(await db.tryExclusive("test:key", async () => "second"), { ran: false });
      assert.deepEqual(await db.tryExclusive("test:other", async () => "other"), {
        ran: true,
        value: "other",
      });
      release("first");
      assert.deepEqual(await first, { ran: true, value: "first" });
      // Let go when its holder ended, a throw included.
      await assert.rejects(
        db.tryExclusive("test:key", async () => Promise.reject(new Error("boom"))),
        /boom/,
      );
      assert.deepEqual(await db.tryExclusive("test:key", async () => "again"), { ran: true, value: "again" });
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

    it("applies each migration once when two processes start on an empty database at once", async (t) => {
      // One PGlite has one connection (one process per data folder): nothing to race there.
      if (engine === "pglite") return t.skip("one process per embedded data folder");
      const empty = await createTestDatabase("postgres", { fresh: true });
      const [a, b] = [await empty.open({ migrate: false }), await empty.open({ migrate: false })];
      try {
        const runs = await Promise.all([migrate(a.sql), migrate(b.sql)]);
        const names = readMigrations().map((m) => m.name);
        // Each migration is taken under the lock in turn, so the two may share the work: never a
        // migration twice, none left out.
        assert.deepEqual(runs.flat().sort(), names);
        const rows = await a.sql.query<{ migration_name: string }>(
          `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
        );
        assert.deepEqual(
          rows.map((r) => r.migration_name),
          names,
        );
      } finally {
        await a.close();
        await b.close();
        await empty.drop();
      }
    });

    it("a migration applied under its name before a rename is not run again, and is recorded under the new name", async () => {
      const names = readMigrations().map((m) => m.name);
      const renames = Object.entries(RENAMED_MIGRATIONS);
      for (const [oldName, newName] of renames) {
        assert.ok(names.includes(newName), `${newName} is a migration folder`);
        assert.ok(!names.includes(oldName), `${oldName} is no longer one`);
        // As a database migrated before the rename has it.
        await db.sql.query(`UPDATE "_prisma_migrations" SET migration_name = $1 WHERE migration_name = $2`, [
          oldName,
          newName,
        ]);
      }
      assert.deepEqual(await migrate(db.sql), [], "nothing runs again");
      const rows = await db.sql.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      assert.deepEqual(
        rows.map((r) => r.migration_name),
        names,
      );
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
      const ts = new Date();
      await p.trafficSample.create({
        data: {
          nodeId: node.id,
          ts,
          interface: "eth0",
          ...{ rxPps: 1, rxBps: 8, txPps: 1, txBps: 8, tcpPps: 1, udpPps: 0, icmpPps: 0, otherPps: 0 },
          ...{ synRecv: 0, tcpEstablished: 1, tcpTotal: 1, capture: { packets: 1 } },
        },
      });
      await p.nodeBaseline.create({
        data: { nodeId: node.id, metric: "PPS", samples: 1, avg: 1, p95: 1, p99: 1, updatedAt: ts },
      });
      await p.nodeThresholdOverride.create({ data: { nodeId: node.id, metric: "UDP_PPS", threshold: 5 } });
      const attack = await p.attack.create({ data: { workspaceId: ws.id, startedAt: ts } });
      await p.incident.create({
        data: {
          workspaceId: ws.id,
          nodeId: node.id,
          attackId: attack.id,
          severity: "HIGH",
          startedAt: ts,
          lastAttackAt: ts,
          peakPps: 1,
          peakBps: 8,
          triggerMetrics: ["PPS", "UDP_PPS"],
          thresholds: {},
        },
      });
      const withTelemetry = await p.node.findUniqueOrThrow({
        where: { id: node.id },
        include: {
          baselines: true,
          thresholdOverrides: true,
          incidents: { include: { attack: true } },
        },
      });
      // Samples have no relation to their node (no foreign key: telemetry-purge.ts).
      const samples = await p.trafficSample.findMany({ where: { nodeId: node.id } });
      assert.equal(samples[0]?.ts.getTime(), ts.getTime());
      assert.deepEqual(samples[0]?.capture, { packets: 1 });
      assert.equal(withTelemetry.baselines.length, 1);
      assert.equal(withTelemetry.thresholdOverrides[0]?.metric, "UDP_PPS");
      assert.deepEqual(withTelemetry.incidents[0]?.triggerMetrics, ["PPS", "UDP_PPS"]);
      assert.equal(withTelemetry.incidents[0]?.attack.id, attack.id);
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

    it("has the telemetry relations on either engine (hypertable and continuous aggregates, or tables)", async () => {
      const relations = await db.sql.query<{ relname: string }>(
        `SELECT relname FROM pg_class WHERE relname IN
           ('traffic_sample', 'traffic_1m', 'traffic_1h', 'node_status_1m', 'node_status_1d',
            'connection_1m', 'connection_1h', 'listen_queue_1m', 'listen_queue_1h') ORDER BY relname`,
      );
      assert.deepEqual(
        relations.map((r) => r.relname),
        [
          "connection_1h",
          "connection_1m",
          "listen_queue_1h",
          "listen_queue_1m",
          "node_status_1d",
          "node_status_1m",
          "traffic_1h",
          "traffic_1m",
          "traffic_sample",
        ],
      );
      if (!db.timescale) return;
      const hypertables = await db.sql.query<{ hypertable_name: string; compression_enabled: boolean }>(
        "SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables",
      );
      assert.deepEqual(
        hypertables.find((h) => h.hypertable_name === "traffic_sample"),
        { hypertable_name: "traffic_sample", compression_enabled: true },
      );
      const caggs = await db.sql.query<{ view_name: string }>(
        "SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY view_name",
      );
      assert.deepEqual(
        caggs.map((c) => c.view_name),
        [
          "connection_1h",
          "connection_1m",
          "listen_queue_1h",
          "listen_queue_1m",
          "node_status_1d",
          "node_status_1m",
          "traffic_1h",
          "traffic_1m",
        ],
      );
    });

    it("updates an agent's key and node without touching their indexes (room left on each page)", async () => {
      const [workspace] = await db.sql.query<{ id: string }>(
        "INSERT INTO workspace (id, slug, name, updated_at) VALUES (gen_random_uuid(), $1, 'Hot', now()) RETURNING id",
        [`hot-${engine}`],
      );
      // Enough rows for several pages, written as enrolment writes them (each at the end of the table).
      await db.sql.query(
        `WITH n AS (
           INSERT INTO node (id, workspace_id, name, updated_at)
           SELECT gen_random_uuid(), $1, 'hot-' || g, now() FROM generate_series(1, 300) g RETURNING id, name
         )
         INSERT INTO api_key (id, workspace_id, name, kind, prefix, key_hash, scopes, node_id)
         SELECT gen_random_uuid(), $1, n.name, 'AGENT', 'hot_' || n.name, md5(n.name) || md5(n.id::text), '{}', n.id FROM n`,
        [workspace?.id],
      );
      // The counters of this transaction's own updates (pg_stat_get_xact_*): read in it, nothing to wait for.
      const hot = await db.sql.transaction(async (tx) => {
        await tx.query("UPDATE api_key SET last_used_at = now() WHERE workspace_id = $1", [workspace?.id]);
        await tx.query("UPDATE node SET status = 'ONLINE', last_seen_at = now() WHERE workspace_id = $1", [
          workspace?.id,
        ]);
        const [row] = await tx.query<{ keys: number; nodes: number }>(
          `SELECT pg_stat_get_xact_tuples_hot_updated('api_key'::regclass)::int AS keys,
                  pg_stat_get_xact_tuples_hot_updated('node'::regclass)::int AS nodes`,
        );
        return row;
      });
      // At 100 % fill none was (each new version went to another page, with an entry in every index).
      // Here a page's last few node rows may not fit: every row of the page has a new version in
      // one transaction, so none of the old ones can be pruned yet.
      assert.equal(hot?.keys, 300);
      assert.ok((hot?.nodes ?? 0) >= 270, `${hot?.nodes} of 300 node updates were HOT`);
    });

    it("runs a prepared statement by its text, parsed once per connection", async () => {
      const statement = prepared("SELECT $1::int + 1 AS next");
      assert.notEqual(
        statement.name,
        prepared("SELECT $1::int + 2 AS next").name,
        "each text has its own name",
      );
      const counts = await db.sql.transaction(async (tx) => {
        const answers = [await tx.query(statement, [1]), await tx.query(statement, [41])];
        const rows = await tx.query<{ plans: number }>(
          "SELECT (generic_plans + custom_plans)::int AS plans FROM pg_prepared_statements WHERE name = $1",
          [statement.name],
        );
        return { answers, statement: rows };
      });
      assert.deepEqual(counts.answers, [[{ next: 2 }], [{ next: 42 }]]);
      // PGlite runs the text unnamed; PostgreSQL keeps one statement for the connection, planned
      // for both calls (parsed once).
      assert.deepEqual(counts.statement, engine === "postgres" ? [{ plans: 2 }] : []);
    });

    it("destroys a connection whose prepared statement no longer matches its table", async (t) => {
      if (engine === "pglite") return t.skip("PGlite runs statements unnamed");
      await db.sql.query("CREATE TABLE prepared_probe (v int)");
      await db.sql.query("INSERT INTO prepared_probe VALUES (1)");
      const read = prepared("SELECT v FROM prepared_probe");
      assert.deepEqual(await db.sql.transaction((tx) => tx.query(read)), [{ v: 1 }]);
      // A newer process's migration changes the type of the column the statement returns.
      await db.sql.query("ALTER TABLE prepared_probe ALTER COLUMN v TYPE bigint");
      await assert.rejects(
        db.sql.transaction((tx) => tx.query(read)),
        /cached plan must not change result type/,
      );
      // The pool hands out its most recently released connection first: had the broken one gone
      // back, this would fail the same way.
      assert.deepEqual(await db.sql.transaction((tx) => tx.query(read)), [{ v: "1" }]);
    });

    it("a failing migration rolls back alone: the ones before it stay, and the next run resumes after them", async () => {
      const probe = (suffix: string, sql: string) => ({
        name: `99990101000000_restart_probe_${suffix}`,
        sql,
        checksum: suffix.repeat(64).slice(0, 64),
      });
      const before = probe("a", "CREATE TABLE restart_probe_a (id int)");
      const failing = probe("b", "CREATE TABLE restart_probe_b (id int); SELECT 1 / 0");
      await assert.rejects(
        migrate(db.sql, [...readMigrations(), before, failing]),
        /restart_probe_b failed: division by zero/,
      );
      const exists = async (relation: string) =>
        (await db.sql.query<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [relation]))[0]
          ?.found;
      assert.equal(await exists("restart_probe_a"), true, "the migration before it stays applied");
      assert.equal(await exists("restart_probe_b"), false, "the failing one left nothing behind");
      const fixed = probe("c", "CREATE TABLE restart_probe_b (id int)");
      assert.deepEqual(
        await migrate(db.sql, [...readMigrations(), before, { ...fixed, name: failing.name }]),
        [failing.name],
      );
      assert.equal(await exists("restart_probe_b"), true);
    });
  });
}

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { type ChainedEntry, ChainVerifier } from "../src/audit/audit-chain.ts";
import { appendAudit } from "../src/audit/audit-recorder.ts";
import type { Database } from "../src/db/database.ts";
import { OnlineBatch } from "../src/detection/online-batch.ts";
import { createLogger } from "../src/logging/logger.ts";
import { createTestDatabase, engines, type TestDatabase } from "./databases.ts";

/**
 * Nodes coming online are stored ONLINE in batches, one transaction and one audit entry per
 * workspace per batch (online-batch.ts, plain SQL): the entry names the nodes that changed with
 * their status before, a node already ONLINE is stored but not audited, a node asked for under
 * another workspace is left alone, and the chain (also written through Prisma by every other
 * writer) verifies.
 */
for (const engine of engines) {
  describe(`nodes marked ONLINE in batches (${engine})`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let batch: OnlineBatch;
    const workspaces = [randomUUID(), randomUUID()] as const;
    const nodes: { id: string; name: string; workspaceId: string }[] = [];

    before(async () => {
      testDb = await createTestDatabase(engine);
      db = await testDb.open({ migrate: true });
      for (const id of workspaces)
        await db.prisma.workspace.create({ data: { id, slug: `w-${id.slice(0, 8)}`, name: "W" } });
      for (let i = 0; i < 6; i++) {
        const workspaceId = i < 5 ? workspaces[0] : workspaces[1];
        const status = i === 0 ? "ONLINE" : i === 1 ? "PENDING" : "OFFLINE";
        const node = await db.prisma.node.create({ data: { workspaceId, name: `n${i}`, status } });
        nodes.push({ id: node.id, name: node.name, workspaceId });
      }
      // An entry written through Prisma first: both writers extend one chain.
      await appendAudit(db.prisma as never, { type: "SYSTEM", id: null, label: "test" }, null, {
        action: "workspace.create",
        workspaceId: workspaces[0],
      });
      batch = new OnlineBatch({ database: db, logger: createLogger("silent") });
    });

    after(async () => {
      await db?.close();
      await testDb?.drop();
    });

    const chain = async (workspaceId: string) =>
      db.sql.query<ChainedEntry>(
        `SELECT id, chain, seq, workspace_id AS "workspaceId", actor_type AS "actorType", actor_id AS "actorId",
                actor_label AS "actorLabel", action, target_type AS "targetType", target_id AS "targetId",
                summary, ip, created_at AS "createdAt", prev_hash AS "prevHash", hash
           FROM audit_log WHERE chain = $1 ORDER BY seq`,
        [`ws:${workspaceId}`],
      );

    it("stores a workspace's nodes ONLINE together under one entry naming those that changed", async () => {
      const [ws0] = workspaces;
      const mine = nodes.filter((n) => n.workspaceId === ws0);
      const stranger = nodes[5] as (typeof nodes)[number];
      const answers = await Promise.all([
        ...mine.map((n) => batch.admit(n.id, ws0)),
        // Asked for under the wrong workspace: not this workspace's node, nothing is changed.
        batch.admit(stranger.id, ws0),
      ]);
      assert.deepEqual(answers, [false, true, true, true, true, false]);
      const stored = await db.sql.query<{ id: string; status: string; last_seen_at: Date | null }>(
        "SELECT id, status::text AS status, last_seen_at FROM node",
      );
      const statusOf = new Map(stored.map((r) => [r.id, r]));
      for (const n of mine) {
        assert.equal(statusOf.get(n.id)?.status, "ONLINE", n.name);
        assert.ok(statusOf.get(n.id)?.last_seen_at, `${n.name} has lastSeenAt`);
      }
      assert.equal(statusOf.get(stranger.id)?.status, "OFFLINE", "the other workspace's node is untouched");

      const entries = await chain(ws0);
      assert.deepEqual(
        entries.map((e) => e.action),
        ["workspace.create", "node.agent-online"],
      );
      const entry = entries[1] as ChainedEntry;
      assert.deepEqual([entry.targetType, entry.targetId, entry.actorType], ["Workspace", ws0, "SYSTEM"]);
      const summary = entry.summary as {
        count: number;
        nodes: { id: string; name: string; before: string }[];
      };
      assert.equal(summary.count, 4);
      assert.deepEqual(summary.nodes.map((n) => [n.name, n.before]).sort(), [
        ["n1", "PENDING"],
        ["n2", "OFFLINE"],
        ["n3", "OFFLINE"],
        ["n4", "OFFLINE"],
      ]);
      const verifier = new ChainVerifier();
      verifier.feed(entries);
      assert.deepEqual(verifier.verdict(), { valid: true, checked: 2 });
    });

    it("audits one node alone against the node, and nothing for a node already ONLINE", async () => {
      const [ws0, ws1] = workspaces;
      const stranger = nodes[5] as (typeof nodes)[number];
      const [again, alone] = await Promise.all([
        batch.admit((nodes[2] as (typeof nodes)[number]).id, ws0),
        batch.admit(stranger.id, ws1),
      ]);
      assert.deepEqual([again, alone], [false, true]);
      assert.equal((await chain(ws0)).length, 2, "no entry for a node already ONLINE");
      const entries = await chain(ws1);
      assert.equal(entries.length, 1);
      const entry = entries[0] as ChainedEntry;
      assert.deepEqual([entry.targetType, entry.targetId], ["Node", stranger.id]);
      assert.deepEqual(entry.summary, {
        before: { status: "OFFLINE" },
        after: { status: "ONLINE" },
        via: "telemetry",
      });
      // The chain goes on through Prisma's writer after the plain-SQL one.
      await appendAudit(db.prisma as never, { type: "SYSTEM", id: null, label: "test" }, null, {
        action: "node.offline",
        workspaceId: ws1,
      });
      const verifier = new ChainVerifier();
      verifier.feed(await chain(ws1));
      assert.deepEqual(verifier.verdict(), { valid: true, checked: 2 });
    });

    // Two API processes whose batches hold the same nodes (a node that reconnected to the other
    // process as this one admitted it): its transition is stored and audited once. PGlite has one
    // connection and one process, so this is PostgreSQL's case.
    it("audits a node once when two processes admit it at the same time", {
      skip: engine !== "postgres",
    }, async () => {
      const [ws0] = workspaces;
      const mine = nodes.filter((n) => n.workspaceId === ws0);
      await db.sql.query("UPDATE node SET status = 'OFFLINE' WHERE id = ANY($1::uuid[])", [
        mine.map((n) => n.id),
      ]);
      const entriesBefore = (await chain(ws0)).length;
      const url = (testDb.config as { url: string }).url;
      // A third connection holds the rows, so both batches reach them before either can write.
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      try {
        await holder.query("BEGIN");
        await holder.query("SELECT id FROM node WHERE id = ANY($1::uuid[]) FOR UPDATE", [
          mine.map((n) => n.id),
        ]);
        const other = new OnlineBatch({ database: db, logger: createLogger("silent") });
        const admitted = Promise.all([
          Promise.all(mine.map((n) => batch.admit(n.id, ws0))),
          Promise.all([...mine].reverse().map((n) => other.admit(n.id, ws0))),
        ]);
        // Both transactions are waiting for the held rows (a state, not a pause).
        const deadline = Date.now() + 30_000;
        for (;;) {
          if (Date.now() > deadline) assert.fail("the two batches never both waited for the held rows");
          // Inside a transaction PostgreSQL keeps the list of backends as first read: read it anew.
          await holder.query("SELECT pg_stat_clear_snapshot()");
          const [{ waiting }] = (
            await holder.query<{ waiting: number }>(
              `SELECT count(*)::int AS waiting FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          ).rows as [{ waiting: number }];
          if (waiting >= 2) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        await holder.query("COMMIT");
        const [first, second] = await admitted;
        // Each node's transition went to exactly one of the two.
        for (let i = 0; i < mine.length; i++)
          assert.equal(
            Number(first[i]) + Number(second[mine.length - 1 - i]),
            1,
            `${(mine[i] as (typeof mine)[number]).name} changed once`,
          );
      } finally {
        await holder.end();
      }
      const entries = await chain(ws0);
      assert.equal(entries.length, entriesBefore + 1, "one entry for the transitions, not one per process");
      const named = ((entries.at(-1) as ChainedEntry).summary as { nodes: { id: string }[] }).nodes
        .map((n) => n.id)
        .sort();
      assert.deepEqual(named, mine.map((n) => n.id).sort());
      const verifier = new ChainVerifier();
      verifier.feed(entries);
      assert.equal(verifier.verdict().valid, true);
    });

    // A batch holds its nodes' rows until its audit entry is written, and that waits for the
    // workspace's chain lock: the samples of those nodes inserted meanwhile (their foreign-key
    // check reads the node row) must not wait with it.
    it("does not hold up samples of its nodes while it waits for the audit chain", {
      skip: engine !== "postgres",
    }, async () => {
      const [ws0] = workspaces;
      const node = nodes[1] as (typeof nodes)[number];
      await db.sql.query("UPDATE node SET status = 'OFFLINE' WHERE id = $1", [node.id]);
      const url = (testDb.config as { url: string }).url;
      const chainHolder = new pg.Client({ connectionString: url });
      const writer = new pg.Client({ connectionString: url });
      await Promise.all([chainHolder.connect(), writer.connect()]);
      try {
        await chainHolder.query("BEGIN");
        await chainHolder.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 42))", [`ws:${ws0}`]);
        const admitted = batch.admit(node.id, ws0);
        const deadline = Date.now() + 30_000;
        for (;;) {
          if (Date.now() > deadline) assert.fail("the batch never waited for the chain lock");
          await chainHolder.query("SELECT pg_stat_clear_snapshot()"); // the list of backends anew
          const { rows } = await chainHolder.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
          );
          if ((rows[0]?.waiting ?? 0) >= 1) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        // Blocked, this would wait for the chain holder: it fails after 5 s instead of hanging.
        await writer.query("SET statement_timeout = '5s'");
        await writer.query(
          `INSERT INTO traffic_sample (node_id, ts, interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps, udp_pps,
                                       icmp_pps, other_pps, syn_recv, tcp_established, tcp_total)
           VALUES ($1, now(), 'eth0', 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0)`,
          [node.id],
        );
        await chainHolder.query("COMMIT");
        assert.equal(await admitted, true);
      } finally {
        await chainHolder.query("ROLLBACK").catch(() => {});
        await Promise.all([chainHolder.end(), writer.end()]);
      }
    });
  });
}

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, type Engine, engines, type TestDatabase } from "../../test/databases.ts";
import type { Database } from "../db/database.ts";
import { refreshRollups } from "./rollups.ts";
import { TIER_RELATIONS } from "./storage-settings.ts";
import { PURGE_GRACE_MS, purgeDeletedNodes } from "./telemetry-purge.ts";

const MINUTE = 60_000;

for (const engine of engines) {
  describe(`purging a deleted node's telemetry on ${engine}`, () => {
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

    const workspace = async () => {
      const id = randomUUID();
      await db.sql.query(
        "INSERT INTO workspace (id, slug, name, updated_at) VALUES ($1::uuid, $2, 'w', now())",
        [id, `purge-${id.slice(0, 8)}`],
      );
      return id;
    };
    const node = async (workspaceId: string, samples: number) => {
      const id = randomUUID();
      await db.sql.query(
        "INSERT INTO node (id, workspace_id, name, updated_at) VALUES ($1::uuid, $2::uuid, $1, now())",
        [id, workspaceId],
      );
      await store(id, samples, 0);
      return id;
    };
    /** `count` seconds of samples from `from` seconds after an hour ago. */
    const store = (nodeId: string, count: number, from: number) =>
      db.sql.query(
        `INSERT INTO traffic_sample (node_id, ts, interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps,
           udp_pps, icmp_pps, other_pps, syn_recv, tcp_established, tcp_total)
         SELECT $1::uuid, date_trunc('hour', now()) - INTERVAL '1 hour' + make_interval(secs => s),
           'eth0', 1, 8, 1, 8, 1, 0, 0, 0, 0, 1, 1
           FROM generate_series($2::int, $2::int + $3::int - 1) AS s`,
        [nodeId, from, count],
      );
    const samplesOf = async (nodeId: string) =>
      (
        await db.sql.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM traffic_sample WHERE node_id = $1::uuid",
          [nodeId],
        )
      )[0]?.n;
    /** Rows of the node in every rollup relation (the views, on TimescaleDB). */
    const rollupsOf = async (nodeId: string) => {
      let rows = 0;
      for (const relation of [...TIER_RELATIONS.minute, ...TIER_RELATIONS.hour]) {
        const [row] = await db.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${relation} WHERE node_id = $1::uuid`,
          [nodeId],
        );
        rows += row?.n ?? 0;
      }
      return rows;
    };
    const queued = async () =>
      (
        await db.sql.query<{ node_id: string; deleted_at: Date }>(
          "SELECT node_id, deleted_at FROM telemetry_purge ORDER BY node_id",
        )
      ).map((r) => ({ nodeId: r.node_id, deletedAt: new Date(r.deleted_at) }));
    const clear = () => db.sql.exec("DELETE FROM telemetry_purge");

    it("deletes the node at once, then its samples in batches, and forgets it after the grace", async () => {
      await clear();
      const workspaceId = await workspace();
      const doomed = await node(workspaceId, 2_500);
      const kept = await node(workspaceId, 10);
      // Rollups of the doomed node: on TimescaleDB its previous hour materialized (42 minutes in
      // each minute aggregate, its hour in each hour aggregate, its day), on plain PostgreSQL
      // five minutes of node status.
      if (db.timescale) {
        // The samples' own hour (not the clock's, which may have turned since they were stored).
        const [first] = await db.sql.query<{ hour: Date }>(
          "SELECT date_trunc('hour', min(ts)) AS hour FROM traffic_sample WHERE node_id = $1::uuid",
          [doomed],
        );
        const hour = new Date(first?.hour ?? 0);
        await refreshRollups(db, hour, new Date(hour.getTime() + 3_600_000), ["minute", "hour"]);
      } else
        await db.sql.query(
          `INSERT INTO node_status_1m (node_id, bucket, samples, attack)
           SELECT $1::uuid, date_trunc('minute', now()) - make_interval(mins => m), 60, false
             FROM generate_series(1, 5) AS m`,
          [doomed],
        );
      const rollupRows = await rollupsOf(doomed);
      assert.equal(rollupRows, db.timescale ? 4 * 42 + 4 : 5);
      await db.sql.query("DELETE FROM node WHERE id = $1::uuid", [doomed]);
      // Nothing cascaded: the samples wait for the purge, which the deletion queued.
      assert.equal(await samplesOf(doomed), 2_500);
      const [entry] = await queued();
      assert.equal(entry?.nodeId, doomed);
      const deletedAt = entry?.deletedAt.getTime() ?? 0;
      const at = (ms: number) => new Date(deletedAt + ms);

      // Bounded by batches, not time: a slow machine must not end a run early.
      const options = { timescale: db.timescale, batchRows: 1_000, runMs: Infinity };
      assert.deepEqual(
        await purgeDeletedNodes(db.sql, { ...options, stopping: () => true }),
        { finished: 0, rows: 0 },
        "a process shutting down starts no batch",
      );
      const first = await purgeDeletedNodes(db.sql, { ...options, batchesPerRun: 2, now: at(MINUTE) });
      assert.deepEqual(first, { finished: 0, rows: 2_000 }, "a run stops after its batches");
      assert.equal(await samplesOf(doomed), 500);
      const [progress] = await db.sql.query<{ purged_through: Date; second: Date }>(
        `SELECT purged_through, (SELECT ts FROM traffic_sample WHERE node_id = $1::uuid ORDER BY ts LIMIT 1) AS second
           FROM telemetry_purge`,
        [doomed],
      );
      assert.equal(
        progress?.purged_through.getTime(),
        (progress?.second.getTime() ?? 0) - 1_000,
        "the next run resumes after the last row deleted",
      );

      const second = await purgeDeletedNodes(db.sql, { ...options, now: at(MINUTE) });
      assert.deepEqual(
        second,
        { finished: 0, rows: 500 + rollupRows },
        "the rest, and the rollups; within the grace, still queued",
      );
      assert.equal(await samplesOf(doomed), 0);
      assert.deepEqual(
        await purgeDeletedNodes(db.sql, { ...options, now: at(2 * MINUTE) }),
        { finished: 0, rows: 0 },
        "emptied within its grace: not looked at again until it is over",
      );

      // A sample admitted before the deletion and stored after it (no foreign key refuses it),
      // older than where the deleting got to.
      await store(doomed, 1, 0);
      const late = await purgeDeletedNodes(db.sql, { ...options, now: at(PURGE_GRACE_MS + MINUTE) });
      assert.deepEqual(late, { finished: 0, rows: 1 }, "a pass that deleted something is not the last");
      const last = await purgeDeletedNodes(db.sql, { ...options, now: at(PURGE_GRACE_MS + MINUTE) });
      assert.deepEqual(last, { finished: 1, rows: 0 });
      assert.deepEqual(await queued(), []);
      assert.equal(await samplesOf(kept), 10, "another node's samples are untouched");
      assert.equal(await rollupsOf(doomed), 0, "no rollup of the deleted node is left");
    });

    it("queues every node of a deleted workspace (the cascade fires the trigger)", async () => {
      await clear();
      const workspaceId = await workspace();
      const nodes = [await node(workspaceId, 3), await node(workspaceId, 3)].sort();
      await db.sql.query("DELETE FROM workspace WHERE id = $1::uuid", [workspaceId]);
      assert.deepEqual(
        (await queued()).map((q) => q.nodeId),
        nodes,
      );
      const later = new Date(Date.now() + PURGE_GRACE_MS + MINUTE);
      const purged = await purgeDeletedNodes(db.sql, {
        timescale: db.timescale,
        now: later,
        runMs: Infinity,
      });
      assert.deepEqual(purged, { finished: 0, rows: 6 });
      for (const id of nodes) assert.equal(await samplesOf(id), 0);
      const checked = await purgeDeletedNodes(db.sql, {
        timescale: db.timescale,
        now: later,
        runMs: Infinity,
      });
      assert.deepEqual(checked, { finished: 2, rows: 0 });
    });

    it("purges a node that still has rows before checking one already emptied", async () => {
      await clear();
      const workspaceId = await workspace();
      const emptied = await node(workspaceId, 0);
      await db.sql.query("DELETE FROM node WHERE id = $1::uuid", [emptied]);
      const later = new Date(Date.now() + PURGE_GRACE_MS + MINUTE);
      const options = { timescale: db.timescale, now: later, runMs: Infinity };
      assert.deepEqual(await purgeDeletedNodes(db.sql, options), { finished: 0, rows: 0 });
      const full = await node(workspaceId, 20);
      await db.sql.query("DELETE FROM node WHERE id = $1::uuid", [full]);
      // Deleted later, but it has rows: its batch comes before the emptied node's last check.
      const one = await purgeDeletedNodes(db.sql, { ...options, batchRows: 10, batchesPerRun: 1 });
      assert.deepEqual(one, { finished: 0, rows: 10 });
      assert.equal(await samplesOf(full), 10);
    });

    it("deletes samples already compressed (TimescaleDB)", { skip: engine !== "pglite" }, async () => {
      assert.ok(db.timescale);
      await clear();
      const workspaceId = await workspace();
      const doomed = await node(workspaceId, 0);
      const kept = await node(workspaceId, 0);
      for (const id of [doomed, kept])
        await db.sql.query(
          `INSERT INTO traffic_sample (node_id, ts, interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps,
             udp_pps, icmp_pps, other_pps, syn_recv, tcp_established, tcp_total)
           SELECT $1::uuid, now() - INTERVAL '3 days' + make_interval(secs => s), 'eth0', 1, 8, 1, 8, 1, 0, 0, 0, 0, 1, 1
             FROM generate_series(1, 5000) AS s`,
          [id],
        );
      const [compressed] = await db.sql.query<{ n: number }>(
        `SELECT count(compress_chunk(c, if_not_compressed => true))::int AS n
           FROM show_chunks('traffic_sample', older_than => INTERVAL '1 day') AS c`,
      );
      assert.ok((compressed?.n ?? 0) >= 1, "a compressed chunk holds the samples");
      await db.sql.query("DELETE FROM node WHERE id = $1::uuid", [doomed]);
      const purged = await purgeDeletedNodes(db.sql, { timescale: true, batchRows: 2_000, runMs: Infinity });
      assert.equal(purged.rows, 5_000);
      assert.equal(await samplesOf(doomed), 0);
      assert.equal(await samplesOf(kept), 5_000);
    });

    it("leaves a node that another process is purging to it", { skip: engine !== "postgres" }, async () => {
      await clear();
      const workspaceId = await workspace();
      const doomed = await node(workspaceId, 30);
      await db.sql.query("DELETE FROM node WHERE id = $1::uuid", [doomed]);
      const other = await db.sql.transaction(async (tx) => {
        await tx.query("SELECT 1 FROM telemetry_purge WHERE node_id = $1::uuid FOR UPDATE", [doomed]);
        return purgeDeletedNodes(db.sql, { timescale: db.timescale });
      });
      assert.deepEqual(other, { finished: 0, rows: 0 });
      assert.equal(await samplesOf(doomed), 30);
      assert.equal((await purgeDeletedNodes(db.sql, { timescale: db.timescale, runMs: Infinity })).rows, 30);
    });
  });
}

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, type Engine, engines, type TestDatabase } from "../../test/databases.ts";
import type { Database } from "../db/database.ts";
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
      if (!db.timescale)
        await db.sql.query(
          `INSERT INTO node_status_1m (node_id, bucket, samples, attack)
           SELECT $1::uuid, date_trunc('minute', now()) - make_interval(mins => m), 60, false
             FROM generate_series(1, 5) AS m`,
          [doomed],
        );
      await db.sql.query("DELETE FROM node WHERE id = $1::uuid", [doomed]);
      // Nothing cascaded: the samples wait for the purge, which the deletion queued.
      assert.equal(await samplesOf(doomed), 2_500);
      const [entry] = await queued();
      assert.equal(entry?.nodeId, doomed);
      const deletedAt = entry?.deletedAt.getTime() ?? 0;

      const options = { timescale: db.timescale, batchRows: 1_000, batchesPerRun: 2 };
      const first = await purgeDeletedNodes(db.sql, { ...options, now: new Date(deletedAt + MINUTE) });
      assert.deepEqual(first, { finished: 0, rows: 2_000 }, "a run stops after its statements");
      assert.equal(await samplesOf(doomed), 500);

      const second = await purgeDeletedNodes(db.sql, {
        ...options,
        batchesPerRun: 100,
        now: new Date(deletedAt + MINUTE),
      });
      assert.equal(second.finished, 0, "still within the grace: kept queued");
      assert.equal(second.rows, db.timescale ? 500 : 505, "the rest, and the rollups on plain PostgreSQL");
      assert.equal(await samplesOf(doomed), 0);
      assert.equal((await queued()).length, 1);

      // A sample admitted before the deletion and stored after it (no foreign key refuses it).
      await store(doomed, 1, 3_000);
      const last = await purgeDeletedNodes(db.sql, {
        ...options,
        batchesPerRun: 100,
        now: new Date(deletedAt + PURGE_GRACE_MS + MINUTE),
      });
      assert.deepEqual(last, { finished: 1, rows: 1 });
      assert.equal(await samplesOf(doomed), 0);
      assert.deepEqual(await queued(), []);
      assert.equal(await samplesOf(kept), 10, "another node's samples are untouched");
      if (!db.timescale) {
        const [rollups] = await db.sql.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM node_status_1m WHERE node_id = $1::uuid",
          [doomed],
        );
        assert.equal(rollups?.n, 0);
      }
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
      const purged = await purgeDeletedNodes(db.sql, {
        timescale: db.timescale,
        now: new Date(Date.now() + PURGE_GRACE_MS + MINUTE),
      });
      assert.deepEqual(purged, { finished: 2, rows: 6 });
      for (const id of nodes) assert.equal(await samplesOf(id), 0);
    });

    it("keeps a queued node whose run ran out of statements", async () => {
      await clear();
      const workspaceId = await workspace();
      const doomed = await node(workspaceId, 30);
      await db.sql.query("DELETE FROM node WHERE id = $1::uuid", [doomed]);
      const purged = await purgeDeletedNodes(db.sql, {
        timescale: db.timescale,
        batchRows: 10,
        batchesPerRun: 3,
        now: new Date(Date.now() + PURGE_GRACE_MS + MINUTE),
      });
      // Three batches of ten emptied the samples, but the last may have been exactly the last row:
      // only a statement that finds fewer than a batch says nothing is left.
      assert.deepEqual(purged, { finished: 0, rows: 30 });
      assert.equal((await queued()).length, 1);
      const next = await purgeDeletedNodes(db.sql, {
        timescale: db.timescale,
        batchRows: 10,
        now: new Date(Date.now() + PURGE_GRACE_MS + MINUTE),
      });
      assert.deepEqual(next, { finished: 1, rows: 0 });
    });
  });
}

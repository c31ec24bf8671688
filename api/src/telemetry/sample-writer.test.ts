import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { CaptureSummary } from "@levee/shared/classification/capture-summary";
import { createTestDatabase, type Engine, engines, type TestDatabase } from "../../test/databases.ts";
import type { Database } from "../db/database.ts";
import { createLogger } from "../logging/logger.ts";
import { SampleWriter, type StoredRow } from "./sample-writer.ts";

/** Characters an array literal reserves, and the word it reads as NULL unquoted. */
const AWKWARD = 'NULL "quoted" back\\slash {braces}, comma\ttab ünï';

function row(nodeId: string, ts: number, overrides: Partial<StoredRow> = {}): StoredRow {
  return {
    nodeId,
    ts: new Date(ts),
    interface: "eth0",
    rxPps: 0.1 + 0.2,
    rxBps: 1e21,
    txPps: 5e-324,
    txBps: 0,
    tcpPps: 123456.789,
    udpPps: 1.5e9,
    icmpPps: 3,
    otherPps: 0,
    synRecv: 2_147_483_647,
    tcpEstablished: 0,
    tcpTotal: 2_147_483_647,
    syncookiesSent: null,
    syncookiesRecv: null,
    syncookiesFailed: null,
    listenOverflows: null,
    listenDrops: null,
    attack: false,
    capture: null,
    ...overrides,
  };
}

for (const engine of engines) {
  describe(`sample writer on ${engine}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let writer: SampleWriter;
    before(async () => {
      testDb = await createTestDatabase(engine as Engine);
      db = await testDb.open();
      writer = new SampleWriter(
        db.sql,
        { flushMs: 5, maxBatch: 5000, timescale: db.timescale },
        createLogger("error"),
      );
    });
    after(async () => {
      await writer.close();
      await db.close();
      await testDb.drop();
    });

    it("times each batch from its INSERT to the commit, once per batch", async () => {
      const times: number[] = [];
      writer.timeWrites((seconds) => times.push(seconds));
      const nodeId = randomUUID();
      const t = Math.floor(Date.now() / 1000) * 1000 - 60_000;
      // Two calls gathered into one statement: one time; a later call's batch: another.
      await Promise.all([writer.write([row(nodeId, t)]), writer.write([row(nodeId, t + 1000)])]);
      assert.equal(times.length, 1);
      await writer.write([row(nodeId, t + 2000)]);
      assert.equal(times.length, 2);
      for (const s of times) assert.ok(s >= 0 && s < 60, `a batch took ${s} s`);
    });

    it("stores every value as given, text with the characters an array literal reserves included", async () => {
      const nodeId = randomUUID();
      const t = Math.floor(Date.now() / 1000) * 1000;
      // A stored capture is JSON: any string in it must come back unchanged.
      const capture = { vector: AWKWARD, nested: { list: [AWKWARD, 1.25] } } as unknown as CaptureSummary;
      const rows = [
        row(nodeId, t - 2000, { interface: "NULL" }),
        row(nodeId, t - 1000, { attack: true, capture, synRecv: 0, rxPps: -0 }),
      ];
      // Two calls gathered into one statement, each credited with its own row.
      assert.deepEqual(
        await Promise.all([writer.write([rows[0] as StoredRow]), writer.write([rows[1] as StoredRow])]),
        [1, 1],
      );
      const stored = await db.sql.query<Record<string, unknown>>(
        `SELECT interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps, udp_pps, icmp_pps, other_pps,
                syn_recv, tcp_established, tcp_total, attack, capture, extract(epoch FROM ts) * 1000 AS ms
           FROM traffic_sample WHERE node_id = $1 ORDER BY ts`,
        [nodeId],
      );
      const expected = (r: StoredRow) => ({
        interface: r.interface,
        rx_pps: r.rxPps === 0 ? 0 : r.rxPps, // -0 is stored as 0, as the driver always wrote it
        rx_bps: r.rxBps,
        tx_pps: r.txPps,
        tx_bps: r.txBps,
        tcp_pps: r.tcpPps,
        udp_pps: r.udpPps,
        icmp_pps: r.icmpPps,
        other_pps: r.otherPps,
        syn_recv: r.synRecv,
        tcp_established: r.tcpEstablished,
        tcp_total: r.tcpTotal,
        attack: r.attack,
        capture: r.capture,
        ms: r.ts.getTime(),
      });
      assert.deepEqual(
        stored.map((s) => ({ ...s, ms: Number(s.ms) })),
        rows.map(expected),
      );
    });

    it("counts a row stored before as a duplicate, not again", async () => {
      const nodeId = randomUUID();
      const t = Math.floor(Date.now() / 1000) * 1000;
      assert.equal(await writer.write([row(nodeId, t - 3000)]), 1);
      assert.equal(await writer.write([row(nodeId, t - 3000), row(nodeId, t - 2000)]), 1);
    });
  });
}

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { CoreServices } from "../src/core-services.ts";
import type { Database } from "../src/db/database.ts";
import { BaselineWindow } from "../src/detection/baseline.ts";
import { loadNodeDetections } from "../src/detection/node-detection.loader.ts";
import { createTestDatabase, engines, type TestDatabase } from "./databases.ts";

interface Stored {
  ts: number;
  attack: boolean;
  rxPps: number;
  rxBps: number;
  tcpPps: number;
  udpPps: number;
  icmpPps: number;
  synRecv: number | null;
  tcpEstablished: number | null;
  tcpTotal: number | null;
}

/** Distinct, fractional values (float32 rounding shows), stored out of time order. */
function history(count: number): Stored[] {
  const t0 = Date.now() - 3_600_000;
  const rows = Array.from({ length: count }, (_, i) => ({
    ts: t0 + i * 1000,
    attack: i % 17 === 5,
    rxPps: 1000 + i * Math.PI,
    rxBps: 8e6 + i * 1234.5678,
    tcpPps: 700.1 + ((i * 7) % 50),
    udpPps: 150 + i / 3,
    icmpPps: (i % 9) * 0.1,
    synRecv: i % 4,
    tcpEstablished: 40 + (i % 11),
    tcpTotal: 60 + i,
  }));
  return rows.reverse();
}

/** As history, with the socket counts of every fifth second not read (NULL). */
function historyPartlyRead(count: number): Stored[] {
  return history(count).map((r, i) =>
    i % 5 === 2 ? { ...r, synRecv: null, tcpEstablished: null, tcpTotal: null } : r,
  );
}

/** The window rebuilt from the rows one sample at a time (the last 300 quiet ones, oldest first). */
function expectedWindow(rows: Stored[]): BaselineWindow {
  const window = new BaselineWindow();
  const quiet = rows.filter((r) => !r.attack).sort((a, b) => a.ts - b.ts);
  for (const r of quiet.slice(-300)) window.add(r);
  return window;
}

/**
 * A reconnecting node's baseline window is rebuilt from its stored quiet seconds: the same
 * samples in the same order as adding each stored row, whatever form the database sends them in.
 */
for (const engine of engines) {
  describe(`detection state restored from stored samples (${engine})`, () => {
    let testDb: TestDatabase;
    let db: Database;
    const nodes: Record<"long" | "partlyRead" | "short" | "none", { id: string; rows: Stored[] }> = {
      long: { id: "", rows: history(400) },
      // A count not read is packed as NaN: a NULL once made the whole sample's bytes NULL, and the
      // node came back with an empty window.
      partlyRead: { id: "", rows: historyPartlyRead(400) },
      short: { id: "", rows: history(12) },
      none: { id: "", rows: [] },
    };

    before(async () => {
      testDb = await createTestDatabase(engine);
      db = await testDb.open({ migrate: true });
      const workspaceId = randomUUID();
      await db.prisma.workspace.create({ data: { id: workspaceId, slug: "restore", name: "R" } });
      for (const [name, node] of Object.entries(nodes)) {
        node.id = (await db.prisma.node.create({ data: { workspaceId, name } })).id;
        for (const r of node.rows)
          await db.sql.query(
            `INSERT INTO traffic_sample (node_id, ts, interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps, udp_pps,
                                         icmp_pps, other_pps, syn_recv, tcp_established, tcp_total, attack)
             VALUES ($1, $2, 'eth0', $3, $4, 0, 0, $5, $6, $7, 0, $8, $9, $10, $11)`,
            [
              node.id,
              new Date(r.ts),
              r.rxPps,
              r.rxBps,
              r.tcpPps,
              r.udpPps,
              r.icmpPps,
              r.synRecv,
              r.tcpEstablished,
              r.tcpTotal,
              r.attack,
            ],
          );
      }
    });

    after(async () => {
      await db?.close();
      await testDb?.drop();
    });

    it("rebuilds each node's window as the stored quiet samples, oldest first", async () => {
      const services = { database: db } as unknown as CoreServices;
      const loaded = await loadNodeDetections(
        services,
        Object.values(nodes).map((n) => n.id),
      );
      for (const node of Object.values(nodes)) {
        const restored = loaded.get(node.id);
        assert.ok(restored, "every node is loaded");
        const expected = expectedWindow(node.rows);
        assert.equal(restored.window.size, expected.size);
        assert.equal(expected.size, Math.min(300, node.rows.filter((r) => !r.attack).length));
        assert.deepEqual(restored.window.stats(), expected.stats());
        // The same order: the samples that fall out as new ones arrive are the oldest.
        for (let i = 0; i < 150; i++) {
          const next = { rxPps: 50_000 + i, rxBps: 1, tcpPps: 2, udpPps: 3, icmpPps: 4 };
          restored.window.add(next);
          expected.add(next);
        }
        assert.deepEqual(restored.window.stats(), expected.stats());
      }
      assert.equal(loaded.get(nodes.none.id)?.stats, null);
    });
  });
}

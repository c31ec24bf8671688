import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Database } from "../src/db/database.ts";
import { refreshChanged, refreshRollups } from "../src/telemetry/rollups.ts";
import { createTestDatabase, engines, type TestDatabase } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

const MINUTE = 60_000;

/**
 * Rollups refresh only finished buckets, stay equal to the raw seconds, and count samples that
 * arrive late (an agent's queue after an outage) within the accepted age, on both engines.
 */
for (const engine of engines) {
  describe(`rollups of finished buckets (${engine})`, () => {
    const api = useTestApi(engine);

    const minuteRow = (db: Database, nodeId: string, bucket: number) =>
      db.sql
        .query<{ samples: number; avg_pps: number; max_pps: number }>(
          "SELECT samples, avg_pps, max_pps FROM traffic_1m WHERE node_id = $1 AND bucket = $2",
          [nodeId, new Date(bucket)],
        )
        .then((rows) => rows[0]);
    const refreshAll = async (db: Database, now: Date) => {
      const maxAge = api.config.telemetry.maxAgeMs;
      await refreshChanged(db, "minute", maxAge, now);
      await refreshChanged(db, "hour", maxAge, now);
    };

    test("finished minutes match the raw seconds; late samples, even hours late, are counted", async () => {
      const owner = await api.signup(`rollups-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `rollups-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "r1");
      const nodeId = rawId(agent.nodeId);
      const db = api.server.services.database;

      const now = Date.now();
      const m3 = Math.floor(now / MINUTE) * MINUTE - 3 * MINUTE;
      const first = Array.from({ length: 30 }, (_, i) => sample(m3 + i * 1000, 100 + i));
      assert.equal((await report(api, agent, first)).accepted, 30);
      // Run the tiers until the minute is there (a run may stop short of an open transaction).
      let firstRow = await minuteRow(db, nodeId, m3);
      for (let round = 0; round < 50 && !firstRow; round++) {
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 200));
        await refreshAll(db, new Date());
        firstRow = await minuteRow(db, nodeId, m3);
      }
      assert.deepEqual(firstRow, { samples: 30, avg_pps: 114.5, max_pps: 129 });

      // Late: the rest of that minute after it was rolled up, and a minute three hours back.
      const hoursAgo = Math.floor((now - 3 * 3_600_000) / MINUTE) * MINUTE;
      // The late minute's day is recomputed whole from its minutes when its hour is rolled up
      // again, so it holds m3 too when both fall on the same UTC day.
      const DAY = 86_400_000;
      const oldDay = Math.floor(hoursAgo / DAY) * DAY;
      const expectedOnline = Math.floor(m3 / DAY) * DAY === oldDay ? 2 : 1;
      const rest = Array.from({ length: 30 }, (_, i) => sample(m3 + (30 + i) * 1000, 1000));
      const old = Array.from({ length: 20 }, (_, i) => sample(hoursAgo + i * 1000, 50));
      if (db.timescale) assert.equal((await report(api, agent, [...rest, ...old])).accepted, 50);
      else {
        // Half of them first: their buckets are marked late.
        assert.equal((await report(api, agent, [...rest.slice(0, 10), ...old.slice(0, 10)])).accepted, 20);
        // The rest while a minute job is mid-run: the watermark rows locked and the marks taken
        // (deleted, uncommitted), as refreshPlain holds them while it re-aggregates. Storing
        // must not wait for it (a keyed mark of the same bucket did: CI saw 0.3 s stalls of
        // every node's samples), and the new marks must outlive its commit.
        await db.sql.transaction(async (tx) => {
          await tx.query("SELECT * FROM rollup_watermark FOR UPDATE");
          const taken = await tx.query("DELETE FROM rollup_late WHERE tier = 'minute' RETURNING bucket");
          assert.ok(taken.length >= 2, "both late buckets were marked");
          const waited = new Promise<"waited">((resolve) =>
            setTimeout(() => resolve("waited"), 10_000).unref(),
          );
          const stored = await Promise.race([
            report(api, agent, [...rest.slice(10), ...old.slice(10)]),
            waited,
          ]);
          assert.notEqual(stored, "waited", "storing samples queued behind the minute job");
          assert.equal((stored as { accepted: number }).accepted, 30);
        });
        const marks = await db.sql.query<{ bucket: Date }>(
          "SELECT DISTINCT bucket FROM rollup_late WHERE tier = 'minute' AND bucket = ANY($1::timestamptz[])",
          [[new Date(m3), new Date(hoursAgo)]],
        );
        assert.equal(marks.length, 2, "the marks added meanwhile stay for the next run");
      }
      // A run stops short of a minute some other transaction still has open (the API's own jobs
      // share the database; CI once saw the day tier count 1 of 2 minutes), so a run may leave the
      // late buckets to the next one: run the tiers until everything is there, as the jobs would.
      const rolledUp = async () => {
        const [hour] = await db.sql.query<{ samples: number }>(
          "SELECT samples FROM traffic_1h WHERE node_id = $1 AND bucket = $2",
          [nodeId, new Date(Math.floor(hoursAgo / 3_600_000) * 3_600_000)],
        );
        // The old minute's day only: a day still open (m3's, when the two differ) is recomputed
        // only when an hour-tier run reaches into it, and uptime reads the open day in real time.
        const [minutes] = await db.sql.query<{ online: number }>(
          "SELECT sum(online_minutes)::int AS online FROM node_status_1d WHERE node_id = $1 AND bucket = $2",
          [nodeId, new Date(oldDay)],
        );
        return {
          m3: await minuteRow(db, nodeId, m3),
          old: await minuteRow(db, nodeId, hoursAgo),
          hour: hour?.samples,
          online: minutes?.online,
        };
      };
      let state = await rolledUp();
      for (let round = 0; round < 50; round++) {
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 200));
        await refreshAll(db, new Date());
        state = await rolledUp();
        if (state.m3?.samples === 60 && state.old && state.hour === 20 && state.online === expectedOnline)
          break;
      }
      assert.equal(state.m3?.samples, 60);
      assert.equal(state.m3?.max_pps, 1000);
      assert.deepEqual(state.old, { samples: 20, avg_pps: 50, max_pps: 50 });
      assert.equal(state.hour, 20, "the late hour is rolled up from its samples");
      assert.equal(
        state.online,
        expectedOnline,
        "the late minute counts toward its day's uptime, with m3 when it is the same day",
      );
    });

    test("the minute still filling is not materialized", async () => {
      const db = api.server.services.database;
      const owner = await api.signup(`filling-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `filling-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "r2");
      const now = Date.now();
      const current = Math.floor(now / MINUTE) * MINUTE;
      assert.equal((await report(api, agent, [sample(now - 50, 7)])).accepted, 1);
      await refreshAll(db, new Date(now));
      if (db.timescale) {
        // Real-time aggregation shows the filling minute; the materialized part ends before it.
        const [row] = await db.sql.query<{ upto: Date }>(
          `SELECT _timescaledb_functions.to_timestamp(_timescaledb_functions.cagg_watermark(mat_hypertable_id)) AS upto
             FROM _timescaledb_catalog.continuous_agg WHERE user_view_name = 'traffic_1m'`,
        );
        assert.ok(row && new Date(row.upto).getTime() <= current, `materialized up to ${row?.upto}`);
        return;
      }
      const [row] = await db.sql.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM traffic_1m WHERE node_id = $1 AND bucket >= $2",
        [rawId(agent.nodeId), new Date(current)],
      );
      assert.equal(row?.n, 0);
    });
  });
}

/**
 * Plain PostgreSQL refreshes a tier in one grouped pass over the raw seconds (migration
 * 20261203120000_rollup_single_pass). Its rows must be those of each table's own definition: the
 * old per-table statements, kept as levee_refresh_connections and computed here for the others.
 */
describe("one pass per tier gives each rollup its own rows (postgres)", () => {
  // A database of its own, no API: no rollup job of its own runs beside the refresh measured.
  let testDb: TestDatabase;
  let db: Database;
  before(async () => {
    testDb = await createTestDatabase("postgres");
    db = await testDb.open();
  });
  after(async () => {
    await db.close();
    await testDb.drop();
  });

  test("minute and hour tiers equal the per-table definitions", async () => {
    const workspaceId = randomUUID();
    const nodes = [randomUUID(), randomUUID()].sort();
    await db.sql.query(
      "INSERT INTO workspace (id, slug, name, updated_at) VALUES ($1::uuid, 'single-pass', 'w', now())",
      [workspaceId],
    );
    await db.sql.query(
      "INSERT INTO node (id, workspace_id, name, updated_at) SELECT n, $2::uuid, n::text, now() FROM unnest($1::uuid[]) n",
      [nodes, workspaceId],
    );
    const HOUR = 3_600_000;
    const from = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 86_400_000 + 3 * HOUR;
    const to = from + HOUR;
    // Uneven values, a gap, attacks in some minutes and connection counts that vary. Whole
    // numbers only: their sums are exact in any order, so avg compares equal, not just close.
    await db.sql.query(
      `INSERT INTO traffic_sample (node_id, ts, interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps, udp_pps,
         icmp_pps, other_pps, syn_recv, tcp_established, tcp_total, attack)
       SELECT n.id, $2::timestamptz + s * INTERVAL '1 second', 'eth0', v, v * 800, v * 3, v * 90, v * 6,
              v * 3, v, (s * 5 + i) % 7, (s * 7 + i) % 40, (s * 3) % 90 + i, (s * 11) % 200, s % 600 < 90
         FROM unnest($1::uuid[]) WITH ORDINALITY AS n(id, i), generate_series(0, 3599) s,
              LATERAL (SELECT (100 + (s * 37 + i * 13) % 1000)::float8 AS v) x
        WHERE s % 97 <> 5`,
      [nodes, new Date(from)],
    );
    await refreshRollups(db, new Date(from), new Date(to), ["minute", "hour"]);

    const rows = (sql: string) => db.sql.query(sql, [nodes, new Date(from), new Date(to)]);
    // Every column of traffic_1m / traffic_1h, against its definition (the telemetry migration's).
    const metrics: [string, string][] = [
      ["pps", "rx_pps"],
      ["bps", "rx_bps"],
      ["tcp_pps", "tcp_pps"],
      ["udp_pps", "udp_pps"],
      ["icmp_pps", "icmp_pps"],
      ["other_pps", "other_pps"],
    ];
    const trafficColumns = [
      "count(*)::integer AS samples",
      "count(*) FILTER (WHERE attack)::integer AS attack_seconds",
      ...metrics.flatMap(([name, column]) => [
        `avg(${column}) AS avg_${name}`,
        `max(${column}) AS max_${name}`,
        `percentile_cont(0.95) WITHIN GROUP (ORDER BY ${column}) AS p95_${name}`,
        `percentile_cont(0.99) WITHIN GROUP (ORDER BY ${column}) AS p99_${name}`,
      ]),
      "avg(tx_pps) AS avg_tx_pps",
      "avg(tx_bps) AS avg_tx_bps",
    ];
    const names = trafficColumns.map((c) => c.split(" AS ")[1]).join(", ");
    const traffic = (table: string) =>
      rows(`SELECT node_id, bucket, ${names} FROM ${table}
             WHERE node_id = ANY($1) AND bucket >= $2 AND bucket < $3 ORDER BY 1, 2`);
    const definition = (width: string) =>
      rows(`SELECT node_id, date_bin(INTERVAL '${width}', ts, TIMESTAMPTZ 'epoch') AS bucket, ${trafficColumns.join(", ")}
              FROM traffic_sample WHERE node_id = ANY($1) AND ts >= $2 AND ts < $3 GROUP BY 1, 2 ORDER BY 1, 2`);
    const connections = (table: string) =>
      rows(`SELECT * FROM ${table} WHERE node_id = ANY($1) AND bucket >= $2 AND bucket < $3 ORDER BY 1, 2`);

    const columns = await db.sql.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'traffic_1m' ORDER BY ordinal_position`,
    );
    assert.equal(columns.map((c) => c.name).join(", "), `node_id, bucket, ${names}`, "every column compared");
    const minutes = await traffic("traffic_1m");
    assert.equal(minutes.length, 120);
    assert.deepEqual(minutes, await definition("1 minute"));
    assert.deepEqual(await traffic("traffic_1h"), await definition("1 hour"));
    assert.deepEqual(
      await rows(
        "SELECT node_id, bucket, samples, attack FROM node_status_1m WHERE node_id = ANY($1) AND bucket >= $2 AND bucket < $3 ORDER BY 1, 2",
      ),
      await rows(`SELECT node_id, date_bin(INTERVAL '1 minute', ts, TIMESTAMPTZ 'epoch') AS bucket,
                         count(*)::integer AS samples, bool_or(attack) AS attack
                    FROM traffic_sample WHERE node_id = ANY($1) AND ts >= $2 AND ts < $3 GROUP BY 1, 2 ORDER BY 1, 2`),
    );
    const [day] = await db.sql.query(
      "SELECT sum(online_minutes)::int AS online, sum(attack_minutes)::int AS attack FROM node_status_1d WHERE node_id = ANY($1)",
      [nodes],
    );
    assert.deepEqual(day, { online: 120, attack: 24 }, "each node: 60 minutes, attacks in 12 of them");
    // The connection tables, then the same windows through the previous per-table statement.
    const oneMinute = await connections("connection_1m");
    const oneHour = await connections("connection_1h");
    assert.equal(oneMinute.length, 120);
    await db.sql.query("SELECT levee_refresh_connections($1, $2, false)", [new Date(from), new Date(to)]);
    await db.sql.query("SELECT levee_refresh_connections($1, $2, true)", [new Date(from), new Date(to)]);
    assert.deepEqual(oneMinute, await connections("connection_1m"));
    assert.deepEqual(oneHour, await connections("connection_1h"));
  });
});

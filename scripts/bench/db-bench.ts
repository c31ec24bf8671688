/**
 * npm run bench:db — the database alone under fleet load (issue 21, item 6): COPY of synthetic
 * 1 Hz samples for 2k → 32k node ids into the real schema (migrations applied), with the UPDATE
 * load of that fleet beside it (lastSeenAt every 30 s, baselines every BASELINE_SAVE_SECONDS per
 * node, by the API's own statements), then a minute-rollup refresh of the window and, on
 * TimescaleDB, compression; then a whole hour for BENCH_HOUR_NODES nodes (1,000; PGlite 200) and
 * the refresh of its minutes and of its hour, the rollup jobs' largest burst. Prints rows/s,
 * bytes/row raw and compressed, WAL bytes/row and the refresh cost, per engine: plain PostgreSQL (the shared server; no native compression) and
 * PGlite with TimescaleDB (embedded, single connection: the UPDATEs queue with the COPY). A
 * raw multi-row INSERT (the telemetry writer's statement) is the same-run baseline.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { timescaledb } from "@electric-sql/pglite/timescaledb";
import pg from "pg";
import type { Database } from "../../api/src/db/database.ts";
import { migrate } from "../../api/src/db/migrate.ts";
import { type SqlClient, sqlClientFromPGlite, sqlClientFromPool } from "../../api/src/db/sql-client.ts";
import { type NodeStats, persistBaselines, touchNodes } from "../../api/src/detection/baseline.store.ts";
import { TRAFFIC_METRICS } from "../../api/src/detection/metrics.ts";
import { refreshRollups } from "../../api/src/telemetry/rollups.ts";
import { freshDatabase } from "./bench-api.ts";

const sizes = (process.env.BENCH_NODES ?? "2000,8000,32000").split(",").map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const saveSeconds = Number(process.env.BENCH_BASELINE_SAVE_SECONDS ?? 300);
const engines = (process.env.BENCH_ENGINES ?? "postgres,pglite").split(",");
// Nodes given a whole hour of samples for the hour tier's refresh (0: skipped). PGlite (WASM,
// one connection) gets a fifth of them by default, to keep the run short.
const hourNodes = process.env.BENCH_HOUR_NODES ? Number(process.env.BENCH_HOUR_NODES) : undefined;
if (
  hourNodes !== undefined &&
  !(Number.isInteger(hourNodes) && hourNodes >= 0 && hourNodes <= Math.max(...sizes))
)
  throw new Error(
    `BENCH_HOUR_NODES must be a whole number from 0 to the largest of BENCH_NODES (${Math.max(...sizes)}), not "${process.env.BENCH_HOUR_NODES}"`,
  );
const COLUMNS =
  "node_id, ts, interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps, udp_pps, icmp_pps, other_pps, syn_recv, tcp_established, tcp_total, attack";

interface Engine {
  name: string;
  sql: SqlClient;
  timescale: boolean;
  copy(csv: string): Promise<void>;
  close(): Promise<void>;
}

async function postgresEngine(): Promise<Engine> {
  const db = await freshDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const sql = sqlClientFromPool(pool);
  await migrate(sql);
  const [ext] = await sql.query<{ enabled: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS enabled",
  );
  return {
    name: `PostgreSQL ${(await sql.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v}${ext?.enabled ? " + TimescaleDB" : " (plain)"}`,
    sql,
    timescale: Boolean(ext?.enabled),
    // psql's COPY FROM STDIN: the same wire COPY a loader would use (no shell; arguments as an array).
    copy: (csv) =>
      new Promise((resolve, reject) => {
        const child = spawn(
          "psql",
          [
            db.url,
            "-v",
            "ON_ERROR_STOP=1",
            "-qc",
            `COPY traffic_sample (${COLUMNS}) FROM STDIN WITH (FORMAT csv)`,
          ],
          { stdio: ["pipe", "ignore", "pipe"] },
        );
        let stderr = "";
        child.stderr.on("data", (d) => {
          stderr += d;
        });
        child.on("error", reject);
        child.on("exit", (code) =>
          code === 0 ? resolve() : reject(new Error(`psql COPY failed: ${stderr}`)),
        );
        child.stdin.end(csv);
      }),
    close: async () => {
      await pool.end();
      await db.drop();
    },
  };
}

async function pgliteEngine(): Promise<Engine> {
  const db = await PGlite.create("memory://", { extensions: { timescaledb } });
  await db.exec("LOAD 'timescaledb'");
  const sql = sqlClientFromPGlite(db);
  await migrate(sql);
  // One-hour raw chunks, so each fleet size's window is compressed on its own.
  await sql.exec("SELECT set_chunk_time_interval('traffic_sample', INTERVAL '1 hour')");
  return {
    name: "PGlite + TimescaleDB (embedded, WASM, one connection)",
    sql,
    timescale: true,
    copy: async (csv) => {
      await db.query(`COPY traffic_sample (${COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([csv]),
      });
    },
    close: () => db.close(),
  };
}

async function seedNodes(sql: SqlClient, count: number): Promise<string[]> {
  const workspaceId = randomUUID();
  await sql.query("INSERT INTO workspace (id, slug, name, updated_at) VALUES ($1, $2, 'Bench', now())", [
    workspaceId,
    `bench-${workspaceId.slice(0, 8)}`,
  ]);
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO node (id, workspace_id, name, owned_prefixes, updated_at)
     SELECT gen_random_uuid(), $1, 'node-' || g, '{}', now() FROM generate_series(1, $2) g RETURNING id`,
    [workspaceId, count],
  );
  return rows.map((r) => r.id);
}

function csvOf(nodes: string[], start: number): string {
  const lines: string[] = [];
  for (let s = 0; s < seconds; s++) {
    const ts = new Date(start + s * 1000).toISOString();
    for (let i = 0; i < nodes.length; i++) {
      const pps = 1000 + ((i * 7 + s * 13) % 500);
      lines.push(
        `${nodes[i]},${ts},eth0,${pps},${pps * 4800},${pps / 2},${pps * 2400},${pps * 0.7},${pps * 0.25},${pps * 0.01},${pps * 0.04},1,40,60,f`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

const stats: NodeStats = Object.fromEntries(
  TRAFFIC_METRICS.map((m) => [m, { samples: 600, avg: 1000, p95: 1400, p99: 1500 }]),
) as NodeStats;

/** The fleet's UPDATEs for `seconds` of its life, by the API's statements; resolves with the count. */
async function updateLoad(sql: SqlClient, nodes: string[]): Promise<{ touched: number; baselines: number }> {
  let touched = 0;
  let baselines = 0;
  for (let s = 0; s < seconds; s++) {
    const touch = nodes.filter((_, i) => i % 30 === s % 30);
    const save = nodes.filter((_, i) => i % saveSeconds === s % saveSeconds);
    if (touch.length) await touchNodes(sql, touch);
    if (save.length) await persistBaselines(sql, new Map(save.map((id) => [id, stats])));
    touched += touch.length;
    baselines += save.length;
  }
  return { touched, baselines };
}

const walLsn = async (sql: SqlClient) =>
  (await sql.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn"))[0]?.lsn ?? "0/0";
const walDiff = async (sql: SqlClient, from: string) =>
  Number(
    (
      await sql.query<{ d: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS d", [
        from,
      ])
    )[0]?.d,
  );
const tableBytes = async (engine: Engine) =>
  Number(
    (
      await engine.sql.query<{ b: string }>(
        engine.timescale
          ? "SELECT hypertable_size('traffic_sample')::text AS b"
          : "SELECT pg_total_relation_size('traffic_sample')::text AS b",
      )
    )[0]?.b,
  );

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const hour = 3_600_000;

/** Compresses the chunks of [window, window + 1 h); returns their compressed bytes. */
async function compressWindow(engine: Engine, window: number): Promise<number> {
  const chunks = await engine.sql.query<{ c: string }>(
    `SELECT compress_chunk(c, if_not_compressed => true)::text AS c FROM show_chunks('traffic_sample',
       newer_than => $1::timestamptz, older_than => $2::timestamptz) c`,
    [new Date(window - 1), new Date(window + hour)],
  );
  // A statement of its own: the stats read the catalog as the compression left it.
  const [c] = await engine.sql.query<{ after: string }>(
    `SELECT sum(after_compression_total_bytes)::text AS after FROM chunk_compression_stats('traffic_sample')
      WHERE format('%I.%I', chunk_schema, chunk_name) = ANY($1::text[])`,
    [chunks.map((x) => x.c)],
  );
  return Number(c?.after) || 0;
}

/**
 * The hour tier's refresh: an hour of 1 Hz samples for `count` nodes (generated by the database,
 * not sent), its minutes refreshed, then its hour. The hour's p95/p99 sort every raw second of
 * it, so this is the largest burst the rollup jobs make (once an hour).
 */
async function hourRefresh(engine: Engine, nodes: string[], window: number) {
  const started = performance.now();
  await engine.sql.query(
    `INSERT INTO traffic_sample (${COLUMNS})
     SELECT n.id, $2::timestamptz + s * INTERVAL '1 second', 'eth0', p, p * 4800, p / 2, p * 2400, p * 0.7,
            p * 0.25, p * 0.01, p * 0.04, 1, 40, 60, false
       FROM unnest($1::uuid[]) WITH ORDINALITY AS n(id, i), generate_series(0, 3599) s,
            LATERAL (SELECT 1000 + ((i * 7 + s * 13) % 500)::float8 AS p) v`,
    [nodes, new Date(window)],
  );
  const stored = (performance.now() - started) / 1000;
  const database = { sql: engine.sql, timescale: engine.timescale } as Database;
  const timed = async (tier: "minute" | "hour") => {
    const t = performance.now();
    await refreshRollups(database, new Date(window), new Date(window + hour), [tier]);
    return performance.now() - t;
  };
  const minutes = await timed("minute");
  const hours = await timed("hour");
  const rows = nodes.length * 3600;
  console.log(
    `hour refresh, ${fmt(nodes.length)} nodes × 3,600 s (${fmt(rows)} rows, stored in ${stored.toFixed(1)} s): its 60 minutes ${fmt(minutes)} ms, its hour ${fmt(hours)} ms (${fmt(rows / (hours / 1000))} rows/s read); per 1,000 nodes ${fmt((hours * 1000) / nodes.length)} ms once an hour`,
  );
}

async function run(engine: Engine) {
  console.log(`\n== ${engine.name}`);
  const nodes = await seedNodes(engine.sql, Math.max(...sizes));
  let window = Math.floor(Date.now() / hour) * hour - 40 * hour;
  // Baseline: the telemetry writer's own multi-row INSERT (unnest, 5,000 rows a statement).
  {
    const few = nodes.slice(0, Math.min(...sizes));
    const rows = csvOf(few, window)
      .trim()
      .split("\n")
      .map((l) => l.split(","));
    const wal = await walLsn(engine.sql);
    const started = performance.now();
    for (let i = 0; i < rows.length; i += 5000) {
      const batch = rows.slice(i, i + 5000);
      const col = (c: number) => batch.map((r) => (c === 14 ? r[c] === "t" : r[c]));
      await engine.sql.query(
        `INSERT INTO traffic_sample (${COLUMNS}) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[],
          $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[],
          $12::int4[], $13::int4[], $14::int4[], $15::bool[]) ON CONFLICT (node_id, ts) DO NOTHING`,
        Array.from({ length: 15 }, (_, c) => col(c)),
      );
    }
    const elapsed = (performance.now() - started) / 1000;
    console.log(
      `baseline, same run: raw multi-row INSERT, ${fmt(rows.length)} rows: ${fmt(rows.length / elapsed)} rows/s, WAL ${fmt((await walDiff(engine.sql, wal)) / rows.length)} B/row`,
    );
    window += hour;
  }
  console.log(
    "nodes   rows      COPY rows/s  UPDATEs (lastSeen+baseline rows)  raw B/row  compressed B/row  WAL B/row  refresh 1m: ms  rows read/s",
  );
  for (const size of sizes) {
    const fleet = nodes.slice(0, size);
    const csv = csvOf(fleet, window);
    const rows = size * seconds;
    const bytesBefore = await tableBytes(engine);
    const wal = await walLsn(engine.sql);
    const started = performance.now();
    const [, updates] = await Promise.all([engine.copy(csv), updateLoad(engine.sql, fleet)]);
    const copySeconds = (performance.now() - started) / 1000;
    const walPerRow = (await walDiff(engine.sql, wal)) / rows;
    const rawPerRow = ((await tableBytes(engine)) - bytesBefore) / rows;
    const refreshStarted = performance.now();
    await refreshRollups(
      { sql: engine.sql, timescale: engine.timescale } as Database,
      new Date(window),
      new Date(window + seconds * 1000),
      ["minute"],
    );
    const refreshMs = performance.now() - refreshStarted;
    const compressed = engine.timescale ? (await compressWindow(engine, window)) / rows : null;
    console.log(
      `${String(size).padEnd(7)} ${fmt(rows).padEnd(9)} ${fmt(rows / copySeconds).padStart(11)}  ${`${fmt(updates.touched)}+${fmt(updates.baselines)}`.padStart(32)}  ${rawPerRow.toFixed(1).padStart(9)}  ${(compressed === null ? "n/a" : compressed.toFixed(1)).padStart(16)}  ${walPerRow.toFixed(1).padStart(9)}  ${refreshMs.toFixed(0).padStart(14)}  ${fmt(rows / (refreshMs / 1000)).padStart(11)}`,
    );
    window += hour;
  }
  if (engine.timescale) {
    // Compression works per node segment: ${seconds} rows a node says little. A real chunk holds
    // hours a node; this row compresses 100 nodes × 1,800 s.
    const many = nodes.slice(0, 100);
    const parts: string[] = [];
    for (let k = 0; k < 1800 / seconds; k++) parts.push(csvOf(many, window + k * seconds * 1000));
    const rows = 100 * 1800;
    const before = await tableBytes(engine);
    await engine.copy(parts.join(""));
    const raw = (await tableBytes(engine)) - before;
    const after = await compressWindow(engine, window);
    console.log(
      `compression, 100 nodes × 1,800 s (1,800 rows a segment): raw ${(raw / rows).toFixed(1)} B/row → compressed ${(after / rows).toFixed(1)} B/row (${(raw / after).toFixed(1)}×)`,
    );
    window += hour;
  }
  const forHour = hourNodes ?? (engine.timescale && engine.name.startsWith("PGlite") ? 200 : 1000);
  if (forHour > 0) await hourRefresh(engine, nodes.slice(0, forHour), window);
}

console.log(
  `bench:db — ${seconds} s of 1 Hz samples per fleet size; UPDATE load: lastSeenAt every 30 s, baselines every ${saveSeconds} s per node`,
);
for (const name of engines) {
  const engine = name === "pglite" ? await pgliteEngine() : await postgresEngine();
  try {
    await run(engine);
  } finally {
    await engine.close();
  }
}

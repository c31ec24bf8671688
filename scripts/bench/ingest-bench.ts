/**
 * npm run bench:ingest — samples/s one API process sustains with 1,000, 5,000 and 10,000
 * simulated nodes (each posting one sample a second over keep-alive HTTP), p50/p99 latency of
 * reportTelemetry, the API's CPU and RSS; then the process's ceiling (nodes posting as fast as
 * answered, 1 and 10 samples a call) beside raw multi-row INSERT of the same rows on the same
 * database. Target: ≥ 20,000 samples/s per process, p99 < 100 ms (local PostgreSQL).
 */
import pg from "pg";
import {
  freshDatabase,
  percentiles,
  post,
  REPORT,
  type SeededAgent,
  sampleAt,
  seedAgents,
  startApi,
} from "./bench-api.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const sizes = (process.env.BENCH_NODES ?? "1000,5000,10000").split(",").map(Number);
const maxNodes = Math.max(...sizes);

const db = await freshDatabase();
const api = await startApi({
  DATABASE_URL: db.url,
  DATABASE_POOL_SIZE: "20",
  RATE_LIMIT_PER_MINUTE: "100000",
});
const { agents } = await seedAgents(db.url, maxNodes);
let clock = Date.now() - 20 * 3_600_000; // distinct timestamps per run, within the accepted 24 h
const rows: string[] = [];

async function paced(nodes: SeededAgent[]) {
  const latencies: number[] = [];
  let accepted = 0;
  let errors = 0;
  const start = performance.now();
  const cpu0 = api.cpuSeconds();
  const runStart = clock;
  clock += seconds * 1000 + 1000;
  const inflight: Promise<void>[] = [];
  for (let s = 0; s < seconds; s++) {
    const secondStart = start + s * 1000;
    for (let i = 0; i < nodes.length; i++) {
      const due = secondStart + (i / nodes.length) * 1000;
      const wait = due - performance.now();
      if (wait > 2) await new Promise((r) => setTimeout(r, wait));
      const node = nodes[i] as SeededAgent;
      const sent = performance.now();
      inflight.push(
        post(api.base, node.token, REPORT, {
          samples: [sampleAt(runStart + s * 1000, 2000 + (i % 100))],
        }).then(
          (body) => {
            latencies.push(performance.now() - sent);
            if (body.data?.reportTelemetry?.accepted === 1) accepted++;
            else errors++;
          },
          () => void errors++,
        ),
      );
    }
  }
  // An overloaded API is not waited for forever: what is unanswered 10 s after the last send is "late".
  const settled = Promise.all(inflight).then(() => true);
  const inTime = await Promise.race([settled, new Promise((r) => setTimeout(() => r(false), 10_000))]);
  const elapsed = (performance.now() - start) / 1000;
  const late = inTime ? 0 : nodes.length * seconds - latencies.length - errors;
  const cpu = (api.cpuSeconds() - cpu0) / elapsed;
  await settled; // drain before the next run
  return { accepted, errors, late, elapsed, latencies, cpu };
}

async function ceiling(nodes: SeededAgent[], perCall: number, concurrency: number) {
  const latencies: number[] = [];
  let accepted = 0;
  const runStart = clock;
  clock += 2 * 3_600_000;
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      let n = 0;
      while (performance.now() < deadline) {
        const node = nodes[(w + n * concurrency) % nodes.length] as SeededAgent;
        const base = runStart + Math.floor((w + n * concurrency) / nodes.length) * perCall * 1000;
        const samples = Array.from({ length: perCall }, (_, k) => sampleAt(base + k * 1000, 2000));
        const sent = performance.now();
        const body = await post(api.base, node.token, REPORT, { samples });
        latencies.push(performance.now() - sent);
        accepted += body.data?.reportTelemetry?.accepted ?? 0;
        n++;
      }
    }),
  );
  return { accepted, elapsed: (performance.now() - start) / 1000, latencies };
}

async function rawInsert(count: number) {
  const client = new pg.Client(db.url);
  await client.connect();
  const ids = agents.slice(0, 1000).map((a) => a.nodeId);
  const start = performance.now();
  for (let done = 0; done < count; done += 5000) {
    const n = Math.min(5000, count - done);
    const cols: unknown[][] = Array.from({ length: 15 }, () => []);
    for (let i = 0; i < n; i++) {
      const s = sampleAt(clock + (done + i) * 1000, 2000);
      const v = [
        ids[i % ids.length],
        s.ts,
        s.interface,
        s.rxPps,
        s.rxBps,
        s.txPps,
        s.txBps,
        s.tcpPps,
        s.udpPps,
        s.icmpPps,
        s.otherPps,
        0,
        40,
        60,
        false,
      ];
      v.forEach((x, c) => {
        (cols[c] as unknown[]).push(x);
      });
    }
    await client.query(
      `INSERT INTO traffic_sample (node_id, ts, interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps, udp_pps, icmp_pps, other_pps, syn_recv, tcp_established, tcp_total, attack)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::int4[], $13::int4[], $14::int4[], $15::bool[])
       ON CONFLICT DO NOTHING`,
      cols,
    );
  }
  const elapsed = (performance.now() - start) / 1000;
  await client.end();
  return count / elapsed;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
try {
  // Warm up: every node's detection state is loaded once (as after a restart).
  await ceiling(agents, 1, 64);
  console.log(`API: one process, PostgreSQL ${db.url.replace(/\/\/.*@/, "//")}, ${seconds} s per run`);
  console.log("\npaced: every node posts 1 sample/s (keep-alive HTTP)");
  console.log("nodes   offered/s  stored/s   errors    late  p50 ms  p99 ms  API CPU  API RSS");
  for (const size of sizes) {
    const r = await paced(agents.slice(0, size));
    const p = percentiles(r.latencies);
    const line = `${String(size).padEnd(7)} ${fmt(size).padStart(9)}  ${fmt(r.accepted / r.elapsed).padStart(8)}  ${String(r.errors).padStart(6)}  ${String(r.late).padStart(6)}  ${p.p50.toFixed(1).padStart(6)}  ${p.p99.toFixed(1).padStart(6)}  ${(100 * r.cpu).toFixed(0).padStart(5)} %  ${fmt(api.rssMb())} MB`;
    console.log(line);
    rows.push(line);
  }
  console.log("\nceiling: 32 connections posting back to back for 1,000 nodes (after a warm-up run)");
  await ceiling(agents.slice(0, 1000), 10, 32);
  console.log("samples/call  stored/s   calls/s  p50 ms  p99 ms");
  let best = 0;
  for (const perCall of [1, 10, 100]) {
    const r = await ceiling(agents.slice(0, 1000), perCall, 32);
    const p = percentiles(r.latencies);
    best = Math.max(best, r.accepted / r.elapsed);
    console.log(
      `${String(perCall).padEnd(12)}  ${fmt(r.accepted / r.elapsed).padStart(8)}  ${fmt(r.latencies.length / r.elapsed).padStart(8)}  ${p.p50.toFixed(1).padStart(6)}  ${p.p99.toFixed(1).padStart(6)}`,
    );
  }
  const raw = await rawInsert(200_000);
  console.log(
    `\nraw multi-row INSERT (unnest, 5,000 rows/statement) on the same database: ${fmt(raw)} rows/s`,
  );
  console.log(`best API ingest / raw INSERT: ${(best / raw).toFixed(2)}`);
} finally {
  await api.stop();
  await db.drop();
}

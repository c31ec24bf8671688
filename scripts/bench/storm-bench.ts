/**
 * npm run bench:storm — a reconnect storm: N agents (BENCH_AGENTS, default 10,000) that were
 * OFFLINE (the sweep ran during a long API outage) all reconnect at once when the API is back,
 * each over its own graphql-ws socket as the agent does (HTTP when the socket is refused, the
 * agent's back-off when the API is unreachable), and send one sample. Prints the time until every node
 * is ONLINE (target ≤ 10 s for 10,000), the ONLINE audit entries written, and verifies every
 * workspace's audit chain (the real verifier, entries read back from the database).
 * Same-run baseline: the time PostgreSQL takes for one plain UPDATE of all N nodes. Also prints the
 * CPU of this database's PostgreSQL backends during the storm beside the API's (read from /proc:
 * PostgreSQL on this machine, as the benches run it), to tell which side the time went to, and
 * both again once the API's statements have stopped (the baseline windows a returning node's
 * saved statistics stood in for are read after the storm: their cost is counted there).
 */
import { loadavg } from "node:os";
import pg from "pg";
import { Backoff } from "../../agent/src/transport/backoff.ts";
import { ApiError, GraphQLClient } from "../../agent/src/transport/graphql-client.ts";
import { ChainVerifier } from "../../api/src/audit/audit-chain.ts";
import {
  cpuOf,
  freshDatabase,
  REPORT,
  type ReportBody,
  sampleAt,
  seedAgents,
  startApi,
  startFloor,
} from "./bench-api.ts";

const count = Number(process.env.BENCH_AGENTS ?? 10_000);
const workspaces = Number(process.env.BENCH_WORKSPACES ?? 10);
// Quiet seconds each node has stored before the outage (its baseline window is rebuilt from up to
// 300 of them when it reconnects): 0 is a fleet enrolled just before the outage.
const historySeconds = Number(process.env.BENCH_HISTORY_SECONDS ?? 0);
const db = await freshDatabase();
const env = { DATABASE_URL: db.url, DATABASE_POOL_SIZE: "20", RATE_LIMIT_PER_MINUTE: "100000" };
let api = await startApi(env);
const client = new pg.Client(db.url);
await client.connect();
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * The transport floor: the same agents' clients reconnecting at once to graphql-ws-floor.mjs, which
 * answers each with the API's own answer and does none of its work. How long the handshakes, the
 * frames and this process's 10,000 clients take alone on this machine: what the storm could reach
 * at best.
 */
async function stormFloor(agents: { token: string }[], answer: string, ts: number) {
  const floor = await startFloor(answer);
  try {
    const cpu0 = floor.cpuSeconds();
    const own0 = process.cpuUsage();
    const start = performance.now();
    const storm = reconnectAll(agents, floor.base, ts);
    await storm.done;
    const answeredMs = performance.now() - start;
    const own = process.cpuUsage(own0);
    storm.close();
    const { failed } = storm.stats;
    console.log(
      `transport floor, same run: the same ${fmt(agents.length)} clients against a bare graphql-ws responder (none of the API's work: scripts/bench/graphql-ws-floor.mjs): ${failed ? "no figure" : `every sample answered after ${(answeredMs / 1000).toFixed(2)} s`}, ${outcome(storm.stats)}; responder CPU ${(floor.cpuSeconds() - cpu0).toFixed(1)} s, bench client CPU ${((own.user + own.system) / 1e6).toFixed(1)} s`,
    );
  } finally {
    floor.stop();
  }
}

interface StormStats {
  failed: number;
  firstFailure: string;
  retried: number;
  fellBack: number;
  /** The first answer that stored its sample, as sent (the floor sends it back). */
  answer: string;
}

const outcome = (s: StormStats) =>
  `${s.failed} failed${s.failed ? ` (first: ${s.firstFailure})` : ""}, ${s.retried} retried, ${s.fellBack} fell back to HTTP`;

/**
 * Every agent at once, as after a restart, and each as the agent does it (agent-api.ts, daemon.ts):
 * over its socket; a refused socket (reset during the upgrade) falls back to HTTP at once; an
 * unreachable or busy API is tried again after the agent's back-off. Each fallback and retry is
 * counted and printed: they cost the fleet time, and a lost sample is a failure.
 */
function reconnectAll(agents: { token: string }[], apiUrl: string, ts: number) {
  const stats: StormStats = { failed: 0, firstFailure: "", retried: 0, fellBack: 0, answer: "" };
  const start = performance.now();
  const clients = agents.map(
    (a) =>
      new GraphQLClient({
        apiUrl,
        agentKey: a.token,
        socket: true,
        userAgent: "levee-bench",
        timeoutMs: 120_000,
        onSocketRefused: () => stats.fellBack++,
      }),
  );
  const sends = clients.map(async (client) => {
    const backoff = new Backoff(500, 30_000);
    for (;;) {
      try {
        const data = await client.requestOverSocket(REPORT, { samples: [sampleAt(ts, 1000)] });
        if ((data as ReportBody["data"])?.reportTelemetry?.accepted === 1) {
          stats.answer ||= JSON.stringify({ data });
          return;
        }
        stats.failed++;
        stats.firstFailure ||= JSON.stringify(data).slice(0, 200);
        return;
      } catch (error) {
        const retryable = error instanceof ApiError && error.retryable;
        if (!retryable || performance.now() - start > 120_000) {
          stats.failed++;
          stats.firstFailure ||= (error as Error).message;
          return;
        }
        stats.retried++;
        await new Promise((r) => setTimeout(r, Math.max(error.retryAfterMs ?? 0, backoff.next())));
      }
    }
  });
  return {
    stats,
    done: Promise.all(sends),
    close: () => {
      for (const client of clients) client.close();
    },
  };
}

try {
  const agents = (
    await Promise.all(
      Array.from({ length: workspaces }, () => seedAgents(db.url, Math.ceil(count / workspaces))),
    )
  )
    .flatMap((w) => w.agents)
    .slice(0, count);
  // The outage: the API stops, the offline sweep has marked every node OFFLINE.
  await api.stop();
  if (historySeconds > 0) {
    const seeded = performance.now();
    // Written straight to the table, ending a minute before the outage.
    await client.query(
      `INSERT INTO traffic_sample (node_id, ts, interface, rx_pps, rx_bps, tx_pps, tx_bps, tcp_pps, udp_pps,
                                   icmp_pps, other_pps, syn_recv, tcp_established, tcp_total, syncookies_sent)
       SELECT n.id, date_trunc('second', now()) - make_interval(secs => 60 + g), 'eth0',
              900 + random() * 200, 8e6, 500, 4e6, 700, 150, 5, 45, 2, 40, 60, 0
         FROM node n CROSS JOIN generate_series(1, $1) AS g`,
      [historySeconds],
    );
    // The statistics each node last saved (every BASELINE_SAVE_SECONDS while it ran), learned
    // from its last 300 quiet seconds: with fewer seconds of history they count fewer samples.
    await client.query(
      `INSERT INTO node_baseline (node_id, metric, samples, avg, p95, p99, updated_at)
       SELECT s.node_id, m.metric::"TrafficMetric", count(*), avg(m.v),
              percentile_cont(0.95) WITHIN GROUP (ORDER BY m.v), percentile_cont(0.99) WITHIN GROUP (ORDER BY m.v),
              max(s.ts)
         FROM traffic_sample s
         CROSS JOIN LATERAL (VALUES ('PPS', s.rx_pps), ('BPS', s.rx_bps), ('TCP_PPS', s.tcp_pps),
           ('UDP_PPS', s.udp_pps), ('ICMP_PPS', s.icmp_pps), ('SYN_RECV', s.syn_recv::float8),
           ('TCP_ESTABLISHED', s.tcp_established::float8), ('TCP_SOCKETS', s.tcp_total::float8),
           ('SYN_COOKIES', s.syncookies_sent)) AS m(metric, v)
        WHERE s.ts > (SELECT max(ts) FROM traffic_sample) - interval '300 seconds'
        GROUP BY s.node_id, m.metric`,
    );
    const learned = await client.query<{ nodes: number }>(
      `SELECT count(*)::int AS nodes FROM (SELECT node_id FROM node_baseline GROUP BY node_id HAVING min(samples) >= 300) n`,
    );
    // A fleet's table has been vacuumed and analysed by autovacuum long before an outage; a table
    // loaded a moment ago has neither hint bits nor statistics: its first reads set the bits of
    // every page (dirtying and writing them: 1.6–1.7 s instead of 1.0–1.1 s to read 500 nodes'
    // windows, measured) and are planned blind. This server runs with autovacuum off, so it is done here.
    const vacuumed = performance.now();
    await client.query("VACUUM ANALYZE traffic_sample");
    console.log(
      `history: ${historySeconds} quiet seconds per node, ${fmt(agents.length * historySeconds)} rows in ${((vacuumed - seeded) / 1000).toFixed(1)} s, VACUUM ANALYZE ${((performance.now() - vacuumed) / 1000).toFixed(1)} s; ${fmt(learned.rows[0]?.nodes ?? 0)} nodes' saved statistics learned from 300 samples`,
    );
  }
  await client.query("UPDATE node SET status = 'OFFLINE'");
  const t0 = performance.now();
  await client.query("UPDATE node SET last_seen_at = now() WHERE status = 'OFFLINE'");
  const baselineMs = performance.now() - t0;
  const auditBefore = Number((await client.query("SELECT count(*) FROM audit_log")).rows[0].count);

  api = await startApi(env);
  const loadBefore = loadavg();
  const cpu0 = api.cpuSeconds();
  // CPU seconds of each of this database's backends when first and last seen (the API's pool:
  // backends live for the storm; one that ends between two polls loses its last 50 ms). A backend
  // first seen after the storm began was opened for it: all its CPU counts.
  const backendCpu = new Map<number, { first: number; last: number }>();
  let stormBegun = false;
  const pollBackends = async () => {
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    for (const { pid } of rows) {
      const now = cpuOf(pid);
      const seen = backendCpu.get(pid);
      if (seen) seen.last = Math.max(seen.last, now);
      else backendCpu.set(pid, { first: stormBegun ? 0 : now, last: now });
    }
  };
  await pollBackends();
  stormBegun = true;
  const start = performance.now();
  const ts = Date.now() - 1000;
  const cpuClient0 = process.cpuUsage();
  const storm = reconnectAll(agents, api.base, ts);
  let allOnlineMs = Number.NaN;
  for (;;) {
    const online = Number(
      (await client.query("SELECT count(*) FROM node WHERE status = 'ONLINE'")).rows[0].count,
    );
    if (online >= agents.length) {
      allOnlineMs = performance.now() - start;
      break;
    }
    await pollBackends();
    if (performance.now() - start > 120_000) {
      console.log(`only ${fmt(online)} of ${fmt(agents.length)} ONLINE after 120 s`);
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await pollBackends();
  const postgresCpuToOnline = [...backendCpu.values()].reduce((sum, b) => sum + b.last - b.first, 0);
  await storm.done;
  await pollBackends();
  const answeredMs = performance.now() - start;
  const postgresCpu = [...backendCpu.values()].reduce((sum, b) => sum + b.last - b.first, 0);
  const cpu = api.cpuSeconds() - cpu0;
  const clientCpu = process.cpuUsage(cpuClient0);
  storm.close();
  // Until the API's backends have run no statement for 3 s (deferred window reads included).
  let lastActive = performance.now();
  while (performance.now() - lastActive < 3000 && performance.now() - start < 240_000) {
    const { rows } = await client.query<{ active: number }>(
      `SELECT count(*)::int AS active FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
    );
    if (rows[0]?.active) lastActive = performance.now();
    await pollBackends();
    await new Promise((r) => setTimeout(r, 50));
  }
  const settledMs = lastActive - start;
  const postgresCpuSettled = [...backendCpu.values()].reduce((sum, b) => sum + b.last - b.first, 0);
  const cpuSettled = api.cpuSeconds() - cpu0;

  const entries = Number((await client.query("SELECT count(*) FROM audit_log")).rows[0].count) - auditBefore;
  const chains = (await client.query("SELECT DISTINCT chain FROM audit_log")).rows.map((r) => r.chain);
  let verified = 0;
  let broken = 0;
  for (const chain of chains) {
    const verifier = new ChainVerifier();
    const { rows } = await client.query(
      `SELECT id, chain, seq, workspace_id AS "workspaceId", actor_type AS "actorType", actor_id AS "actorId",
              actor_label AS "actorLabel", action, target_type AS "targetType", target_id AS "targetId",
              summary, ip, created_at AS "createdAt", prev_hash AS "prevHash", hash
         FROM audit_log WHERE chain = $1 ORDER BY seq`,
      [chain],
    );
    verifier.feed(rows);
    const verdict = verifier.verdict();
    verified += verdict.checked;
    if (!verdict.valid) broken++;
  }
  console.log(
    `reconnect storm: ${fmt(agents.length)} agents in ${workspaces} workspaces, one graphql-ws socket each, ${historySeconds} s of history each`,
  );
  console.log(
    `baseline, same run: one plain UPDATE of all ${fmt(agents.length)} node rows: ${baselineMs.toFixed(0)} ms`,
  );
  const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(" ");
  console.log(`load average:            ${load(loadBefore)} at the storm, ${load(loadavg())} at the end`);
  console.log(`all ONLINE after:        ${(allOnlineMs / 1000).toFixed(2)} s (target ≤ 10 s)`);
  console.log(`every sample answered:   ${(answeredMs / 1000).toFixed(2)} s, ${outcome(storm.stats)}`);
  console.log(`API CPU during storm:    ${cpu.toFixed(1)} s, RSS ${fmt(api.rssMb())} MB`);
  console.log(
    `PostgreSQL backends CPU: ${postgresCpuToOnline.toFixed(1)} s until all ONLINE, ${postgresCpu.toFixed(1)} s until every sample answered (this database's backends)`,
  );
  console.log(
    `once the API's statements stopped (${(settledMs / 1000).toFixed(1)} s): API CPU ${cpuSettled.toFixed(1)} s, PostgreSQL backends CPU ${postgresCpuSettled.toFixed(1)} s (deferred window reads included)`,
  );
  console.log(
    `bench client CPU:        ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s (${fmt(agents.length)} agents in this one process)`,
  );
  console.log(`ONLINE audit entries:    ${fmt(entries)} (one per workspace per batch, naming its nodes)`);
  console.log(`audit chains verified:   ${chains.length} chains, ${fmt(verified)} entries, ${broken} broken`);
  if (storm.stats.answer) await stormFloor(agents, storm.stats.answer, ts);
} finally {
  await client.end();
  await api.stop();
  await db.drop();
}

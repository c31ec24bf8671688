/**
 * npm run bench:ingest — samples/s one API process sustains with 1,000, 5,000 and 10,000
 * simulated nodes (each sending one sample a second over its own graphql-ws socket, as
 * levee-agent does; BENCH_PACED_HTTP=1 adds keep-alive HTTP rows), p50/p99 latency of
 * reportTelemetry, the API's CPU and RSS; the same fleets paced as the agent sends (one call in
 * flight per node, seconds queued meanwhile batched into its next call); then the process's ceiling (nodes sending as fast as
 * answered, 1, 10 and 100 samples a call, over HTTP and over the socket) beside raw multi-row
 * INSERT of the same rows on the same database, and the transport floor (graphql-ws-floor.mjs: the
 * same client and frames answered with none of the API's work). Targets: 10,000 nodes stored in
 * full with p99 < 100 ms; single-sample ceiling ≥ 0.25 × raw INSERT. Sockets are driven by the
 * bench's own client (lean-socket.ts); BENCH_CLIENT=agent drives them with the agent's. The API
 * gets this environment: REDIS_URL=… measures it as production runs it (rate counts and pub/sub
 * in Redis), API_THREADS=2 (with REDIS_URL) on two threads of the one process.
 */
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import { Backoff } from "../../agent/src/transport/backoff.ts";
import { SocketChannel } from "../../agent/src/transport/socket-channel.ts";
import {
  backToBack,
  freshDatabase,
  percentiles,
  post,
  postgresCpuMeter,
  REPORT,
  type ReportBody,
  type SeededAgent,
  type Send,
  sampleAt,
  sampleClock,
  seedAgents,
  startApi,
  startFloor,
} from "./bench-api.ts";
import { LeanSocket } from "./lean-socket.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const sizes = (process.env.BENCH_NODES ?? "1000,5000,10000").split(",").map(Number);
const maxNodes = Math.max(...sizes);
// BENCH_CEILING_PER_CALL=1: only the single-sample ceiling rows (a profile of one call's cost).
const perCalls = (process.env.BENCH_CEILING_PER_CALL ?? "1,10,100").split(",").map(Number);
// Calls in flight at once in the ceiling rows. Each call waits for the write-behind flush
// (TELEMETRY_FLUSH_MS) and its INSERT: 32 callers left the API ~30 % idle, so the ceiling read
// the callers' latency, not the process's capacity. Enough that the API is the bound.
const ceilingCallers = Number(process.env.BENCH_CEILING_CONCURRENCY ?? 256);
// BENCH_CEILING_TRANSPORTS=socket: one transport's rows alone (a profile of that path).
const ceilingTransports = (process.env.BENCH_CEILING_TRANSPORTS ?? "http,socket").split(",") as Transport[];
// Which client drives the sockets: the bench's own (lean-socket.ts: the agent's frames, less of
// the generator's CPU) or, with BENCH_CLIENT=agent, the agent's SocketChannel. Checked before
// anything is created, so a typo leaves no database behind.
const agentClient = process.env.BENCH_CLIENT === "agent";
if (process.env.BENCH_CLIENT && !["agent", "lean"].includes(process.env.BENCH_CLIENT))
  throw new Error(`BENCH_CLIENT=${process.env.BENCH_CLIENT}: "lean" (the default) or "agent"`);

const db = await freshDatabase();
const api = await startApi({
  DATABASE_URL: db.url,
  DATABASE_POOL_SIZE: "20",
  RATE_LIMIT_PER_MINUTE: "100000",
  // Nodes a run leaves silent (the 9,000 a 1,000-node run does not use) would go OFFLINE 90 s
  // later, in the middle of another run, whose figures would then carry 9,000 transitions
  // (audit, events, alerts): bench:storm measures those; this bench measures storing samples.
  NODE_OFFLINE_AFTER_SECONDS: "86400",
});
const { agents } = await seedAgents(db.url, maxNodes);
const clock = sampleClock();
const rows: string[] = [];

type Transport = "http" | "socket";

interface Channel {
  request(query: string, variables: Record<string, unknown>): Promise<unknown>;
  close(): void;
}

/** A node's socket to `base` (http://host:port), by the client BENCH_CLIENT names. */
function channelTo(base: string, node: SeededAgent): Channel {
  const url = `${base.replace(/^http/, "ws")}/graphql`;
  const authorization = `Bearer ${node.token}`;
  return agentClient
    ? new SocketChannel({
        url,
        authorization: () => authorization,
        userAgent: "levee-bench",
        timeoutMs: 60_000,
      })
    : new LeanSocket({ url, authorization, userAgent: "levee-bench" });
}

/** One persistent socket per node, opened on its first sample (as the agent does). */
const channels = new Map<string, Channel>();
function sender(transport: Transport): Send {
  if (transport === "http") return (node, samples) => post(api.base, node.token, REPORT, { samples });
  return (node, samples) => {
    let channel = channels.get(node.nodeId);
    if (!channel) {
      channel = channelTo(api.base, node);
      channels.set(node.nodeId, channel);
    }
    return channel.request(REPORT, { samples }) as Promise<ReportBody>;
  };
}

/**
 * Opens the sockets of these nodes before a paced run (connecting is measured by bench:storm).
 * A socket an overloaded API did not open (4408: connection_init not answered in time) is
 * dropped and counted; its node opens a new one on its first paced sample, as an agent would.
 */
async function connectAll(nodes: SeededAgent[]): Promise<number> {
  const send = sender("socket");
  const runStart = clock.take(3_600_000);
  let unopened = 0;
  for (let i = 0; i < nodes.length; i += 500)
    await Promise.all(
      nodes.slice(i, i + 500).map((n) =>
        send(n, [sampleAt(runStart, 2000)]).catch(() => {
          unopened++;
          channels.get(n.nodeId)?.close();
          channels.delete(n.nodeId);
        }),
      ),
    );
  return unopened;
}

/**
 * Calls `each` for every node once a second for `seconds` from `start`, node i at i/n of each
 * second (a fleet's samples spread over the second, as unsynchronised agents send them).
 */
async function everySecond(
  count: number,
  start: number,
  each: (i: number, second: number, due: number) => void,
) {
  for (let s = 0; s < seconds; s++) {
    const secondStart = start + s * 1000;
    for (let i = 0; i < count; i++) {
      const due = secondStart + (i / count) * 1000;
      const wait = due - performance.now();
      if (wait > 2) await new Promise((r) => setTimeout(r, wait));
      each(i, s, due);
    }
  }
}

/**
 * The API's CPU, the load generator's own and PostgreSQL's (each a share of a core) from now: one
 * process drives every socket, and when it saturates a core the late samples are its, not the
 * API's; the three side by side say who holds the machine's two cores at each fleet size.
 */
function cpuMeter() {
  const cpu0 = api.cpuSeconds();
  const own0 = process.cpuUsage();
  const postgres = postgresCpuMeter();
  return (elapsed: number) => {
    const own = process.cpuUsage(own0);
    return {
      cpu: (api.cpuSeconds() - cpu0) / elapsed,
      generatorCpu: (own.user + own.system) / 1e6 / elapsed,
      databaseCpu: postgres() / elapsed,
    };
  };
}

/**
 * The API's back-pressure while a run goes on (its /metrics, read every second): the most agent
 * operations it had at work, the most sockets it held past WS_PROCESS_MAX_OPERATIONS, and the
 * operations it refused past a key's share (AGENT_KEY_SHARE).
 */
function watchAgentLoad() {
  const peak = { operations: 0, held: 0, apiStallMs: 0 };
  // The write-behind INSERTs' times (a histogram: this run's part is the last scrape less the first).
  const writes = { first: new Map<string, number>(), last: new Map<string, number>() };
  // A tail with the API's core not full comes from stalls: the longest event-loop delay of the
  // API (prom-client's, reset at each scrape) and of this generator (its ages include its own).
  const generatorLoop = monitorEventLoopDelay({ resolution: 10 });
  generatorLoop.enable();
  // Operations refused because their key had its share at work (a counter: this run's part).
  const refusals = { first: Number.NaN, last: 0 };
  const read = async () => {
    const text = await fetch(`${api.base}/metrics`).then(
      (r) => r.text(),
      () => "",
    );
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
    peak.operations = Math.max(peak.operations, gauge("levee_graphql_ws_agent_operations"));
    peak.held = Math.max(peak.held, gauge("levee_graphql_ws_sockets_held"));
    const stall = Number(/^levee_nodejs_eventloop_lag_max_seconds ([\d.e+-]+)$/m.exec(text)?.[1] ?? 0);
    peak.apiStallMs = Math.max(peak.apiStallMs, 1000 * stall);
    const buckets = new Map<string, number>();
    for (const m of text.matchAll(/^levee_telemetry_write_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm))
      buckets.set(m[1] as string, Number(m[2]));
    if (buckets.size === 0) return;
    if (writes.first.size === 0) writes.first = buckets;
    writes.last = buckets;
    // A failed read (no text) leaves the count as it was.
    const refused = /^levee_graphql_ws_key_share_refusals_total (\d+)$/m.exec(text)?.[1];
    if (refused === undefined) return;
    refusals.last = Number(refused);
    if (Number.isNaN(refusals.first)) refusals.first = refusals.last;
  };
  const first = read();
  const timer = setInterval(() => void read(), 1000);
  return async () => {
    clearInterval(timer);
    await first;
    await read();
    generatorLoop.disable();
    const refused = Number.isNaN(refusals.first) ? 0 : refusals.last - refusals.first;
    const generatorStall = generatorLoop.max / 1e6;
    return `        back-pressure (API /metrics each second): at most ${fmt(peak.operations)} agent operations at work, ${fmt(peak.held)} sockets held, ${fmt(refused)} refused past a key's share
        longest event-loop stall: API ${peak.apiStallMs.toFixed(0)} ms (its main thread), load generator ${generatorStall.toFixed(0)} ms (p99 ${(generatorLoop.percentile(99) / 1e6).toFixed(0)} ms)
        sample INSERTs (write-behind batches to commit): ${writeTimes(writes.first, writes.last)}`;
  };
}

/** This run's write-behind INSERTs from two scrapes of their histogram: how many, and their slow part. */
function writeTimes(first: Map<string, number>, last: Map<string, number>): string {
  const count = (le: string) => (last.get(le) ?? 0) - (first.get(le) ?? 0);
  const all = count("+Inf");
  if (all === 0) return "none seen (an API without levee_telemetry_write_seconds)";
  const over = (le: string) => `${fmt(all - count(le))} over ${Number(le) * 1000} ms`;
  const slowest = [...last.keys()].find((le) => le !== "+Inf" && count(le) === all);
  return `${fmt(all)} batches, ${over("0.025")}, ${over("0.1")}, ${over("0.25")}; ${slowest ? `all within ${Number(slowest) * 1000} ms` : "some over 2.5 s"}`;
}

async function paced(nodes: SeededAgent[], send: Send) {
  const latencies: number[] = [];
  /** Each answered call's latency by the second it was sent in (where a tail comes from). */
  const bySecond: number[][] = Array.from({ length: seconds }, () => []);
  let accepted = 0;
  let errors = 0;
  const start = performance.now();
  const startedAt = Date.now();
  const meter = cpuMeter();
  // Samples of now, as a live fleet sends them (the ceiling's come from the clock's past spans):
  // one from 20 h back is late, and a late sample also marks its bucket for the rollup jobs.
  const runStart = startedAt;
  const inflight: Promise<void>[] = [];
  await everySecond(nodes.length, start, (i, s) => {
    const sent = performance.now();
    inflight.push(
      send(nodes[i] as SeededAgent, [sampleAt(runStart + s * 1000, 2000 + (i % 100))]).then(
        (body) => {
          latencies.push(performance.now() - sent);
          bySecond[s]?.push(performance.now() - sent);
          if (body.data?.reportTelemetry?.accepted === 1) accepted++;
          else errors++;
        },
        () => void errors++,
      ),
    );
  });
  // An overloaded API is not waited for forever: what is unanswered 10 s after the last send is "late".
  const settled = Promise.all(inflight).then(() => true);
  const inTime = await Promise.race([settled, new Promise((r) => setTimeout(() => r(false), 10_000))]);
  const elapsed = (performance.now() - start) / 1000;
  const late = inTime ? 0 : nodes.length * seconds - latencies.length - errors;
  // What was stored by then: answers after it are drained below but not counted as stored/s.
  const acceptedInTime = accepted;
  const errorsInTime = errors;
  const answeredInTime = latencies.slice();
  const secondsInTime = bySecond.map((l) => l.slice());
  const { cpu, generatorCpu, databaseCpu } = meter(elapsed);
  await settled; // drain before the next run
  return {
    startedAt,
    bySecond: secondsInTime,
    accepted: acceptedInTime,
    errors: errorsInTime,
    late,
    elapsed,
    latencies: answeredInTime,
    cpu,
    generatorCpu,
    databaseCpu,
  };
}

/**
 * Paced as levee-agent sends (TelemetryPusher): each node queues one sample a second and has one
 * call in flight at most; the seconds queued while it waits go together in its next call (up to
 * 500, the agent's batch). An API that cannot keep up then gets fewer, larger calls, as it would
 * from a real fleet, instead of a pile of concurrent single-sample calls per node. Latency here
 * is a sample's age when its call is answered (from the second it was due).
 */
async function pacedAsAgents(nodes: SeededAgent[], send: Send) {
  const ages: number[] = [];
  const bySecond: number[][] = Array.from({ length: seconds }, () => []);
  let stored = 0;
  let calls = 0;
  let failedCalls = 0;
  let rejected = 0;
  let sent = 0;
  let maxBatch = 0;
  let stopped = false;
  const start = performance.now();
  const startedAt = Date.now();
  const meter = cpuMeter();
  // Samples of now, as a live fleet sends them (the ceiling's come from the clock's past spans):
  // one from 20 h back is late, and a late sample also marks its bucket for the rollup jobs.
  const runStart = startedAt;
  const queues = nodes.map(() => [] as { second: number; due: number }[]);
  const busy = nodes.map(() => false);
  const backoffs = nodes.map(() => new Backoff(500, 30_000));
  const pending = new Set<Promise<void>>();
  const flush = (i: number) => {
    const queue = queues[i] as { second: number; due: number }[];
    if (stopped || busy[i] || queue.length === 0) return;
    const batch = queue.splice(0, 500);
    busy[i] = true;
    calls++;
    sent += batch.length;
    maxBatch = Math.max(maxBatch, batch.length);
    const samples = batch.map((b) => sampleAt(runStart + b.second * 1000, 2000 + (i % 100)));
    const call: Promise<void> = send(nodes[i] as SeededAgent, samples)
      .then((body) => {
        const report = body.data?.reportTelemetry;
        // An answer without a report (rate limited, unavailable) fails the call, as the agent's
        // client throws on it: the batch stays queued and goes again after the back-off.
        if (!report) throw new Error("no report in the answer");
        const now = performance.now();
        backoffs[i]?.reset();
        // A batch sent again after a failure may hold seconds already stored: those count once.
        const accepted = (report.accepted ?? 0) + (report.duplicates ?? 0);
        stored += accepted;
        rejected += batch.length - accepted;
        for (let k = 0; k < accepted; k++) {
          const { due, second } = batch[k] as { second: number; due: number };
          ages.push(now - due);
          bySecond[second]?.push(now - due);
        }
      })
      .catch(() => {
        failedCalls++;
        queue.unshift(...batch);
        return new Promise<void>((r) => setTimeout(r, backoffs[i]?.next()));
      })
      .finally(() => {
        busy[i] = false;
        pending.delete(call);
        flush(i);
      });
    pending.add(call);
  };
  await everySecond(nodes.length, start, (i, second, due) => {
    queues[i]?.push({ second, due });
    flush(i);
  });
  // What is still queued or unanswered 10 s after the last second is "late".
  const drainBy = performance.now() + 10_000;
  // Polled: racing thousands of pending calls every 100 ms leaves a reaction on each per race
  // (the generator ran out of heap that way).
  while (pending.size > 0 && performance.now() < drainBy) await new Promise((r) => setTimeout(r, 100));
  const elapsed = (performance.now() - start) / 1000;
  // Counted by then; answers after it are drained below but not counted.
  const result = {
    startedAt,
    stored,
    calls,
    failedCalls,
    rejected,
    samplesPerCall: sent / Math.max(1, calls),
    late: nodes.length * seconds - stored - rejected,
    ages: ages.slice(),
    bySecond: bySecond.map((l) => l.slice()),
    maxBatch,
  };
  const { cpu, generatorCpu, databaseCpu } = meter(elapsed);
  // Drain before the next run: every queue empty, nothing in flight.
  const giveUpAt = performance.now() + 120_000;
  while ((pending.size > 0 || queues.some((q) => q.length > 0)) && performance.now() < giveUpAt) {
    for (let i = 0; i < queues.length; i++) flush(i);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Whatever is left must not send into the next run.
  stopped = true;
  if (pending.size > 0 || queues.some((q) => q.length > 0))
    console.log("(the API had not taken every queued sample 120 s after the run: the rest is dropped)");
  return { ...result, elapsed, cpu, generatorCpu, databaseCpu };
}

/** Back to back; with the API's CPU time per call (what 10,000 agents at 1 Hz must fit in one second). */
async function ceiling(nodes: SeededAgent[], perCall: number, concurrency: number, send: Send) {
  const cpu0 = api.cpuSeconds();
  const result = await backToBack({ nodes, perCall, concurrency, seconds, clock, send });
  const cpuMsPerCall = (1000 * (api.cpuSeconds() - cpu0)) / Math.max(1, result.latencies.length);
  return { ...result, cpuMsPerCall };
}

/**
 * The transport floor: the ceiling's client, callers and frames against graphql-ws-floor.mjs, which
 * answers each report with `answer` (the API's own answer to a one-sample report) and does none of
 * the API's work. What the single-sample ceiling could reach at best on this machine, with the load
 * generator on the same cores; its CPU a call is what the socket costs before the API's own work.
 */
async function transportFloor(answer: string) {
  const floor = await startFloor(answer);
  try {
    const byNode = new Map<string, Channel>();
    const send: Send = (node, samples) => {
      let channel = byNode.get(node.nodeId);
      if (!channel) {
        channel = channelTo(floor.base, node);
        byNode.set(node.nodeId, channel);
      }
      return channel.request(REPORT, { samples }) as Promise<ReportBody>;
    };
    const nodes = agents.slice(0, 1000);
    // Warm-up: every socket open and the responder's code compiled before anything is timed.
    await backToBack({ nodes, perCall: 1, concurrency: ceilingCallers, seconds: 3, clock, send });
    const cpu0 = floor.cpuSeconds();
    const apiCpu0 = api.cpuSeconds();
    const own0 = process.cpuUsage();
    const r = await backToBack({ nodes, perCall: 1, concurrency: ceilingCallers, seconds, clock, send });
    const own = process.cpuUsage(own0);
    // Answered calls only (the answer says accepted: 1): a refused socket fails in a millisecond.
    const cpuMsPerCall = (1000 * (floor.cpuSeconds() - cpu0)) / Math.max(1, r.accepted);
    for (const channel of byNode.values()) channel.close();
    return {
      callsPerSecond: r.accepted / r.elapsed,
      failed: r.failed,
      cpuMsPerCall,
      generatorCpu: (own.user + own.system) / 1e6 / r.elapsed,
      // The idle API's own background work meanwhile (its jobs): CPU the floor did not have.
      apiCpu: (api.cpuSeconds() - apiCpu0) / r.elapsed,
    };
  } finally {
    floor.stop();
  }
}

async function rawInsert(count: number) {
  const client = new pg.Client(db.url);
  await client.connect();
  const ids = agents.slice(0, 1000).map((a) => a.nodeId);
  // Times of its own, before those the API runs send (it writes past the API's 24 h window).
  const from = Date.now() - 100 * 3_600_000;
  const start = performance.now();
  for (let done = 0; done < count; done += 5000) {
    const n = Math.min(5000, count - done);
    const cols: unknown[][] = Array.from({ length: 15 }, () => []);
    for (let i = 0; i < n; i++) {
      const s = sampleAt(from + (done + i) * 1000, 2000);
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

/**
 * Waits (at most 60 s) until the API uses under 10 % of a core over a second and none of its
 * database sessions is running a statement (a rollup refresh runs in PostgreSQL while the API
 * idles): what a run left behind (late answers drained, detection windows read, rollups) is not
 * charged to the next.
 */
async function quiet(): Promise<void> {
  const until = Date.now() + 60_000;
  const began = Date.now();
  const client = new pg.Client(db.url);
  await client.connect();
  try {
    for (;;) {
      const cpu0 = api.cpuSeconds();
      await new Promise((r) => setTimeout(r, 1000));
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
            AND backend_type = 'client backend'`,
      );
      if (api.cpuSeconds() - cpu0 < 0.1 && rows[0]?.n === 0) break;
      if (Date.now() > until) {
        console.log("(the API or its database was still busy after 60 s; measuring anyway)");
        return;
      }
    }
  } finally {
    await client.end();
  }
  const waited = (Date.now() - began) / 1000;
  if (waited > 2) console.log(`(waited ${waited.toFixed(0)} s for the API and its database to go quiet)`);
}

/**
 * Where a run's tail came from: its p99 without the first second (warming up), and its worst
 * seconds, each with its wall-clock time to put beside the API's and PostgreSQL's logs.
 */
function tail(bySecond: number[][], startedAt: number): string {
  const after = percentiles(bySecond.slice(1).flat());
  const worst = bySecond
    .map((l, s) => ({ s, p: percentiles(l) }))
    .filter((w) => w.p.p99 > 0)
    .sort((a, b) => b.p.p99 - a.p.p99)
    .slice(0, 3)
    .map((w) => {
      const at = new Date(startedAt + w.s * 1000).toISOString().slice(11, 19);
      return `+${w.s} s (${at}) p99 ${w.p.p99.toFixed(0)} ms`;
    });
  return `        after the first second: p50 ${after.p50.toFixed(1)} ms, p99 ${after.p99.toFixed(1)} ms; worst seconds sent: ${worst.join(", ")}`;
}

try {
  // Warm up: every node's detection state is loaded once (as after a restart).
  // (Over the socket when only its rows are asked for: a profile then holds no HTTP work.)
  await ceiling(agents, 1, 64, sender(ceilingTransports.includes("http") ? "http" : "socket"));
  console.log(
    `API: one process${Number(process.env.API_THREADS ?? 1) > 1 ? ` on ${process.env.API_THREADS} threads (API_THREADS)` : ""}, PostgreSQL ${db.url.replace(/\/\/.*@/, "//")}, ${process.env.REDIS_URL ? `Redis ${process.env.REDIS_URL}` : "no Redis (counts and pub/sub in the process)"}, ${seconds} s per run; sockets driven by ${agentClient ? "the agent's SocketChannel (BENCH_CLIENT=agent)" : "the bench's own client (lean-socket.ts; BENCH_CLIENT=agent for the agent's)"}`,
  );
  const raw = await rawInsert(200_000);
  console.log(
    `baseline, same run: raw multi-row INSERT (unnest, 5,000 rows/statement) on the same database: ${fmt(raw)} rows/s`,
  );
  // BENCH_CEILING_ONLY=1: the ceiling rows alone (a quick before/after of the per-call cost).
  const transports: Transport[] = process.env.BENCH_CEILING_ONLY
    ? []
    : process.env.BENCH_PACED_HTTP
      ? ["http", "socket"]
      : ["socket"];
  for (const transport of transports) {
    console.log(
      `\npaced: every node sends 1 sample/s (${transport === "http" ? "keep-alive HTTP" : "one graphql-ws socket per node"})`,
    );
    console.log(
      "nodes   offered/s  stored/s   errors    late  p50 ms  p99 ms  API CPU  API RSS   load generator CPU  PostgreSQL CPU",
    );
    for (const size of sizes) {
      const unopened = transport === "socket" ? await connectAll(agents.slice(0, size)) : 0;
      if (unopened > 0) console.log(`(${unopened} of ${size} sockets did not open before this run)`);
      await quiet();
      const watched = watchAgentLoad();
      const r = await paced(agents.slice(0, size), sender(transport));
      const backPressure = await watched();
      const p = percentiles(r.latencies);
      const line = `${String(size).padEnd(7)} ${fmt(size).padStart(9)}  ${fmt(r.accepted / r.elapsed).padStart(8)}  ${String(r.errors).padStart(6)}  ${String(r.late).padStart(6)}  ${p.p50.toFixed(1).padStart(6)}  ${p.p99.toFixed(1).padStart(6)}  ${(100 * r.cpu).toFixed(0).padStart(5)} %  ${fmt(api.rssMb()).padStart(5)} MB   ${(100 * r.generatorCpu).toFixed(0).padStart(16)} %  ${(100 * r.databaseCpu).toFixed(0).padStart(12)} %`;
      console.log(line);
      rows.push(line);
      console.log(tail(r.bySecond, r.startedAt));
      console.log(backPressure);
    }
  }
  if (!process.env.BENCH_CEILING_ONLY) {
    console.log(
      "\npaced as the agent sends: 1 sample/s per node over its socket, one call in flight per node, the seconds queued meanwhile in its next call",
    );
    console.log(
      "nodes   offered/s  stored/s   calls/s  samples/call (max)     late  sample age p50 ms  p99 ms  API CPU  load generator CPU  PostgreSQL CPU",
    );
    for (const size of sizes) {
      const unopened = await connectAll(agents.slice(0, size));
      if (unopened > 0) console.log(`(${unopened} of ${size} sockets did not open before this run)`);
      await quiet();
      const watched = watchAgentLoad();
      const r = await pacedAsAgents(agents.slice(0, size), sender("socket"));
      const backPressure = await watched();
      const p = percentiles(r.ages);
      const perCall = `${r.samplesPerCall.toFixed(1)} (${r.maxBatch})`;
      const line = `${String(size).padEnd(7)} ${fmt(size).padStart(9)}  ${fmt(r.stored / r.elapsed).padStart(8)}  ${fmt(r.calls / r.elapsed).padStart(8)}  ${perCall.padStart(18)}  ${String(r.late).padStart(7)}  ${p.p50.toFixed(1).padStart(17)}  ${p.p99.toFixed(1).padStart(6)}  ${(100 * r.cpu).toFixed(0).padStart(5)} %  ${(100 * r.generatorCpu).toFixed(0).padStart(16)} %  ${(100 * r.databaseCpu).toFixed(0).padStart(12)} %`;
      console.log(line);
      rows.push(line);
      console.log(tail(r.bySecond, r.startedAt));
      console.log(backPressure);
      if (r.failedCalls > 0) console.log(`(${r.failedCalls} calls failed; their samples were sent again)`);
      if (r.rejected > 0) console.log(`(${r.rejected} samples rejected by the API)`);
    }
  }
  for (const channel of channels.values()) channel.close();
  channels.clear();
  console.log(
    `\nceiling: ${ceilingCallers} callers sending back to back for 1,000 nodes (after a warm-up run)`,
  );
  console.log("transport  samples/call  stored/s   calls/s  p50 ms  p99 ms  / raw INSERT  CPU ms/call");
  const single: Partial<Record<Transport, number>> = {};
  let floorAnswer: string | undefined;
  for (const transport of ceilingTransports) {
    const send = sender(transport);
    // Every node connected (socket) and its detection state loaded before anything is timed.
    if (transport === "socket") {
      const unopened = await connectAll(agents.slice(0, 1000));
      if (unopened > 0) console.log(`(${unopened} of 1000 sockets did not open before the ceiling)`);
    }
    await ceiling(agents.slice(0, 1000), 10, ceilingCallers, send);
    for (const perCall of perCalls) {
      await quiet();
      const r = await ceiling(agents.slice(0, 1000), perCall, ceilingCallers, send);
      const p = percentiles(r.latencies);
      const rate = r.accepted / r.elapsed;
      if (perCall === 1) single[transport] = rate;
      console.log(
        `${transport.padEnd(9)}  ${String(perCall).padEnd(12)}  ${fmt(rate).padStart(8)}  ${fmt(r.latencies.length / r.elapsed).padStart(8)}  ${p.p50.toFixed(1).padStart(6)}  ${p.p99.toFixed(1).padStart(6)}  ${(rate / raw).toFixed(2).padStart(11)}  ${r.cpuMsPerCall.toFixed(3).padStart(11)}`,
      );
    }
    if (transport === "socket" && single.socket !== undefined) {
      // The API's own answer to a one-sample report, for the floor to send back.
      const node = agents[0] as SeededAgent;
      const body = await send(node, [sampleAt(clock.take(1000), 2000)]);
      if (body.data?.reportTelemetry?.accepted === 1) floorAnswer = JSON.stringify(body);
      else
        console.log(
          `(no transport floor: the API's answer to a one-sample report was ${JSON.stringify(body)})`,
        );
    }
    for (const channel of channels.values()) channel.close();
    channels.clear();
  }
  if (floorAnswer) {
    await quiet();
    const floor = await transportFloor(floorAnswer);
    const socket = single.socket ?? 0;
    console.log(
      `transport floor, same run: the same ${ceilingCallers} callers and frames against a bare graphql-ws responder (none of the API's work: scripts/bench/graphql-ws-floor.mjs)`,
    );
    if (floor.failed > 0) console.log(`socket     1 (floor)     ${floor.failed} calls failed: no figure`);
    else
      console.log(
        `socket     1 (floor)     ${fmt(floor.callsPerSecond).padStart(8)}  ${(floor.callsPerSecond / raw).toFixed(2)} of raw INSERT, ${floor.cpuMsPerCall.toFixed(3)} ms of the responder's CPU a call, load generator ${(100 * floor.generatorCpu).toFixed(0)} % of a core, idle API ${(100 * floor.apiCpu).toFixed(0)} %; the API's single-sample ceiling is ${((100 * socket) / floor.callsPerSecond).toFixed(0)} % of it`,
      );
  }
  console.log(
    `load average: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(", ")}`,
  );
  console.log(
    `\nsingle-sample ceiling / raw INSERT: HTTP ${((single.http ?? 0) / raw).toFixed(2)}, socket ${((single.socket ?? 0) / raw).toFixed(2)} (target ≥ 0.25)`,
  );
} finally {
  for (const channel of channels.values()) channel.close();
  await api.stop();
  await db.drop();
}

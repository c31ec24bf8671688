import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { REPORT as AGENT_REPORT } from "../../agent/src/transport/agent-api.ts";
import { issueToken } from "../../api/src/auth/credentials.ts";
import { nodeArgs } from "../precompile.ts";

/** Shared harness of the API benchmarks: a fresh database, seeded agents, a real API process. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  // BENCH_DATABASE_PREFIX: benchmarks run side by side on one server keep to their own names.
  const name = `${process.env.BENCH_DATABASE_PREFIX ?? "levee_bench_"}${process.pid}_${Date.now()}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client(adminUrl);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A port nobody listens on: any, or one of BENCH_PORT_RANGE ("45000-45999") on a shared machine. */
export async function freePort(): Promise<number> {
  const [low, high] = (process.env.BENCH_PORT_RANGE ?? "0-0").split("-").map(Number) as [number, number];
  for (let attempt = 0; attempt < 50; attempt++) {
    const wanted = low === 0 ? 0 : low + Math.floor(Math.random() * (high - low + 1));
    const port = await new Promise<number | null>((resolve) => {
      const server = createServer()
        .once("error", () => resolve(null))
        .listen(wanted, "127.0.0.1", () => {
          const { port } = server.address() as { port: number };
          server.close(() => resolve(port));
        });
    });
    if (port !== null) return port;
  }
  throw new Error(`no free port in BENCH_PORT_RANGE ${process.env.BENCH_PORT_RANGE}`);
}

export interface ApiProcess {
  base: string;
  pid: number;
  /** CPU seconds (user + system) the API process has used so far. */
  cpuSeconds(): number;
  rssMb(): number;
  stop(): Promise<void>;
}

let told = false;

/**
 * Starts `api/src/main.ts` as its own process, from its precompiled bundle as production runs it
 * (`LEVEE_PRECOMPILE=false`: through tsx, to compare), and waits for /healthz.
 */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const profile = process.env.BENCH_PROFILE_DIR
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  // The young generation's size as production runs the API (api/package.json `start`): benchmarks
  // of the API judge what runs there.
  // BENCH_API_FLAGS: more node flags for the API (a GC setting to compare, say), space-separated.
  const extra = (process.env.BENCH_API_FLAGS ?? "").split(" ").filter(Boolean);
  const flags = [...profile, "--max-semi-space-size=64", ...extra];
  const entry = await nodeArgs(join(root, "api", "src", "main.ts"));
  if (!told) console.log(`API runs ${entry.includes("tsx") ? "through tsx" : "from its precompiled bundle"}`);
  told = true;
  // BENCH_API_STDOUT=<file>: the API's standard output appended there (a GC trace asked for with
  // BENCH_API_FLAGS="--trace-gc-nvp", say; each of its lines names the process); otherwise dropped.
  const stdout = process.env.BENCH_API_STDOUT ? openSync(process.env.BENCH_API_STDOUT, "a") : undefined;
  const child = spawn(process.execPath, [...flags, ...entry], {
    cwd: join(root, "api"),
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      ...env,
    },
    stdio: ["ignore", stdout ?? "ignore", "inherit"],
  });
  if (stdout !== undefined) closeSync(stdout); // the child has its own copy
  // The API must not outlive the benchmark, however it ends.
  process.once("exit", () => child.kill("SIGKILL"));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
  const base = `http://127.0.0.1:${port}`;
  // A shared, loaded machine can take a minute to start the API: wait for it, never run on without it.
  const readyBy = Date.now() + Number(process.env.BENCH_START_TIMEOUT_MS ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > readyBy) {
      child.kill("SIGKILL");
      throw new Error("API did not answer /healthz in time (BENCH_START_TIMEOUT_MS)");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid as number;
  return {
    base,
    pid,
    cpuSeconds: () => cpuOf(pid),
    rssMb: () => (Number(procStat(pid)[21]) * 4096) / 1024 / 1024,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * The transport floor (graphql-ws-floor.mjs): a bare graphql-ws responder answering every
 * report with `answer` (the API's own answer to a one-sample report, as JSON), doing none of the
 * API's work. A benchmark drives it with the same clients as the API to show what the transport
 * and the load generator alone cost on this machine.
 */
export async function startFloor(
  answer: string,
): Promise<{ base: string; cpuSeconds(): number; stop(): void }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--max-semi-space-size=64", join(root, "scripts", "bench", "graphql-ws-floor.mjs")],
    {
      env: { ...process.env, PORT: String(port), FLOOR_ANSWER: answer },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  process.once("exit", () => child.kill("SIGKILL"));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the floor responder did not listen within 30 s"));
    }, 30_000);
    child.stdout.once("data", () => {
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the floor responder exited with ${code}`));
    });
  });
  const pid = child.pid as number;
  return {
    base: `http://127.0.0.1:${port}`,
    cpuSeconds: () => cpuOf(pid),
    stop: () => child.kill("SIGKILL"),
  };
}

/**
 * `count` API processes on one database (and Redis, when env has REDIS_URL), started one after
 * the other: the first migrates the database. Request limits lifted (per minute and per second:
 * bench:fanout opens thousands of subscriptions with one key): the load is the point.
 */
export async function startApis(
  count: number,
  env: Record<string, string> & { DATABASE_URL: string },
): Promise<ApiProcess[]> {
  const apis: ApiProcess[] = [];
  const unlimited = { RATE_LIMIT_PER_MINUTE: "10000000", RATE_LIMIT_PER_SECOND: "0" };
  for (let i = 0; i < count; i++) apis.push(await startApi({ ...unlimited, ...env }));
  return apis;
}

/** Fields of /proc/<pid>/stat after the command name (field 3 onwards); none once it exited. */
function procStat(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  } catch {
    return [];
  }
}

/** CPU seconds (user + system) a process has used so far; 0 once it exited. */
export function cpuOf(pid: number): number {
  const stat = procStat(pid);
  const ticks = 100; // USER_HZ on Linux
  return stat.length === 0 ? 0 : (Number(stat[11]) + Number(stat[12])) / ticks;
}

/** CPU seconds so far of each PostgreSQL process on this machine, by pid. */
function postgresProcesses(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres")
        cpu.set(Number(entry), cpuOf(Number(entry)));
    } catch {}
  }
  return cpu;
}

/**
 * PostgreSQL's CPU from now: the function returns the seconds its processes used since, each
 * process by its own delta (a backend started meanwhile counts in full). A backend that exits
 * before the reading takes its seconds with it (undercounted, never negative: a sum over the
 * live processes dropped by an exited pool's whole life, −28 % of a core). The server is shared:
 * others' work is in it too, so a run reads it on a quiet machine.
 */
export function postgresCpuMeter(): () => number {
  const before = postgresProcesses();
  return () => {
    let used = 0;
    for (const [pid, cpu] of postgresProcesses()) used += cpu - (before.get(pid) ?? 0);
    return used;
  };
}

export interface SeededAgent {
  nodeId: string;
  token: string;
}

/** A workspace with `count` enrolled nodes, written straight to the database (enrolment is not what is measured). */
export async function seedAgents(
  url: string,
  count: number,
): Promise<{ workspaceId: string; agents: SeededAgent[] }> {
  const client = new pg.Client(url);
  await client.connect();
  const workspaceId = randomUUID();
  await client.query("INSERT INTO workspace (id, slug, name, updated_at) VALUES ($1, $2, 'Bench', now())", [
    workspaceId,
    `bench-${workspaceId.slice(0, 8)}`,
  ]);
  const agents: SeededAgent[] = [];
  for (let offset = 0; offset < count; offset += 1000) {
    const ids: string[] = [];
    const names: string[] = [];
    const keyIds: string[] = [];
    const prefixes: string[] = [];
    const hashes: string[] = [];
    for (let i = offset; i < Math.min(count, offset + 1000); i++) {
      const nodeId = randomUUID();
      const { token, prefix, hash } = issueToken("agent");
      ids.push(nodeId);
      names.push(`node-${i}`);
      keyIds.push(randomUUID());
      prefixes.push(prefix);
      hashes.push(hash);
      agents.push({ nodeId, token });
    }
    await client.query(
      `INSERT INTO node (id, workspace_id, name, owned_prefixes, updated_at)
       SELECT id, $1, name, '{}', now() FROM unnest($2::uuid[], $3::text[]) AS u(id, name)`,
      [workspaceId, ids, names],
    );
    await client.query(
      `INSERT INTO api_key (id, workspace_id, name, kind, prefix, key_hash, scopes, node_id)
       SELECT k, $1, 'bench agent', 'AGENT', p, h, '{}', n
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[]) AS u(k, p, h, n)`,
      [workspaceId, keyIds, prefixes, hashes, ids],
    );
  }
  await client.end();
  return { workspaceId, agents };
}

// Above the benches' largest concurrency (256 callers by default), so a connection count they print
// is the number of sockets open, not calls queued behind fewer.
const keepAlive = new Agent({ keepAlive: true, maxSockets: 1024 });

/** The parts of a reportTelemetry answer the benchmarks read. */
export interface ReportBody {
  data?: { reportTelemetry?: { accepted?: number; duplicates?: number; detection?: { state?: string } } };
}

/**
 * POSTs a GraphQL body as any client would (a connection of the default agent, optional bearer
 * token); resolves with the HTTP status and the raw answer, whatever the status.
 */
export function postRaw(
  base: string,
  body: string,
  token?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request(`${base}/graphql`, { method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** POSTs a GraphQL request over a keep-alive connection; resolves with the parsed body. */
export function post(base: string, token: string, query: string, variables: unknown): Promise<ReportBody> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/graphql`,
      {
        method: "POST",
        agent: keepAlive,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString()));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export function percentiles(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/** The agent's own telemetry document (thresholds and firewall directives included): what agents cost. */
export const REPORT = AGENT_REPORT;

export function sampleAt(ts: number, pps: number) {
  return {
    ts: new Date(ts).toISOString(),
    interface: "eth0",
    rxPps: pps,
    rxBps: pps * 4800,
    txPps: pps / 2,
    txBps: pps * 2400,
    tcpPps: pps * 0.7,
    udpPps: pps * 0.25,
    icmpPps: pps * 0.01,
    otherPps: pps * 0.04,
    synRecv: 0,
    tcpEstablished: 40,
    tcpTotal: 60,
  };
}

/** An integration key with these scopes, written straight to the database; returns the secret. */
export async function insertIntegrationKey(
  url: string,
  workspaceId: string,
  scopes: string[],
): Promise<string> {
  const client = new pg.Client(url);
  await client.connect();
  const { token, prefix, hash } = issueToken("integration");
  await client.query(
    `INSERT INTO api_key (id, workspace_id, name, kind, prefix, key_hash, scopes)
     VALUES ($1, $2, 'bench key', 'INTEGRATION', $3, $4, $5)`,
    [randomUUID(), workspaceId, prefix, hash, scopes],
  );
  await client.end();
  return token;
}

/**
 * Sample times for one benchmark run after another: each run takes a span of its own, so no run
 * sends a (node, ts) already stored (a duplicate is not stored again, and would read as lost).
 * Starts 20 h back: within the 24 h an API accepts.
 */
export function sampleClock(): { take(spanMs: number): number } {
  let next = Date.now() - 20 * 3_600_000;
  return {
    take(spanMs) {
      const start = next;
      next += spanMs;
      return start;
    },
  };
}

export type Send = (node: SeededAgent, samples: unknown[]) => Promise<ReportBody>;

/** Sample time each ceiling run (backToBack) takes from the clock. */
const CEILING_RUN_SPAN_MS = 30 * 60_000;

/**
 * The ceiling: `concurrency` callers each send `perCall` samples of the next node the moment
 * their last call was answered, for `seconds`. Calls go round the nodes; each round's samples
 * follow the last's by `perCall` seconds. A failed call counts as no sample stored.
 */
export async function backToBack(options: {
  nodes: SeededAgent[];
  perCall: number;
  concurrency: number;
  seconds: number;
  clock: ReturnType<typeof sampleClock>;
  send: Send;
}): Promise<{ accepted: number; failed: number; elapsed: number; latencies: number[] }> {
  const { nodes, perCall, concurrency, send } = options;
  const latencies: number[] = [];
  let accepted = 0;
  let failed = 0;
  // Sample time of its own: a run sends at most a few hundred seconds of it per node (15 s at
  // ~2,000 calls/s over 1,000 nodes is 30 rounds; 100 samples a call, ~3 rounds of 100 s). Two
  // hours a run took the ceiling's eighth run past the API's clock (samples "in the future",
  // refused: its rows printed 0 stored).
  const span = CEILING_RUN_SPAN_MS;
  const runStart = options.clock.take(span);
  let overran = false;
  const deadline = performance.now() + options.seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const i = w + n * concurrency;
        const node = nodes[i % nodes.length] as SeededAgent;
        const base = runStart + Math.floor(i / nodes.length) * perCall * 1000;
        if (base + perCall * 1000 > runStart + span) {
          // Its span used up (a long BENCH_SECONDS at 10 or 100 samples a call): said, not hidden.
          if (!overran)
            console.log(`(a ${perCall}-sample ceiling run used up its sample time: callers stopped early)`);
          overran = true;
          break;
        }
        const samples = Array.from({ length: perCall }, (_, k) => sampleAt(base + k * 1000, 2000));
        const sent = performance.now();
        const body = await send(node, samples).catch(() => {
          failed++;
          return {} as ReportBody;
        });
        latencies.push(performance.now() - sent);
        accepted += body.data?.reportTelemetry?.accepted ?? 0;
      }
    }),
  );
  return { accepted, failed, elapsed: (performance.now() - start) / 1000, latencies };
}

/**
 * npm run bench:abuse — latency of an ordinary query (an integration key reading its workspace
 * and 10 nodes) on an idle API, and while the heaviest requests the limits still allow run flat
 * out (abuse-attackers.ts, a process of its own): anonymous nodes(ids:) with 100 ids, the public
 * status page at its largest (100 nodes, read anonymously), the most expensive query under
 * GRAPHQL_MAX_COST, a graphql-ws flood of the heaviest query under the heavy threshold, and
 * aliased login guesses. Prints both and their ratio. Target: ratio ≤ 2×.
 *
 * Idle and abused windows alternate (BENCH_ROUNDS, 5, of each; BENCH_SECONDS, 15, of each in
 * all): on a machine shared with other work, a baseline taken once, before or after, measures
 * the neighbours' load as much as the attack. An idle window starts only once every attacking
 * request and operation has been answered. The ordinary query uses its own key, one request
 * every 100 ms. BENCH_ATTACKERS (4) concurrent abusive connections of each kind.
 */
import { fork } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { encodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { ATTACK_KINDS, type AttackKind, type AttackPlan } from "./abuse-attackers.ts";
import {
  freshDatabase,
  insertIntegrationKey,
  percentiles,
  seedAgents,
  postRaw as send,
  startApi,
} from "./bench-api.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ATTACKERS = Number(process.env.BENCH_ATTACKERS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/**
 * BENCH_KINDS: the floods to run (comma-separated; all four by default), to tell which one costs
 * what. A misspelt kind is an error: a bench with no flood would print a ratio near 1×.
 */
const KINDS = (process.env.BENCH_KINDS ?? ATTACK_KINDS.join(",")).split(",").map((kind) => kind.trim());
for (const kind of KINDS)
  if (!(ATTACK_KINDS as readonly string[]).includes(kind))
    throw new Error(`BENCH_KINDS: unknown kind ${kind} (kinds: ${ATTACK_KINDS.join(", ")})`);

const ORDINARY = `query { workspaces(first: 1) { edges { node { name nodes(first: 10) { edges { node { name status } } } } } } }`;
/** Just under the default cost limit (100,000): 30 nodes × their fields, detection and traffic series. */
const HEAVY_AUTHENTICATED = `query { workspaces(first: 1) { edges { node { nodes(first: 30) { edges { node {
  name hostname status interface ownedPrefixes lastSeenAt createdAt enrolled labels { key value }
  detection { state thresholds { metric threshold elevatedAt source } }
  traffic(from: "2026-01-01T00:00:00Z", to: "2026-01-01T00:10:00Z") { resolution points { ts rxPps rxBps } } } } } } } } }`;
const HEAVY_ANONYMOUS = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }";
/** The heaviest read anyone may make without signing in: a public status page of 100 nodes (the most a page lists). */
const STATUS_PAGE = `query($slug: String!) { statusPage(slug: $slug) { slug title description banner generatedAt
  nodes { name state uptimePercent days { day uptimePercent incidents } }
  incidents { ref nodeName family startedAt endedAt durationSeconds peakPps peakBps }
  notices { startsAt endsAt message active } } }`;

/** Publishes the workspace's status page listing `nodeIds` (written straight to the database, as the agents are). */
async function publishStatusPage(url: string, workspaceId: string, nodeIds: string[]): Promise<string> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query(
      `INSERT INTO status_page (workspace_id, enabled, public, title, updated_at) VALUES ($1, true, true, 'Bench', now())`,
      [workspaceId],
    );
    await client.query(
      `INSERT INTO status_page_node (workspace_id, node_id, display_name, position)
       SELECT $1, id, 'Server ' || n, n FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n)`,
      [workspaceId, nodeIds],
    );
    const { rows } = await client.query<{ slug: string }>("SELECT slug FROM workspace WHERE id = $1", [
      workspaceId,
    ]);
    return rows[0]?.slug as string;
  } finally {
    await client.end();
  }
}
/** Priced ~5,000, under the heavy threshold (a tenth of the cost limit): the heaviest query not gated. */
const HEAVY_UNGATED = `query { workspaces(first: 1) { edges { node { nodes(first: 200) { edges { node {
  name hostname status interface ownedPrefixes lastSeenAt createdAt enrolled labels { key value }
  detection { state thresholds { metric threshold elevatedAt source } } } } } } } } }`;

/**
 * Ordinary-query latencies for `seconds`, one at a time, one started every 100 ms (or as soon as
 * the last is answered, when it took longer): an ordinary client, not a second flood.
 */
async function measure(base: string, token: string, seconds: number): Promise<number[]> {
  const body = JSON.stringify({ query: ORDINARY });
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    const { status, text } = await send(base, body, token);
    if (status !== 200 || text.includes('"errors"'))
      throw new Error(`ordinary query failed: ${status} ${text}`);
    latencies.push(performance.now() - started);
    const next = started + 100 - performance.now();
    if (next > 0) await new Promise((resolve) => setTimeout(resolve, next));
  }
  return latencies;
}

const db = await freshDatabase();
const api = await startApi({ DATABASE_URL: db.url });
const attackers = fork(new URL("./abuse-attackers.ts", import.meta.url), {
  execArgv: ["--import", "tsx"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const from = (type: string) =>
  new Promise<Record<string, unknown>>((resolve) => {
    const listener = (message: { type: string }) => {
      if (message.type !== type) return;
      attackers.off("message", listener);
      resolve(message as Record<string, unknown>);
    };
    attackers.on("message", listener);
  });
try {
  const { workspaceId, agents } = await seedAgents(db.url, 200);
  const scopes = ["workspace:read", "node:read", "incident:read"];
  const token = await insertIntegrationKey(db.url, workspaceId, scopes);
  const keyA = await insertIntegrationKey(db.url, workspaceId, scopes);
  const slug = await publishStatusPage(
    db.url,
    workspaceId,
    agents.slice(0, 100).map((a) => a.nodeId),
  );
  const statusPageBody = JSON.stringify({ query: STATUS_PAGE, variables: { slug } });
  const page = await send(api.base, statusPageBody);
  if (page.status !== 200 || !page.text.includes('"Server 100"'))
    throw new Error(`the public status page does not answer: ${page.text.slice(0, 300)}`);
  for (const query of [HEAVY_AUTHENTICATED, HEAVY_UNGATED]) {
    const allowed = await send(api.base, JSON.stringify({ query }), keyA);
    if (allowed.status !== 200 || allowed.text.includes('"errors"'))
      throw new Error(`an attacking query is not allowed: ${allowed.text.slice(0, 300)}`);
  }
  const ids = agents.slice(0, 100).map((a) => encodeGlobalID("MonitoredNode", a.nodeId));
  const plan: AttackPlan = {
    base: api.base,
    attackers: ATTACKERS,
    keyA,
    anonymousBody: JSON.stringify({ query: HEAVY_ANONYMOUS, variables: { ids } }),
    statusPageBody,
    heavyBody: JSON.stringify({ query: HEAVY_AUTHENTICATED }),
    ungatedQuery: HEAVY_UNGATED,
    kinds: KINDS as AttackKind[],
  };
  const ready = from("ready");
  attackers.send(plan);
  await ready;
  const loadBefore = loadavg();

  await measure(api.base, token, 3); // warm-up: JIT, connection pool, caches
  const idle: number[] = [];
  const loaded: number[] = [];
  const answered = new Map<string, number>();
  const rounds: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const quiet = await measure(api.base, token, SECONDS / ROUNDS);
    attackers.send({ type: "start" });
    const abused = await measure(api.base, token, SECONDS / ROUNDS);
    idle.push(...quiet);
    loaded.push(...abused);
    rounds.push(`${percentiles(quiet).p50.toFixed(0)}/${percentiles(abused).p50.toFixed(0)}`);
    const stopped = from("stopped");
    attackers.send({ type: "stop" });
    const { answered: counts } = (await stopped) as { answered: Record<string, number> };
    for (const [what, n] of Object.entries(counts)) answered.set(what, (answered.get(what) ?? 0) + n);
  }
  const loadAfter = loadavg();
  console.log(`p50 idle/abused by round (ms): ${rounds.join(", ")}`);

  const a = percentiles(idle);
  const b = percentiles(loaded);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  console.log(`ordinary query (ms)        n      p50     p95     p99    mean`);
  for (const [label, values, p] of [
    ["idle API", idle, a],
    ["under abuse", loaded, b],
  ] as const)
    console.log(
      `${label.padEnd(18)} ${String(values.length).padStart(8)} ${p.p50.toFixed(1).padStart(8)} ${p.p95.toFixed(1).padStart(7)} ${p.p99.toFixed(1).padStart(7)} ${mean(values).toFixed(1).padStart(7)}`,
    );
  console.log(
    `abusive requests meanwhile (${ATTACKERS} connections of each kind, ${ROUNDS} rounds of ${SECONDS / ROUNDS} s):`,
  );
  for (const [what, n] of [...answered].sort()) console.log(`  ${what.padEnd(48)} ${String(n).padStart(7)}`);
  console.log(
    `ratio under abuse / idle: p50 ${(b.p50 / a.p50).toFixed(2)}×, mean ${(mean(loaded) / mean(idle)).toFixed(2)}× (target ≤ 2×)`,
  );
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(" ");
  console.log(
    `load average: ${load(loadBefore)} before, ${load(loadAfter)} after (${availableParallelism()} cores)`,
  );
} finally {
  attackers.send({ type: "exit" });
  await api.stop();
  await db.drop();
}

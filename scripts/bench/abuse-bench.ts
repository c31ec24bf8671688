/**
 * npm run bench:abuse — latency of an ordinary query (an integration key reading its workspace
 * and 10 nodes) on an idle API, then while the heaviest requests the limits still allow run
 * flat out: anonymous callers sending nodes(ids:) with 100 ids (the most an operation may name),
 * and an authenticated caller sending the most expensive query under GRAPHQL_MAX_COST. Prints
 * both and their ratio, measured in the same run. Target: ratio ≤ 2×.
 *
 * The attackers are held back by every limit a real one meets: query cost and list bounds,
 * one heavy operation at a time, and the per-caller rate limit (RATE_LIMIT_PER_MINUTE, default
 * 1200: the anonymous flood shares this machine's address, the authenticated one its key).
 * The ordinary query uses its own key, one request every 100 ms. BENCH_SECONDS (15) per phase,
 * BENCH_ATTACKERS (4) concurrent abusive connections of each kind.
 */
import { request } from "node:http";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { freshDatabase, insertIntegrationKey, percentiles, seedAgents, startApi } from "./bench-api.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ATTACKERS = Number(process.env.BENCH_ATTACKERS ?? 4);

const ORDINARY = `query { workspaces(first: 1) { edges { node { name nodes(first: 10) { edges { node { name status } } } } } } }`;
/** Just under the default cost limit (100,000): 30 nodes × their fields, detection and traffic series. */
const HEAVY_AUTHENTICATED = `query { workspaces(first: 1) { edges { node { nodes(first: 30) { edges { node {
  name hostname status interface ownedPrefixes lastSeenAt createdAt enrolled labels { key value }
  detection { state thresholds { metric threshold elevatedAt source } }
  traffic(from: "2026-01-01T00:00:00Z", to: "2026-01-01T00:10:00Z") { resolution points { ts rxPps rxBps } } } } } } } } }`;
const HEAVY_ANONYMOUS = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }";

function send(base: string, body: string, token?: string): Promise<{ status: number; text: string }> {
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

/**
 * Ordinary-query latencies for SECONDS, one at a time, one started every 100 ms (or as soon as
 * the last is answered, when it took longer): an ordinary client, not a second flood.
 */
async function measure(base: string, token: string): Promise<number[]> {
  const body = JSON.stringify({ query: ORDINARY });
  const latencies: number[] = [];
  const until = performance.now() + SECONDS * 1000;
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
try {
  const { workspaceId, agents } = await seedAgents(db.url, 200);
  const token = await insertIntegrationKey(db.url, workspaceId, [
    "workspace:read",
    "node:read",
    "incident:read",
  ]);
  const attacker = await insertIntegrationKey(db.url, workspaceId, [
    "workspace:read",
    "node:read",
    "incident:read",
  ]);
  const heavy = await send(api.base, JSON.stringify({ query: HEAVY_AUTHENTICATED }), attacker);
  if (heavy.status !== 200 || heavy.text.includes('"errors"'))
    throw new Error(`the heavy authenticated query is not allowed: ${heavy.text.slice(0, 300)}`);
  const ids = agents.slice(0, 100).map((a) => encodeGlobalID("MonitoredNode", a.nodeId));
  const anonymousBody = JSON.stringify({ query: HEAVY_ANONYMOUS, variables: { ids } });

  await measure(api.base, token); // warm-up: JIT, connection pool, caches
  const idle = await measure(api.base, token);

  let stop = false;
  const answered = new Map<number, number>();
  const flood = async (body: string, key?: string) => {
    while (!stop) {
      const { status } = await send(api.base, body, key);
      answered.set(status, (answered.get(status) ?? 0) + 1);
    }
  };
  const attackers = [
    ...Array.from({ length: ATTACKERS }, () => flood(anonymousBody)),
    ...Array.from({ length: ATTACKERS }, () =>
      flood(JSON.stringify({ query: HEAVY_AUTHENTICATED }), attacker),
    ),
  ];
  const loaded = await measure(api.base, token);
  stop = true;
  await Promise.all(attackers);

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
  const statuses = [...answered].map(([status, n]) => `${n}× ${status}`).join(", ");
  console.log(
    `abusive requests meanwhile: ${statuses} (${ATTACKERS} anonymous nodes(ids: 100) + ${ATTACKERS} max-cost authenticated connections)`,
  );
  console.log(
    `ratio under abuse / idle: p50 ${(b.p50 / a.p50).toFixed(2)}×, mean ${(mean(loaded) / mean(idle)).toFixed(2)}× (target ≤ 2×)`,
  );
} finally {
  await api.stop();
  await db.drop();
}

/**
 * npm run bench:bgp — network mitigation against a real GoBGP speaker and a BIRD 2 receiver in
 * network namespaces (root; gobgpd and bird2 installed), one API process on the local PostgreSQL.
 *
 * 1. Latency: BENCH_BGP_INCIDENTS (12) incidents, one per node, each opening a rate-limit rule:
 *    OPENED (the incident row's creation) → the FlowSpec route in the receiver's RIB, p50/p95,
 *    beside the baseline measured in the same run: a direct gRPC AddPath → the same RIB.
 * 2. Storm: 1,000 incidents (one per node, distinct targets) within a minute: the rules
 *    announced in any 60 s must stay within the workspace's limit (20 a minute).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { validIntent } from "../../api/src/mitigation/network/intent.ts";
import { GoBgpSpeaker } from "../../api/src/mitigation/network/speakers/gobgp-speaker.ts";
import { BgpLab, bgpLabUnavailable, waitFor } from "../../api/test/support/bgp-lab.ts";
import { freshDatabase, percentiles, post, REPORT, sampleAt, seedAgents, startApi } from "./bench-api.ts";

const INCIDENTS = Number(process.env.BENCH_BGP_INCIDENTS ?? 12);
const STORM = Number(process.env.BENCH_BGP_STORM ?? 1000);
const PER_MINUTE = 20;
const ms = (n: number) => `${n.toFixed(1)} ms`;

const why = bgpLabUnavailable();
if (why) {
  console.error(`bench:bgp cannot run here: ${why}`);
  process.exit(1);
}

/** Host address i of 203.0.112.0/22 (1,024 targets). */
const target = (i: number) => `203.0.${112 + Math.floor(i / 256)}.${i % 256}`;

async function configure(
  url: string,
  workspaceId: string,
  socket: string,
  perMinute: number,
  maxActive: number,
) {
  const db = new pg.Client(url);
  await db.connect();
  const policy = {
    steps: [{ level: "RATE_LIMIT", afterSeconds: 0, minPps: 0, minBps: 0 }],
    maxLevel: "DISCARD",
    rateLimitBytesPerSecond: 125000,
    ttlSeconds: 3600,
  };
  await db.query(
    `INSERT INTO network_mitigation_config (workspace_id, policy, safelist, speakers, max_active_rules, announcements_per_minute)
     VALUES ($1, $2, '{}', $3, $4, $5)`,
    [
      workspaceId,
      policy,
      JSON.stringify([{ name: "edge", kind: "GOBGP", endpoint: `unix://${socket}` }]),
      maxActive,
      perMinute,
    ],
  );
  await db.query(
    `INSERT INTO mitigation_prefix (id, workspace_id, prefix, verified, note) VALUES ($1, $2, '203.0.112.0/22', true, 'bench')`,
    [randomUUID(), workspaceId],
  );
  return db;
}

async function latency(lab: BgpLab, socket: string) {
  const db = await freshDatabase();
  const api = await startApi({
    DATABASE_URL: db.url,
    LEVEE_SECRET_KEY: randomBytes(32).toString("hex"),
    NETWORK_MITIGATION_ALLOWED_PREFIXES: "203.0.112.0/22",
    NETWORK_MITIGATION_SPEAKER_ENDPOINTS: `${tmpdir()}/`,
  });
  try {
    const { workspaceId, agents } = await seedAgents(db.url, INCIDENTS);
    const client = await configure(db.url, workspaceId, socket, 1000, 1000);
    const results: number[] = [];
    const toRule: number[] = [];
    for (const [i, agent] of agents.entries()) {
      await client.query("UPDATE node SET owned_prefixes = $1 WHERE id = $2", [
        [`${target(i)}/32`],
        agent.nodeId,
      ]);
      await post(api.base, agent.token, REPORT, { samples: [sampleAt(Date.now() - 500, 500_000)] });
      const dst = `dst ${target(i)}/32`;
      await waitFor(() => lab.received().some((r) => r.net.includes(dst)), `route for incident ${i}`, 30_000);
      const inRib = Date.now();
      const { rows } = await client.query("SELECT created_at FROM incident WHERE node_id = $1", [
        agent.nodeId,
      ]);
      results.push(inRib - (rows[0].created_at as Date).getTime());
      const rule = await client.query(
        "SELECT announced_at FROM network_mitigation_rule WHERE $1 = ANY(incident_ids)",
        [await incidentOf(client, agent.nodeId)],
      );
      toRule.push((rule.rows[0].announced_at as Date).getTime() - (rows[0].created_at as Date).getTime());
    }
    await client.end();
    return { results, toRule };
  } finally {
    await api.stop();
    await db.drop();
  }
}

async function incidentOf(client: pg.Client, nodeId: string): Promise<string> {
  const { rows } = await client.query("SELECT id::text FROM incident WHERE node_id = $1", [nodeId]);
  return rows[0].id as string;
}

async function baseline(lab: BgpLab, socket: string) {
  const speaker = new GoBgpSpeaker(`unix://${socket}`);
  const results: number[] = [];
  for (let i = 0; i < INCIDENTS; i++) {
    const intent = validIntent({
      kind: "FLOWSPEC",
      match: { destination: target(500 + i) },
      rateBytesPerSecond: 125000,
    });
    const start = Date.now();
    await speaker.announce(intent);
    await waitFor(
      () => lab.received().some((r) => r.net.includes(`dst ${target(500 + i)}/32`)),
      "baseline route",
    );
    results.push(Date.now() - start);
    await speaker.withdraw(intent);
  }
  await speaker.close();
  return results;
}

async function storm(lab: BgpLab, socket: string) {
  const db = await freshDatabase();
  const api = await startApi({
    DATABASE_URL: db.url,
    LEVEE_SECRET_KEY: randomBytes(32).toString("hex"),
    NETWORK_MITIGATION_ALLOWED_PREFIXES: "203.0.112.0/22",
    NETWORK_MITIGATION_SPEAKER_ENDPOINTS: `${tmpdir()}/`,
  });
  try {
    const { workspaceId, agents } = await seedAgents(db.url, STORM);
    const client = await configure(db.url, workspaceId, socket, PER_MINUTE, 100);
    await client.query(
      "UPDATE node SET owned_prefixes = ARRAY[t.p] FROM unnest($1::uuid[], $2::text[]) AS t(id, p) WHERE node.id = t.id",
      [agents.map((a) => a.nodeId), agents.map((_, i) => `${target(i)}/32`)],
    );
    const started = Date.now();
    const spacing = 60_000 / STORM;
    const answers = new Map<string, number>();
    await Promise.all(
      agents.map(async (agent, i) => {
        await sleep(i * spacing);
        const ts = Date.now() - 500;
        // Like levee-agent: an UNAVAILABLE answer is retried with back-off (the sample is kept).
        for (let attempt = 0; attempt < 6; attempt++) {
          const body = (await post(api.base, agent.token, REPORT, { samples: [sampleAt(ts, 500_000)] })) as {
            data?: { reportTelemetry?: { code?: string; detection?: { state?: string } } };
          };
          const r = body.data?.reportTelemetry;
          const label = r?.code ?? r?.detection?.state ?? "no answer";
          answers.set(label, (answers.get(label) ?? 0) + 1);
          if (label !== "UNAVAILABLE") break;
          await sleep(250 * 2 ** attempt);
        }
      }),
    );
    const sent = Date.now() - started;
    await sleep(5000); // the last incident events and a tick
    const { rows: incidents } = await client.query("SELECT count(*)::int AS n FROM incident");
    const { rows } = await client.query(
      "SELECT announced_at FROM network_mitigation_rule WHERE announced_at IS NOT NULL ORDER BY announced_at",
    );
    const times = rows.map((r) => (r.announced_at as Date).getTime());
    let worst = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] as number) - (times[j] as number) >= 60_000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    const { rows: states } = await client.query(
      "SELECT state, count(*)::int AS n FROM network_mitigation_rule GROUP BY state ORDER BY state",
    );
    const routes = lab.received().length;
    await client.end();
    return { incidents: incidents[0].n as number, sent, worst, states, routes, answers };
  } finally {
    await api.stop();
    await db.drop();
  }
}

const lab = new BgpLab();
try {
  lab.startReceiver();
  lab.startGoBgp();
  const socket = lab.path("gobgp.sock");
  await lab.sessionUp();
  const base = percentiles(await baseline(lab, socket));
  const measured = await latency(lab, socket);
  const full = percentiles(measured.results);
  const queued = percentiles(measured.toRule);
  console.log(
    `OPENED → FlowSpec route in the receiver's RIB, ${INCIDENTS} incidents: p50 ${ms(full.p50)}  p95 ${ms(full.p95)}  max ${ms(full.max)}`,
  );
  console.log(
    `  of which OPENED → rule recorded as announced (incident job, queue, database): p50 ${ms(queued.p50)}  p95 ${ms(queued.p95)}`,
  );
  console.log(
    `baseline, direct gRPC AddPath → same RIB (same run):  p50 ${ms(base.p50)}  p95 ${ms(base.p95)}  max ${ms(base.max)}`,
  );
  // Withdraw what the latency run left (its API is gone) before the storm counts routes.
  await lab.stop("gobgpd");
  await waitFor(() => lab.received().length === 0, "receiver empty");
  lab.startGoBgp();
  await lab.sessionUp();
  const s = await storm(lab, socket);
  console.log(
    `storm: reportTelemetry answers ${[...s.answers].map(([k, n]) => `${k} ${n}`).join(", ")}; ${s.incidents} incidents opened in ${(s.sent / 1000).toFixed(1)} s; rules announced in any 60 s: ${s.worst} (limit ${PER_MINUTE}); ` +
      `rule states ${s.states.map((r: { state: string; n: number }) => `${r.state} ${r.n}`).join(", ")}; routes at the receiver: ${s.routes}`,
  );
  if (s.worst > PER_MINUTE) process.exitCode = 1;
} finally {
  await lab.close();
}

/**
 * npm run bench:storm — a reconnect storm: N agents (BENCH_AGENTS, default 10,000) that were
 * OFFLINE (the sweep ran during a long API outage) all reconnect at once when the API is back,
 * each over its own graphql-ws socket, and send one sample. Prints the time until every node
 * is ONLINE (target ≤ 10 s for 10,000), the ONLINE audit entries written, and verifies every
 * workspace's audit chain (the real verifier, entries read back from the database).
 * Same-run baseline: the time PostgreSQL takes for one plain UPDATE of all N nodes.
 */
import pg from "pg";
import { SocketChannel } from "../../agent/src/transport/socket-channel.ts";
import { ChainVerifier } from "../../api/src/audit/audit-chain.ts";
import { freshDatabase, REPORT, type ReportBody, sampleAt, seedAgents, startApi } from "./bench-api.ts";

const count = Number(process.env.BENCH_AGENTS ?? 10_000);
const workspaces = Number(process.env.BENCH_WORKSPACES ?? 10);
const db = await freshDatabase();
const env = { DATABASE_URL: db.url, DATABASE_POOL_SIZE: "20", RATE_LIMIT_PER_MINUTE: "100000" };
let api = await startApi(env);
const client = new pg.Client(db.url);
await client.connect();
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

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
  await client.query("UPDATE node SET status = 'OFFLINE'");
  const t0 = performance.now();
  await client.query("UPDATE node SET last_seen_at = now() WHERE status = 'OFFLINE'");
  const baselineMs = performance.now() - t0;
  const auditBefore = Number((await client.query("SELECT count(*) FROM audit_log")).rows[0].count);

  api = await startApi(env);
  const url = `${api.base.replace(/^http/, "ws")}/graphql`;
  const cpu0 = api.cpuSeconds();
  const start = performance.now();
  const ts = Date.now() - 1000;
  let failed = 0;
  let firstFailure = "";
  const channels = agents.map(
    (a) =>
      new SocketChannel({
        url,
        authorization: () => `Bearer ${a.token}`,
        userAgent: "levee-bench",
        timeoutMs: 120_000,
      }),
  );
  // Every agent at once, as after a restart (each retries on its own back-off if refused).
  const sends = agents.map((_, i) =>
    (channels[i] as SocketChannel)
      .request(REPORT, { samples: [sampleAt(ts, 1000)] })
      .then((body) => {
        if ((body as ReportBody).data?.reportTelemetry?.accepted === 1) return;
        failed++;
        firstFailure ||= JSON.stringify(body).slice(0, 200);
      })
      .catch((error: Error) => {
        failed++;
        firstFailure ||= error.message;
      }),
  );
  let allOnlineMs = Number.NaN;
  for (;;) {
    const online = Number(
      (await client.query("SELECT count(*) FROM node WHERE status = 'ONLINE'")).rows[0].count,
    );
    if (online >= agents.length) {
      allOnlineMs = performance.now() - start;
      break;
    }
    if (performance.now() - start > 120_000) {
      console.log(`only ${fmt(online)} of ${fmt(agents.length)} ONLINE after 120 s`);
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await Promise.all(sends);
  const answeredMs = performance.now() - start;
  const cpu = api.cpuSeconds() - cpu0;
  for (const channel of channels) channel.close();

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
    `reconnect storm: ${fmt(agents.length)} agents in ${workspaces} workspaces, one graphql-ws socket each`,
  );
  console.log(
    `baseline, same run: one plain UPDATE of all ${fmt(agents.length)} node rows: ${baselineMs.toFixed(0)} ms`,
  );
  console.log(`all ONLINE after:        ${(allOnlineMs / 1000).toFixed(2)} s (target ≤ 10 s)`);
  console.log(
    `every sample answered:   ${(answeredMs / 1000).toFixed(2)} s, ${failed} failed${failed ? ` (first: ${firstFailure})` : ""}`,
  );
  console.log(`API CPU during storm:    ${cpu.toFixed(1)} s, RSS ${fmt(api.rssMb())} MB`);
  console.log(`ONLINE audit entries:    ${fmt(entries)} (one per workspace per batch, naming its nodes)`);
  console.log(`audit chains verified:   ${chains.length} chains, ${fmt(verified)} entries, ${broken} broken`);
} finally {
  await client.end();
  await api.stop();
  await db.drop();
}

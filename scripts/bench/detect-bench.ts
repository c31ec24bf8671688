/**
 * npm run bench:detect — p50/p95/p99 of (first over-threshold sample sent → OPENED received
 * on a graphql-ws subscription) over 200 trials, one fresh node per trial. Runs against one API
 * process on the local PostgreSQL, with in-process pub/sub and then with Redis pub/sub.
 * Target: p99 < 50 ms (issue 21: stays ≤ 20 ms).
 *
 * Each process's first incidents are printed apart, before the trials: they run the incident path
 * for the first time (V8 compiles it, the prepared statements are made), 15–32 ms here against a
 * p50 of 4 ms, and with 200 trials the p99 is the third-worst, so two of them set it. That cost is
 * once per API process, not per incident; the columns are the steady state that follows.
 */
import { encodeGlobalID } from "@pothos/plugin-relay";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import {
  freshDatabase,
  insertIntegrationKey,
  percentiles,
  post,
  REPORT,
  sampleAt,
  seedAgents,
  startApi,
} from "./bench-api.ts";

const TRIALS = Number(process.env.BENCH_TRIALS ?? 200);
/** The first incidents of each process, measured and printed apart (see above). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);

async function run(label: string, env: Record<string, string>) {
  const db = await freshDatabase();
  const api = await startApi({ DATABASE_URL: db.url, ...env });
  try {
    const { workspaceId, agents } = await seedAgents(db.url, WARMUP + TRIALS);
    const reader = await insertIntegrationKey(db.url, workspaceId, ["incident:read"]);
    const opened = new Map<string, number>();
    const client = createClient({
      url: `${api.base.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${reader}` },
    });
    await new Promise<void>((resolve, reject) => {
      client.subscribe(
        {
          query: `subscription($w: ID!) { incidentEvents(workspaceId: $w) { kind nodeId } }`,
          variables: { w: encodeGlobalID("Workspace", workspaceId) },
        },
        {
          next: (event) => {
            const e = (event.data as { incidentEvents?: { kind: string; nodeId: string } } | null)
              ?.incidentEvents;
            if (e?.kind === "OPENED") opened.set(e.nodeId, performance.now());
          },
          error: reject,
          complete: () => {},
        },
      );
      client.on("connected", () => setTimeout(resolve, 200));
    });
    const cold: number[] = [];
    const latencies: number[] = [];
    const t = Date.now() - 60_000;
    for (const agent of agents) {
      await post(api.base, agent.token, REPORT, { samples: [sampleAt(t, 1000)] }); // loads the node's state
      const nodeId = encodeGlobalID("MonitoredNode", agent.nodeId);
      const sent = performance.now();
      const body = await post(api.base, agent.token, REPORT, { samples: [sampleAt(t + 1000, 80_000)] });
      if (body.data?.reportTelemetry?.detection?.state !== "ATTACK") throw new Error(JSON.stringify(body));
      while (!opened.has(nodeId)) {
        if (performance.now() - sent > 5000) throw new Error("no OPENED event within 5 s");
        await new Promise((r) => setImmediate(r));
      }
      const ms = (opened.get(nodeId) as number) - sent;
      (cold.length < WARMUP ? cold : latencies).push(ms);
    }
    await client.dispose();
    const p = percentiles(latencies);
    console.log(
      `${label.padEnd(34)} ${String(latencies.length).padStart(6)}  ${p.p50.toFixed(1).padStart(6)}  ${p.p95.toFixed(1).padStart(6)}  ${p.p99.toFixed(1).padStart(6)}  ${p.max.toFixed(1).padStart(6)}`,
    );
    if (cold.length > 0)
      console.log(
        `${"".padEnd(34)} the process's first ${cold.length} incidents, before the trials: first ${cold[0]?.toFixed(1)} ms, worst ${Math.max(...cold).toFixed(1)} ms`,
      );
  } finally {
    await api.stop();
    await db.drop();
  }
}

console.log("sample sent → OPENED received (ms), one API process, local PostgreSQL");
console.log(`${"pub/sub".padEnd(34)} trials     p50     p95     p99     max`);
await run("in-process", {});
await run("Redis (REDIS_URL)", { REDIS_URL: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379" });

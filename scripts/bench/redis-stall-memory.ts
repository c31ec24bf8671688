/**
 * bench:redis-stall — what a long Redis stall costs an API process in memory. One API process
 * (its bundle) on a fresh database and a redis-server of its own; BENCH_AGENTS (200) agents
 * report one sample a second each over HTTP, every node watched live (nodesTrafficUpdated, so each
 * stored second is published), and a health probe asks /healthz every second. After a warm-up
 * with Redis answering, the redis-server is stopped (SIGSTOP: it accepts, never answers) for
 * BENCH_STALL_SECONDS (120); the process's RSS and its heap after a full collection are read
 * every 10 s, with its counts of what it did not send to Redis.
 */
import WebSocket from "ws";
import { StalledRedis } from "../../api/test/support/stalled-redis.ts";
import {
  freePort,
  freshDatabase,
  insertIntegrationKey,
  post,
  REPORT,
  type SeededAgent,
  sampleAt,
  seedAgents,
  startApis,
} from "./bench-api.ts";

const agents = Number(process.env.BENCH_AGENTS ?? 200);
const stallSeconds = Number(process.env.BENCH_STALL_SECONDS ?? 120);
const warmUpSeconds = 15;
/** Live seconds the watchers received. */
let received = 0;
const TRAFFIC = `subscription($ids: [ID!]!) { nodesTrafficUpdated(nodeIds: $ids) { nodeId ts } }`;

async function metrics(base: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^([a-z_]+) ([0-9.e+-]+)$/.exec(line);
    if (match) values.set(match[1] as string, Number(match[2]));
  }
  return values;
}

/** One socket watching up to 50 nodes; resolves once the subscribe frame is sent after the ack. */
function watch(url: string, token: string, nodeIds: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, "graphql-transport-ws");
    socket.on("open", () =>
      socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })),
    );
    socket.on("message", (raw) => {
      const message = JSON.parse(String(raw));
      if (message.type === "connection_ack") {
        socket.send(
          JSON.stringify({
            id: "1",
            type: "subscribe",
            payload: { query: TRAFFIC, variables: { ids: nodeIds } },
          }),
        );
        resolve(socket);
      } else if (message.type === "next") {
        received++;
      } else if (message.type === "error" || message.type === "complete") {
        console.error(`watch ended: ${String(raw)}`);
        reject(new Error(String(raw)));
      }
    });
    socket.on("error", reject);
  });
}

/**
 * The API's heap after a full collection, through its inspector (the process runs with
 * --inspect on a port of its own): what the process holds, without the garbage that makes a
 * plain reading of the used heap swing by a hundred MB between two collections.
 */
async function inspector(port: number): Promise<{ retainedMb(): Promise<number>; close(): void }> {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  if (!target) throw new Error("no inspector target");
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  let id = 0;
  const waiting = new Map<number, (result: Record<string, number>) => void>();
  socket.on("message", (raw) => {
    const message = JSON.parse(String(raw)) as { id?: number; result?: Record<string, number> };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? {});
  });
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      waiting.set(++id, resolve);
      socket.send(JSON.stringify({ id, method }));
    });
  return {
    async retainedMb() {
      await call("HeapProfiler.collectGarbage");
      return ((await call("Runtime.getHeapUsage")).usedSize ?? 0) / 1024 / 1024;
    },
    close: () => socket.terminate(),
  };
}

async function main() {
  const db = await freshDatabase();
  const redis = await StalledRedis.start();
  const inspectPort = await freePort();
  process.env.BENCH_API_FLAGS = `${process.env.BENCH_API_FLAGS ?? ""} --inspect=127.0.0.1:${inspectPort}`;
  const [api] = await startApis(1, { DATABASE_URL: db.url, REDIS_URL: redis.url });
  if (!api) throw new Error("no API");
  const heap = await inspector(inspectPort);
  const sockets: WebSocket[] = [];
  let running = true;
  try {
    const { workspaceId, agents: seeded } = await seedAgents(db.url, agents);
    const token = await insertIntegrationKey(db.url, workspaceId, ["node:read"]);
    const ws = `${api.base.replace("http", "ws")}/graphql`;
    for (let i = 0; i < seeded.length; i += 50)
      sockets.push(
        await watch(
          ws,
          token,
          seeded.slice(i, i + 50).map((a) => Buffer.from(`MonitoredNode:${a.nodeId}`).toString("base64")),
        ),
      );

    // Each agent: one sample a second, its own second each time (from 20 h back: within what the API accepts).
    let next = Date.now() - 20 * 3_600_000;
    let reports = 0;
    let failures = 0;
    const agentLoop = async (agent: SeededAgent, offsetMs: number) => {
      await new Promise((r) => setTimeout(r, offsetMs));
      let ts = next;
      while (running) {
        const started = Date.now();
        ts += 1000;
        const body = await post(api.base, agent.token, REPORT, { samples: [sampleAt(ts, 100)] }).catch(
          () => undefined,
        );
        if (body?.data?.reportTelemetry?.accepted === 1) reports++;
        else failures++;
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
      }
    };
    next += 1000;
    const loops = seeded.map((agent, i) => agentLoop(agent, (i * 1000) / seeded.length));
    const probe = setInterval(() => void fetch(`${api.base}/healthz`).catch(() => {}), 1000);

    const read = async (label: string) => {
      const m = await metrics(api.base);
      const heapMb = await heap.retainedMb();
      console.log(
        `${label.padEnd(14)} RSS ${api.rssMb().toFixed(0).padStart(4)} MB, heap after a full GC ${heapMb.toFixed(1).padStart(6)} MB, ` +
          `reports ${reports}, failed ${failures}, received live ${received}, publishes unanswered ${m.get("levee_pubsub_publishes_unanswered") ?? "n/a"}, ` +
          `dropped ${m.get("levee_pubsub_publishes_dropped_total") ?? "n/a"}, watch syncs skipped ${m.get("levee_traffic_watch_syncs_skipped_total") ?? "n/a"}`,
      );
    };
    await new Promise((r) => setTimeout(r, warmUpSeconds * 1000));
    await read("Redis answers");
    redis.stall();
    const stalledAt = Date.now();
    for (let s = 10; s <= stallSeconds; s += 10) {
      await new Promise((r) => setTimeout(r, stalledAt + s * 1000 - Date.now()));
      await read(`stalled ${s} s`);
    }
    running = false;
    clearInterval(probe);
    redis.resume();
    await Promise.all(loops);
    await new Promise((r) => setTimeout(r, 5000));
    await read("answers again");
  } finally {
    running = false;
    heap.close();
    for (const socket of sockets) socket.terminate();
    redis.resume();
    await api.stop();
    await redis.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

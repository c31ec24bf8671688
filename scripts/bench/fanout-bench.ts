/**
 * npm run bench:fanout — live fan-out across processes (issue 21, item 5). Two API processes on
 * one PostgreSQL database and Redis; BENCH_SUBSCRIBERS (5,000) graphql-ws sockets, half on each,
 * each holding one of the dashboard's own subscription documents: incidentEvents and
 * nodeStatusChanged of the workspace, trafficUpdated of one of BENCH_TRAFFIC_NODES nodes. A third
 * process publishes through the API's own pub/sub module (as the process serving an agent does)
 * every 250 ms: one incident event, one node status, one traffic second per node. Prints delivery
 * latency from publish to client (p50/p99/max per kind), events lost, the API processes' memory
 * per subscriber and CPU. BENCH_SLOW (50) more subscribers stop reading their sockets: the
 * others' figures show whether they hold anyone up (api/test/slow-subscriber.test.ts shows the
 * drop itself: past WS_SEND_BUFFER_BYTES a socket is closed with 1013).
 */
import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import WebSocket from "ws";
import { createLogger } from "../../api/src/logging/logger.ts";
import { createLeveePubSub } from "../../api/src/pubsub/pubsub.ts";
import type { Topics } from "../../api/src/topics.ts";
import {
  type ApiProcess,
  freshDatabase,
  insertIntegrationKey,
  percentiles,
  seedAgents,
  startApis,
} from "./bench-api.ts";

const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 5000);
const slowCount = Number(process.env.BENCH_SLOW ?? 50);
const trafficNodes = Number(process.env.BENCH_TRAFFIC_NODES ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const tickMs = 250;
// Its own Redis database for BullMQ keys (pub/sub channels carry this run's workspace id).
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/13";

const DOCUMENTS = {
  incident: "subscription($w: ID!) { incidentEvents(workspaceId: $w) { kind incidentId nodeId at } }",
  status: "subscription($w: ID!) { nodeStatusChanged(workspaceId: $w) { nodeId status detectionState at } }",
  traffic:
    "subscription($n: ID!) { trafficUpdated(nodeId: $n) { nodeId ts rxPps rxBps tcpPps udpPps icmpPps otherPps detectionState } }",
} as const;
type Kind = keyof typeof DOCUMENTS;

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

interface Subscriber {
  kind: Kind;
  socket: WebSocket;
  received: number;
}

const latencies: Record<Kind, number[]> = { incident: [], status: [], traffic: [] };
/**
 * Publish to the start of the bench's event-loop turn that read the frame: a lower bound of the
 * latency. This one process reads every subscriber's socket, one frame after another: the last
 * frame of a turn waits for the bench to parse the thousands before it, which is the bench's
 * time, not the API's; this leaves that wait out while keeping the publish, Redis, the APIs and
 * the network. But libuv may read, within a turn, frames that arrived after the turn began, and
 * those count as if they had been there at its start. Printed beside the latency as read, never
 * instead of it.
 */
const toTurnStart: Record<Kind, number[]> = { incident: [], status: [], traffic: [] };
/** Latencies per publish time (a round's incident and status events share theirs): the worst rounds are printed. */
const byRound = new Map<number, number[]>();
/**
 * Latencies of events published after the first second: the first rounds run on cold code
 * (compilation, each group's first execution) and, with 80 rounds, alone can make the p99.
 * Printed beside the full figures, never instead of them.
 */
const afterFirstSecond: number[] = [];
let firstSecondEnds = Number.POSITIVE_INFINITY;
let turnStartedAt: number | undefined;
function turnStart(now: number): number {
  if (turnStartedAt === undefined) {
    turnStartedAt = now;
    setImmediate(() => {
      turnStartedAt = undefined;
    });
  }
  return turnStartedAt;
}
let measuring = false;
/** Subscriptions refused after their socket's ack, before the measured run (said, not waited for). */
const afterAck: string[] = [];

function connect(
  url: string,
  token: string,
  kind: Kind,
  variables: Record<string, string>,
): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, "graphql-transport-ws");
    const subscriber: Subscriber = { kind, socket, received: 0 };
    let acked = false;
    socket.on("open", () =>
      socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })),
    );
    socket.on("message", (raw) => {
      const readAt = Date.now();
      const turnAt = turnStart(readAt);
      const message = JSON.parse(String(raw));
      if (message.type === "connection_ack") {
        acked = true;
        socket.send(
          JSON.stringify({ id: "1", type: "subscribe", payload: { query: DOCUMENTS[kind], variables } }),
        );
        resolve(subscriber);
      } else if (message.type === "next") {
        const data = message.payload.data;
        const at =
          kind === "incident"
            ? data.incidentEvents.at
            : kind === "status"
              ? data.nodeStatusChanged.at
              : data.trafficUpdated.ts;
        if (measuring) {
          const publishedAt = Date.parse(at);
          latencies[kind].push(readAt - publishedAt);
          if (publishedAt >= firstSecondEnds) afterFirstSecond.push(readAt - publishedAt);
          if (kind !== "traffic") {
            const round = byRound.get(publishedAt) ?? [];
            byRound.set(publishedAt, round);
            round.push(readAt - publishedAt);
          }
          toTurnStart[kind].push(turnAt - publishedAt);
          subscriber.received++;
        }
      } else if (message.type === "error") {
        if (acked && !measuring) afterAck.push(`error ${JSON.stringify(message.payload)}`);
        reject(new Error(JSON.stringify(message.payload)));
      }
    });
    socket.on("error", reject);
    // Refused (a limit, a busy API): said, not waited for for ever (resolve already ran if acked).
    socket.on("close", (code, reason) => {
      if (acked && !measuring) afterAck.push(`closed ${code} ${reason}`);
      reject(new Error(`socket closed before its ack: ${code} ${reason}`));
    });
  });
}

async function activeSubscriptions(api: ApiProcess): Promise<number> {
  const text = await fetch(`${api.base}/metrics`).then((r) => r.text());
  const line = text.split("\n").find((l) => l.startsWith("levee_graphql_subscriptions_active "));
  return Number(line?.split(" ")[1] ?? 0);
}

const db = await freshDatabase();
let apis: ApiProcess[] = [];
const pubsub = await createLeveePubSub<Topics>({ redisUrl, logger: createLogger("warn") });
const sockets: WebSocket[] = [];
try {
  apis = await startApis(2, { DATABASE_URL: db.url, REDIS_URL: redisUrl, DATABASE_POOL_SIZE: "10" });
  const { workspaceId, agents } = await seedAgents(db.url, trafficNodes);
  const token = await insertIntegrationKey(db.url, workspaceId, ["node:read", "incident:read"]);
  const rssBefore = apis.map((a) => a.rssMb());
  const connectStart = performance.now();
  const all: Subscriber[] = [];
  const kinds: Kind[] = ["incident", "status", "traffic"];
  for (let i = 0; i < subscribers + slowCount; i += 250) {
    const batch = [];
    for (let j = i; j < Math.min(i + 250, subscribers + slowCount); j++) {
      const api = apis[j % 2] as ApiProcess;
      const kind = j >= subscribers ? "traffic" : (kinds[j % 3] as Kind);
      const node = agents[j % agents.length]!.nodeId;
      const variables: Record<string, string> =
        kind === "traffic" ? { n: gid("MonitoredNode", node) } : { w: gid("Workspace", workspaceId) };
      batch.push(connect(`${api.base.replace("http", "ws")}/graphql`, token, kind, variables));
    }
    all.push(...(await Promise.all(batch)));
  }
  for (const s of all) sockets.push(s.socket);
  const total = subscribers + slowCount;
  // A subscription refused after its socket's ack (an error message, a close) would leave the
  // count short for ever: said, with the counts, rather than waited for.
  const activeBy = Date.now() + 60_000;
  for (;;) {
    const active = (await activeSubscriptions(apis[0]!)) + (await activeSubscriptions(apis[1]!));
    if (active >= total) break;
    if (afterAck.length > 0 || Date.now() > activeBy)
      throw new Error(
        `${active} of ${total} subscriptions active; ${afterAck.length} refused after their ack: ${afterAck.slice(0, 3).join("; ")}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
  const connectSeconds = (performance.now() - connectStart) / 1000;
  const slow = all.slice(subscribers);
  for (const s of slow) (s.socket as unknown as { _socket: Socket })._socket.pause();
  // Let the just-made Redis SUBSCRIBEs settle before counting deliveries (pub/sub is at-most-once).
  await new Promise((r) => setTimeout(r, 2000));
  const rssAfter = apis.map((a) => a.rssMb());

  const expected: Record<Kind, number> = { incident: 0, status: 0, traffic: 0 };
  const perKind = (kind: Kind) => all.slice(0, subscribers).filter((s) => s.kind === kind).length;
  const trafficSubscribersPerNode = new Map<string, number>();
  all.slice(0, subscribers).forEach((s, j) => {
    if (s.kind !== "traffic") return;
    const node = agents[j % agents.length]!.nodeId;
    trafficSubscribersPerNode.set(node, (trafficSubscribersPerNode.get(node) ?? 0) + 1);
  });
  const cpu0 = apis.map((a) => a.cpuSeconds());
  const load0 = loadavg()[0] ?? 0;
  // This process publishes and reads every socket: its own CPU and event-loop delay are part of
  // every latency measured, so they are printed beside it.
  const benchCpu0 = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  measuring = true;
  firstSecondEnds = Date.now() + 1000;
  const start = performance.now();
  const ticks = Math.round((seconds * 1000) / tickMs);
  for (let t = 0; t < ticks; t++) {
    const due = start + t * tickMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const at = new Date().toISOString();
    const nodeId = agents[t % agents.length]!.nodeId;
    pubsub.pubsub.publish("incidentEvents", workspaceId, {
      kind: "UPDATED",
      incidentId: randomUUID(),
      nodeId,
      workspaceId,
      at,
    });
    expected.incident += perKind("incident");
    pubsub.pubsub.publish("nodeStatusChanged", workspaceId, {
      nodeId,
      status: "ONLINE",
      detectionState: "NORMAL",
      at,
    });
    expected.status += perKind("status");
    for (const agent of agents) {
      pubsub.pubsub.publish("trafficUpdated", agent.nodeId, {
        nodeId: agent.nodeId,
        ts: new Date().toISOString(),
        detectionState: "NORMAL",
        rxPps: 2000,
        rxBps: 9_600_000,
        txPps: 1000,
        txBps: 2_400_000,
        tcpPps: 1400,
        udpPps: 500,
        icmpPps: 20,
        otherPps: 80,
        synRecv: 0,
        tcpEstablished: 40,
        tcpTotal: 60,
      });
      expected.traffic += trafficSubscribersPerNode.get(agent.nodeId) ?? 0;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  // Deliveries still on their way: wait until all arrived or none came for 2 s (at most 30 s).
  const want = expected.incident + expected.status + expected.traffic;
  let last = -1;
  for (let i = 0; i < 15; i++) {
    const now = latencies.incident.length + latencies.status.length + latencies.traffic.length;
    if (now === last || now >= want) break;
    last = now;
    await new Promise((r) => setTimeout(r, 2000));
    // The frames that came meanwhile are read first: a bench stalled past the 2 s (a loaded
    // machine) would otherwise count none and stop, though they waited in its sockets.
    await new Promise((r) => setImmediate(r));
  }
  measuring = false;
  loopDelay.disable();
  const cpuUsed = apis.map((a, i) => a.cpuSeconds() - (cpu0[i] ?? 0));
  const cpu = cpuUsed.map((seconds) => seconds / elapsed);
  // Subscriber j is on API j % 2 (as connected above).
  const deliveredBy = [0, 0];
  all.slice(0, subscribers).forEach((s, j) => {
    deliveredBy[j % 2] = (deliveredBy[j % 2] ?? 0) + s.received;
  });
  const benchCpu = process.cpuUsage(benchCpu0);
  const benchBusy = (benchCpu.user + benchCpu.system) / 1e6 / ((performance.now() - start) / 1000);

  console.log(
    `fan-out: 2 API processes, ${fmt(subscribers)} subscribers (+${slowCount} not reading), ${seconds} s, one publish round every ${tickMs} ms from a third process`,
  );
  console.log(`connecting and subscribing all: ${connectSeconds.toFixed(1)} s`);
  console.log("kind      subscribers  delivered/expected  deliveries/s  p50 ms  p99 ms  max ms");
  for (const kind of kinds) {
    const p = percentiles(latencies[kind]);
    console.log(
      `${kind.padEnd(9)} ${fmt(perKind(kind)).padStart(11)}  ${`${fmt(latencies[kind].length)}/${fmt(expected[kind])}`.padStart(18)}  ${fmt(latencies[kind].length / elapsed).padStart(12)}  ${p.p50.toFixed(0).padStart(6)}  ${p.p99.toFixed(0).padStart(6)}  ${p.max.toFixed(0).padStart(6)}`,
    );
  }
  const everything = percentiles([...latencies.incident, ...latencies.status, ...latencies.traffic]);
  console.log(`all kinds: p50 ${everything.p50.toFixed(0)} ms, p99 ${everything.p99.toFixed(0)} ms`);
  const atTurn = percentiles([...toTurnStart.incident, ...toTurnStart.status, ...toTurnStart.traffic]);
  console.log(
    `all kinds, publish to the start of the bench's turn that read it, a lower bound (leaves out the bench parsing the other frames of that turn first, and counts frames that arrived during the turn as there at its start): p50 ${atTurn.p50.toFixed(0)} ms, p99 ${atTurn.p99.toFixed(0)} ms`,
  );
  const warm = percentiles(afterFirstSecond);
  console.log(
    `all kinds, events published after the first second: p50 ${warm.p50.toFixed(0)} ms, p99 ${warm.p99.toFixed(0)} ms`,
  );
  // With 80 rounds, the p99 is about the worst round: which rounds, and when in the run.
  const worst = [...byRound]
    .map(([at, values]) => ({ at, ...percentiles(values) }))
    .sort((a, b) => b.max - a.max)
    .slice(0, 5);
  // Rounds are only timed by incident and status events: with no subscriber of either, none.
  const firstRound = byRound.size > 0 ? Math.min(...byRound.keys()) : 0;
  console.log(
    `worst rounds (incident and status): ${
      worst.length === 0
        ? "none (no incident or status subscriber)"
        : worst
            .map(
              (r) =>
                `+${((r.at - firstRound) / 1000).toFixed(2)} s p50 ${r.p50.toFixed(0)} max ${r.max.toFixed(0)} ms`,
            )
            .join("; ")
    }`,
  );
  apis.forEach((_api, i) => {
    const perSub = ((rssAfter[i]! - rssBefore[i]!) * 1024) / (total / 2);
    console.log(
      `api${i + 1}: RSS ${fmt(rssBefore[i]!)} → ${fmt(rssAfter[i]!)} MB with ${fmt(total / 2)} sockets (${perSub.toFixed(1)} KB per subscriber), CPU ${(100 * cpu[i]!).toFixed(0)} % while publishing, ${((1e6 * cpuUsed[i]!) / Math.max(1, deliveredBy[i] ?? 0)).toFixed(1)} µs of CPU per delivery`,
    );
  });
  console.log(
    `this bench process (publisher and every subscriber's reader): CPU ${(100 * benchBusy).toFixed(0)} %, event-loop delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms (a delivery waits that long to be read)`,
  );
  const slowOpen = slow.filter((s) => s.socket.readyState === WebSocket.OPEN).length;
  console.log(
    `paused subscribers still open: ${slowOpen}/${slowCount} (closed with 1013 once WS_SEND_BUFFER_BYTES waits for them)`,
  );
  console.log(`load average: ${load0.toFixed(2)} at start, ${(loadavg()[0] ?? 0).toFixed(2)} at end`);
} finally {
  for (const socket of sockets) socket.terminate();
  await pubsub.close();
  await Promise.all(apis.map((a) => a.stop()));
  await db.drop();
}

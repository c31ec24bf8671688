import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { testRedisDatabase } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { freePort } from "./support/free-port.ts";
import { type Balancer, haproxyUnavailable, startBalancer } from "./support/haproxy.ts";
import { REPORT, sample } from "./telemetry-client.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

/**
 * Production shape of issue 21: two real API processes (api/src/main.ts, PostgreSQL + Redis)
 * behind real HAProxy running deploy/haproxy.cfg. The balancer keeps each agent on one process
 * (HTTP and the graphql-ws upgrade alike) and spreads agents over both; when the process serving
 * an agent under attack is killed (-9), the agent's samples move to the other process, which
 * continues the open incident: one incident, opened once, resolved once, every sample stored once.
 */
const skip = process.env.CI ? false : (haproxyUnavailable() ?? false);
// Its own Redis database: BullMQ keys of other suites (and other checkouts) stay apart.
const redisUrl = testRedisDatabase(13);

interface ApiChild {
  name: string;
  address: string;
  child: ChildProcess;
}

async function startApiProcess(name: string, databaseUrl: string): Promise<ApiChild> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: new URL("..", import.meta.url).pathname,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.once("exit", () => child.kill("SIGKILL"));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, address: `127.0.0.1:${port}`, child };
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

/** reportTelemetry through the balancer as the agent; the process that answered and the payload. */
async function report(base: string, token: string, samples: unknown[]) {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: REPORT, variables: { samples } }),
  });
  const body = (await response.json().catch(() => null)) as { data?: { reportTelemetry?: any } } | null;
  const payload = body?.data?.reportTelemetry;
  if (!response.ok || payload?.__typename !== "ReportTelemetryPayload")
    throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
  return { process: response.headers.get("x-levee-process"), payload };
}

/** As levee-agent does: a sample not acknowledged is sent again (bounded here, so a bug fails). */
async function reportUntilStored(base: string, token: string, samples: unknown[]) {
  let lastError: unknown;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      return await report(base, token, samples);
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw lastError;
}

/** The process HAProxy routed a graphql-ws upgrade carrying this key to (response header of the 101). */
function upgradeProcess(base: string, token: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base.replace("http", "ws")}/graphql`, "graphql-transport-ws", {
      headers: { authorization: `Bearer ${token}` },
    });
    socket.once("upgrade", (response) => {
      resolve((response.headers["x-levee-process"] as string | undefined) ?? null);
      socket.close();
    });
    socket.once("error", reject);
  });
}

describe("several API processes behind HAProxy (deploy/haproxy.cfg)", { skip }, () => {
  const api = useTestApi("postgres", { REDIS_URL: redisUrl });
  const processes: ApiChild[] = [];
  let balancer: Balancer;
  let owner: Caller;
  let workspaceId: string;
  const agents: { nodeId: string; token: string; process?: string }[] = [];

  before(async () => {
    const db = api.config.database;
    assert.equal(db.kind, "postgres");
    if (db.kind !== "postgres") return;
    // One after the other: each would create the first owner on an empty database.
    processes.push(await startApiProcess("api1", db.url));
    processes.push(await startApiProcess("api2", db.url));
    balancer = await startBalancer(await freePort(), [processes[0]!.address, processes[1]!.address]);
    owner = await api.signup("balancer@example.com");
    workspaceId = await createWorkspace(api, owner, "balanced");
    for (let i = 0; i < 12; i++) {
      const enrolled = await enrollAgent(
        api,
        await createEnrollmentToken(api, owner, workspaceId),
        `lb-${i}`,
      );
      agents.push({ nodeId: enrolled.nodeId, token: enrolled.token });
    }
  });
  after(async () => {
    await balancer?.stop();
    await Promise.all(processes.map((p) => stopProcess(p.child)));
  });

  it("keeps each agent on one process (HTTP calls and the socket upgrade) and spreads agents over both", async () => {
    const start = Date.now() - 3_600_000;
    for (const agent of agents) {
      const served = new Set<string | null>();
      for (let s = 0; s < 3; s++)
        served.add((await report(balancer.url, agent.token, [sample(start + s * 1000, 1000)])).process);
      assert.equal(served.size, 1, `agent ${agent.nodeId} reached ${[...served]}`);
      agent.process = [...served][0] ?? undefined;
      assert.equal(
        await upgradeProcess(balancer.url, agent.token),
        agent.process,
        "its socket lands on the same process",
      );
    }
    const spread = new Set(agents.map((a) => a.process));
    assert.deepEqual([...spread].sort(), ["api1", "api2"], "12 agents use both processes");
  });

  it("kill -9 of the process serving an attacked node: the other continues the incident, which resolves once", async () => {
    const agent = agents.find((a) => a.process === "api1");
    assert.ok(agent, "an agent on api1");
    const victim = processes[0]!;
    const survivor = processes[1]!;
    // Incident events as a dashboard on the surviving process hears them (from both, via Redis).
    const survivorWs = `ws://${survivor.address}/graphql`;
    const events = subscribe(
      survivorWs,
      "subscription($w: ID!) { incidentEvents(workspaceId: $w) { kind incidentId } }",
      { w: workspaceId },
      { authorization: `Bearer ${owner.cookie}` },
    );
    await events.connected;
    await subscriptionsLive(`http://${survivor.address}`, 1);

    const start = Date.now() - 1_800_000;
    let second = 0;
    const send = (pps: number) =>
      reportUntilStored(balancer.url, agent.token, [sample(start + 1000 * second++, pps)]);
    for (let i = 0; i < 5; i++) assert.equal((await send(1000)).process, "api1");
    const flood = await send(50_000);
    assert.equal(flood.process, "api1");
    const incidentId = flood.payload.detection.incidentId as string;
    assert.ok(incidentId, "api1 opened the incident");
    for (let i = 0; i < 4; i++) assert.equal((await send(50_000)).payload.detection.incidentId, incidentId);

    // The next flood sample is in flight when api1 dies: stored or not, the agent sends it again.
    const inFlight = report(balancer.url, agent.token, [sample(start + 1000 * second, 50_000)]).catch(
      () => null,
    );
    await stopProcess(victim.child, "SIGKILL");
    await inFlight;
    const moved = await send(50_000);
    assert.equal(moved.process, "api2", "the agent moved to the surviving process");
    assert.equal(moved.payload.detection.incidentId, incidentId, "api2 continued the open incident");
    assert.equal(moved.payload.detection.state, "ATTACK");
    for (let i = 0; i < 4; i++) assert.equal((await send(50_000)).payload.detection.incidentId, incidentId);

    // Quiet seconds until it resolves (30 quiet seconds by default).
    let resolved = false;
    for (let i = 0; i < 60 && !resolved; i++) {
      const quiet = await send(1000);
      assert.equal(quiet.process, "api2");
      resolved = quiet.payload.detection.incidentId === null;
    }
    assert.ok(resolved, "the incident resolved on api2");

    // A sentinel from api2 after the last one: once it arrives, everything api2 published
    // before it has (one Redis connection publishes in order).
    const other = agents.find((a) => a.process === "api2");
    assert.ok(other);
    const sentinel = await reportUntilStored(balancer.url, other.token, [
      sample(Date.now() - 60_000, 50_000),
    ]);
    const sentinelId = sentinel.payload.detection.incidentId as string;
    for (let n = 1; !events.events.some((e) => e.data.incidentEvents.incidentId === sentinelId); n++)
      await events.waitFor(n, 30_000);
    const kinds = events.events
      .map((e) => e.data.incidentEvents)
      .filter((e) => e.incidentId === incidentId)
      .map((e) => e.kind);
    assert.equal(kinds.filter((k) => k === "OPENED").length, 1, `events: ${kinds}`);
    assert.equal(kinds.filter((k) => k === "RESOLVED").length, 1, `events: ${kinds}`);
    assert.equal(kinds[0], "OPENED");
    assert.equal(kinds.at(-1), "RESOLVED");
    await events.dispose();

    const { prisma } = api.server.services.database;
    const incidents = await prisma.incident.findMany({ where: { nodeId: rawId(agent.nodeId) } });
    assert.equal(incidents.length, 1, "one incident for the node");
    assert.equal(incidents[0]?.status, "RESOLVED");
    assert.ok(incidents[0]?.endedAt);
    const stored = await prisma.trafficSample.count({
      where: { nodeId: rawId(agent.nodeId), ts: { gte: new Date(start) } },
    });
    assert.equal(stored, second, "every sample stored once");
  });
});

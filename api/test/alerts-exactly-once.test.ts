import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { nodeArgs } from "../../scripts/precompile.ts";
import { ALERT_DELIVERY_JOB, dispatchIncidentAlerts } from "../src/alerts/alert.jobs.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logging/logger.ts";
import { createServer } from "../src/server.ts";
import { Receivers, waitFor } from "./alert-receivers.ts";
import { createTestDatabase } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, mutate, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, type TestApi, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

/**
 * Exactly-once delivery: two API servers (this process and a real second API process) on one
 * PostgreSQL database and a private Redis, both running delivery workers; and an embedded-queue
 * API restarted while an escalation step is waiting.
 */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const receivers = new Receivers();
const env: Record<string, string> = {};
let redis: ChildProcess | undefined;
let redisDir = "";

before(async () => {
  await receivers.start();
  // A Redis of this suite's own: BullMQ queues named like other suites' never meet.
  redisDir = await mkdtemp(join(tmpdir(), "levee-alerts-redis-"));
  const port = await freePort();
  redis = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", redisDir],
    {
      stdio: "ignore",
    },
  );
  await waitFor("redis", async () => {
    const { Redis } = await import("ioredis");
    const client = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0 });
    const ok = await client.connect().then(
      () => client.ping().then((r) => r === "PONG"),
      () => false,
    );
    client.disconnect();
    return ok;
  });
  Object.assign(env, {
    REDIS_URL: `redis://127.0.0.1:${port}`,
    LEVEE_SECRET_KEY: randomBytes(32).toString("hex"),
    ALERTS_ALLOW_PRIVATE_TARGETS: "true",
    ALERTS_TIMEOUT_MS: "8000",
    ALERTS_PAGERDUTY_URL: `${receivers.base}/pagerduty`,
  });
});
after(async () => {
  await receivers.close();
  redis?.kill("SIGTERM");
  await rm(redisDir, { recursive: true, force: true });
});

async function agentIn(api: TestApi, caller: Caller, workspaceId: string, host: string) {
  return {
    token: (await enrollAgent(api, await createEnrollmentToken(api, caller, workspaceId), host)).token,
  };
}

const pdBodies = () => receivers.on("/pagerduty").map((r) => JSON.parse(r.body) as Record<string, string>);

describe("two API processes deliver each alert exactly once", () => {
  const api = useTestApi("postgres", env);
  let second: ChildProcess;

  before(async () => {
    const port = await freePort();
    const db = api.config.database;
    second = spawn(process.execPath, await nodeArgs(new URL("../src/main.ts", import.meta.url).pathname), {
      cwd: new URL("..", import.meta.url).pathname,
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        DATABASE_URL: db.kind === "postgres" ? db.url : "",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitFor(
      "the second API",
      () =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        ),
      // A start-up bound, not a race: a cold start took 26 s on the loaded 2-core CI machine (under tsx).
      120_000,
    );
  });
  after(async () => {
    second?.kill("SIGTERM");
    await new Promise((r) => (second?.exitCode !== null ? r(null) : second.on("exit", r)));
  });

  it("every incident triggers one PagerDuty event per step, even with duplicate jobs racing", async () => {
    const owner = await api.signup("exactly-once@example.com");
    const ws = await createWorkspace(api, owner, "exactly-once");
    const pager = await mutate(
      api,
      owner,
      "createAlertChannel",
      { workspaceId: ws, kind: "PAGERDUTY", name: "pager", settings: { routingKey: "rk-1" } },
      "... on AlertChannelPayload { channel { id } }",
    );
    const steps = [
      { channelIds: [pager.payload?.channel.id], delaySeconds: 0 },
      { channelIds: [pager.payload?.channel.id], delaySeconds: 2 },
    ];
    await mutate(api, owner, "createEscalationPolicy", { workspaceId: ws, name: "twice", steps });
    const { prisma } = api.server.services.database;
    const incidents: string[] = [];
    for (let i = 0; i < 4; i++) {
      const agent = await agentIn(api, owner, ws, `eo-${i}`);
      const flood = await report(api, agent, [sample(Date.now() - 30_000, 60_000)]);
      incidents.push(rawId(flood.detection.incidentId));
    }
    // While step 1 waits, flood both processes' workers with duplicate jobs for it and replay every event.
    const pending = await waitFor("the step-1 rows", async () => {
      const rows = await prisma.alertDelivery.findMany({ where: { step: 1, incidentId: { in: incidents } } });
      return rows.length === incidents.length ? rows : undefined;
    });
    for (const row of pending)
      for (let copy = 0; copy < 6; copy++)
        await api.server.services.jobs.enqueue(
          ALERT_DELIVERY_JOB,
          { deliveryId: row.id },
          { jobId: `dup-${row.id}-${copy}`, delayMs: Math.max(0, row.dueAt.getTime() - Date.now()) },
        );
    for (const incidentId of incidents) {
      const incident = await prisma.incident.findUniqueOrThrow({ where: { id: incidentId } });
      const event = {
        kind: "OPENED" as const,
        incidentId,
        nodeId: incident.nodeId,
        workspaceId: incident.workspaceId,
        at: incident.startedAt.toISOString(),
      };
      await dispatchIncidentAlerts(api.server.services, event);
    }
    await waitFor("both steps of every incident", async () => {
      const sent = await prisma.alertDelivery.count({
        where: { incidentId: { in: incidents }, status: "SENT" },
      });
      return sent === incidents.length * 2;
    });
    // Every duplicate job has run once its delay passed; none of them sent anything more.
    await waitFor("the duplicate jobs to drain", async () => {
      const rows = await prisma.alertDelivery.findMany({ where: { incidentId: { in: incidents } } });
      return rows.every((r) => r.status === "SENT" && r.attempts === 1);
    });
    const counts = new Map<string, number>();
    for (const { dedup_key: key = "" } of pdBodies()) counts.set(key, (counts.get(key) ?? 0) + 1);
    assert.deepEqual(
      incidents.map((id) => counts.get(id)),
      incidents.map(() => 2),
      "one trigger per step, per incident",
    );
    const attempts = await prisma.alertDeliveryAttempt.count({
      where: { delivery: { incidentId: { in: incidents } } },
    });
    assert.equal(attempts, incidents.length * 2);
  });
});

describe("an embedded-queue API restarted while a step waits delivers it once", () => {
  it("the new process finds the overdue delivery and sends it", async () => {
    const testDb = await createTestDatabase("postgres");
    const config = loadConfig({ ...env, REDIS_URL: "", LOG_LEVEL: "silent" });
    config.database = testDb.config;
    const start = async () =>
      createServer(config, { logger: createLogger("silent"), database: await testDb.open() });
    let server = await start();
    try {
      const prisma = server.services.database.prisma;
      const ws = await prisma.workspace.create({ data: { slug: "restart", name: "Restart" } });
      // Its agent seen just now: the stale-incident sweep leaves the incident open (resolved at its
      // start, it would end before the step is due, and the step be skipped: nothing would resolve it).
      const node = await prisma.node.create({
        data: { workspaceId: ws.id, name: "r-1", ownedPrefixes: [], lastSeenAt: new Date() },
      });
      const attack = await prisma.attack.create({ data: { workspaceId: ws.id, startedAt: new Date() } });
      const incident = await prisma.incident.create({
        data: {
          workspaceId: ws.id,
          nodeId: node.id,
          attackId: attack.id,
          severity: "HIGH",
          startedAt: new Date(),
          lastAttackAt: new Date(),
          peakPps: 60_000,
          peakBps: 1e8,
          thresholds: {},
        },
      });
      const channel = await prisma.alertChannel.create({
        data: {
          workspaceId: ws.id,
          name: "pager",
          kind: "PAGERDUTY",
          secrets: { routingKey: server.services.secrets.seal("rk-restart", "") },
        },
      });
      await prisma.alertChannel.update({
        where: { id: channel.id },
        data: {
          secrets: {
            routingKey: server.services.secrets.seal("rk-restart", `alert-channel:${channel.id}:routingKey`),
          },
        },
      });
      await prisma.escalationPolicy.create({
        data: { workspaceId: ws.id, name: "later", steps: [{ channelIds: [channel.id], delaySeconds: 1 }] },
      });
      const event = {
        kind: "OPENED" as const,
        incidentId: incident.id,
        nodeId: node.id,
        workspaceId: ws.id,
        at: new Date().toISOString(),
      };
      await dispatchIncidentAlerts(server.services, event);
      await server.close(1000); // the in-memory delayed job dies with the process
      await server.services.database.close();
      server = await start();
      const after = server.services.database.prisma;
      const rows = await waitFor("the delivery after the restart", async () => {
        const found = await after.alertDelivery.findMany({
          where: { incidentId: incident.id, eventKind: "OPENED" },
        });
        return found.length > 0 && found.every((r) => r.status === "SENT") ? found : undefined;
      });
      assert.deepEqual(
        rows.map((r) => [r.status, r.attempts]),
        [["SENT", 1]],
      );
      await dispatchIncidentAlerts(server.services, event); // a replayed event adds nothing
      assert.equal(
        pdBodies().filter((b) => b.routing_key === "rk-restart" && b.event_action === "trigger").length,
        1,
      );
    } finally {
      await server.close(1000);
      await server.services.database.close();
      await testDb.drop();
    }
  });
});

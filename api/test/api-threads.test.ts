import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { testRedisDatabase } from "./databases.ts";
import { createEnrollmentToken, enrollAgent } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { freePort } from "./support/free-port.ts";
import { REPORT, sample } from "./telemetry-client.ts";

/**
 * API_THREADS=2 (threads/thread-supervisor.ts): one real API process (api/src/main.ts,
 * PostgreSQL + Redis) whose two threads accept on one port. Connections reach both threads;
 * /metrics on either counts both; an incident a report opens on one thread reaches a dashboard
 * socket on the other (Redis pub/sub, as between processes); SIGTERM drains both and ends the
 * process with 0.
 */
// Its own Redis database: BullMQ keys of other suites (and other checkouts) stay apart.
const redisUrl = testRedisDatabase(11);

/** One request on a connection of its own; the thread that answered and the body. */
function onNewConnection(
  port: number,
  path: string,
  body?: { json: unknown; token?: string },
): Promise<{ thread: string | undefined; status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body.json) : undefined;
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: payload ? "POST" : "GET",
        agent: false,
        headers: payload
          ? {
              "content-type": "application/json",
              ...(body?.token ? { authorization: `Bearer ${body.token}` } : {}),
            }
          : {},
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({
            thread: res.headers["x-levee-thread"] as string | undefined,
            status: res.statusCode ?? 0,
            text,
          }),
        );
      },
    );
    req.once("error", reject);
    req.end(payload);
  });
}

/** A GraphQL POST over a given connection pool (one keep-alive connection: one thread). */
function fetchOver(agent: Agent, port: number, token: string, json: unknown) {
  return new Promise<{ thread: string | undefined; text: string }>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/graphql",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ thread: res.headers["x-levee-thread"] as string | undefined, text }));
      },
    );
    req.once("error", reject);
    req.end(JSON.stringify(json));
  });
}

/** A graphql-ws socket subscribed to a workspace's incident events, and the thread that took it. */
function incidentSocket(port: number, cookie: string, workspaceId: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, "graphql-transport-ws");
  const events: { kind: string; incidentId: string }[] = [];
  const thread = new Promise<string | undefined>((resolve, reject) => {
    socket.once("upgrade", (res) => resolve(res.headers["x-levee-thread"] as string | undefined));
    socket.once("error", reject);
  });
  const subscribed = new Promise<void>((resolve) => {
    socket.on("open", () =>
      socket.send(
        JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${cookie}` } }),
      ),
    );
    socket.on("message", (data) => {
      const message = JSON.parse(String(data));
      if (message.type === "connection_ack") {
        socket.send(
          JSON.stringify({
            id: "1",
            type: "subscribe",
            payload: {
              query: "subscription($w: ID!) { incidentEvents(workspaceId: $w) { kind incidentId } }",
              variables: { w: workspaceId },
            },
          }),
        );
        resolve();
      }
      if (message.type === "next") events.push(message.payload.data.incidentEvents);
    });
  });
  return { socket, thread, subscribed, events };
}

/** Polls `read` until it has a value; 60 s for an incident event behind the outbox, BullMQ and Redis on a loaded machine (15 s was short). */
async function waitFor<T>(what: string, read: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("one API process on two threads (API_THREADS=2)", () => {
  const api = useTestApi("postgres", { REDIS_URL: redisUrl });
  let child: ChildProcess;
  let port: number;
  let owner: Caller;
  let workspaceId: string;
  let stderr = "";

  before(async () => {
    const db = api.config.database;
    assert.equal(db.kind, "postgres");
    if (db.kind !== "postgres") return;
    port = await freePort();
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: new URL("..", import.meta.url).pathname,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: db.url,
        REDIS_URL: redisUrl,
        API_THREADS: "2",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    process.once("exit", () => child.kill("SIGKILL"));
    // Up once a thread answers (thread 1 starts after thread 0 has bound the port).
    const until = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}: ${stderr}`);
      if (Date.now() > until) throw new Error(`the API did not answer in 120 s: ${stderr}`);
      const answer = await onNewConnection(port, "/healthz").catch(() => undefined);
      if (answer?.status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    owner = await api.signup("threads@example.com");
    workspaceId = await createWorkspace(api, owner, "threaded");
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  it("takes connections on both threads", async () => {
    const threads = new Set<string | undefined>();
    // Thread 1 starts once thread 0 listens (it loads the API's modules first).
    for (const until = Date.now() + 60_000; threads.size < 2 && Date.now() < until; ) {
      const answer = await onNewConnection(port, "/healthz");
      assert.equal(answer.status, 200, answer.text);
      threads.add(answer.thread);
    }
    assert.deepEqual([...threads].sort(), ["0", "1"]);
  });

  /** One dashboard socket on each thread (sockets opened until both threads took one). */
  const dashboards: ReturnType<typeof incidentSocket>[] = [];

  it("answers /metrics on either thread with both threads' figures", async () => {
    for (let i = 0; i < 200 && new Set(await Promise.all(dashboards.map((d) => d.thread))).size < 2; i++) {
      const dashboard = incidentSocket(port, owner.cookie ?? "", workspaceId);
      const thread = await dashboard.thread;
      if ((await Promise.all(dashboards.map((d) => d.thread))).includes(thread)) dashboard.socket.close();
      else dashboards.push(dashboard);
    }
    assert.deepEqual((await Promise.all(dashboards.map((d) => d.thread))).sort(), ["0", "1"]);
    await Promise.all(dashboards.map((d) => d.subscribed));
    // Each thread streams one subscription: a scrape on either thread says two (a subscription
    // is counted once its operation starts, so scrapes repeat until each thread has said it).
    const scraped = new Set<string | undefined>();
    for (const until = Date.now() + 30_000; scraped.size < 2 && Date.now() < until; ) {
      const answer = await onNewConnection(port, "/metrics");
      assert.equal(answer.status, 200);
      // The process's own figures once, not once per thread.
      assert.equal(answer.text.match(/^levee_process_cpu_seconds_total /gm)?.length, 1);
      if (answer.text.match(/^levee_graphql_subscriptions_active (\d+)$/m)?.[1] === "2")
        scraped.add(answer.thread);
      else await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(scraped.size, 2, "both threads answered a scrape with both subscriptions");
  });

  it("an incident opened by a report on one thread reaches a dashboard socket on the other", async () => {
    const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "threaded-1");
    // One keep-alive connection: the node's reports stay on one thread, as an agent's socket does.
    const connection = new Agent({ keepAlive: true, maxSockets: 1 });
    const report = (ts: number, pps: number) =>
      fetchOver(connection, port, agent.token, { query: REPORT, variables: { samples: [sample(ts, pps)] } });
    const start = Date.now() - 1_800_000;
    for (let i = 0; i < 5; i++) await report(start + i * 1000, 1000);
    let incidentId: string | undefined;
    for (let i = 5; i < 15 && !incidentId; i++) {
      const answer = await report(start + i * 1000, 50_000);
      incidentId = JSON.parse(answer.text).data.reportTelemetry.detection.incidentId ?? undefined;
    }
    connection.destroy();
    assert.ok(incidentId, "the flood opened an incident");
    for (const dashboard of dashboards) {
      const opened = await waitFor("OPENED on the dashboard of each thread", () =>
        dashboard.events.find((e) => e.kind === "OPENED" && e.incidentId === incidentId),
      );
      assert.ok(opened);
    }
  });

  it("SIGTERM drains both threads and ends the process with 0", async () => {
    const closes = dashboards.map((d) => new Promise<number>((resolve) => d.socket.once("close", resolve)));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    assert.equal(await exited, 0, stderr);
    assert.deepEqual(await Promise.all(closes), [1001, 1001], "each thread closed its sockets as going away");
  });
});

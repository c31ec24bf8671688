import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { silentLogger } from "../src/log.ts";
import type { TelemetrySample } from "../src/sampler/sample.ts";
import { enrollAgent, reportTelemetry, type TelemetryResult } from "../src/transport/agent-api.ts";
import { Backoff } from "../src/transport/backoff.ts";
import { DurableQueue } from "../src/transport/durable-queue.ts";
import { ApiError, GraphQLClient } from "../src/transport/graphql-client.ts";
import { TelemetryPusher } from "../src/transport/telemetry-pusher.ts";
import { ApiProcess, waitFor } from "./support/api-process.ts";

/** HTTP requests the API has answered on /graphql (its own counter): the socket adds none. */
async function graphqlHttpRequests(api: ApiProcess): Promise<number> {
  const text = await fetch(`${api.url}/metrics`).then((r) => r.text());
  return text
    .split("\n")
    .filter((line) => line.startsWith("levee_http_requests_total{") && line.includes('route="/graphql"'))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

let clock = Date.now() - 60_000;
const sample = (): TelemetrySample => {
  clock += 1000;
  return {
    ts: new Date(clock).toISOString(),
    interface: "eth0",
    rxPps: 100,
    rxBps: 800_000,
    txPps: 50,
    txBps: 400_000,
    tcpPps: 70,
    udpPps: 25,
    icmpPps: 1,
    otherPps: 4,
    synRecv: 0,
    tcpEstablished: 3,
    tcpTotal: 5,
  } as TelemetrySample;
};

describe("telemetry over the persistent graphql-ws socket", () => {
  let api: ApiProcess;
  let cookie = "";
  let agentKey = "";
  let nodeId = "";
  const refused: string[] = [];
  const client = (apiUrl: string) =>
    new GraphQLClient({
      apiUrl,
      agentKey,
      timeoutMs: 10_000,
      userAgent: "levee-agent/test",
      socket: true,
      onSocketRefused: (reason) => refused.push(reason),
    });

  before(async () => {
    api = await ApiProcess.create();
    await api.start();
    const minted = await api.enrollmentToken();
    cookie = minted.cookie;
    const enrolled = await enrollAgent(
      new GraphQLClient({ apiUrl: api.url, timeoutMs: 10_000, userAgent: "levee-agent/test" }),
      { token: minted.token, hostname: "socket-host", agentVersion: "0.1.0" },
    );
    agentKey = enrolled.agentKey;
    nodeId = enrolled.node.id;
  });
  after(async () => {
    await api?.destroy();
  });

  it("stores every sample over one socket, without an HTTP request per sample", async () => {
    const agent = client(api.url);
    await reportTelemetry(agent, [sample()]); // connects (and loads the node's state)
    const before = await graphqlHttpRequests(api);
    for (let i = 0; i < 5; i++) assert.equal((await reportTelemetry(agent, [sample()])).accepted, 1);
    assert.equal(await graphqlHttpRequests(api), before, "no telemetry went over HTTP");
    assert.deepEqual(refused, []);
    const [row] = await api.query<{ n: number }>("select count(*)::int as n from traffic_sample");
    assert.equal(row?.n, 6);
    agent.close();
  });

  it("falls back to HTTP when the socket is refused (a proxy without WebSocket support)", async () => {
    // Forwards POSTs to the API and, having no upgrade handler, drops every WebSocket upgrade.
    const target = new URL(api.url);
    const proxy = createServer((req, res) => {
      const forward = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const agent = client(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
      assert.equal((await reportTelemetry(agent, [sample()])).accepted, 1);
      assert.equal(refused.length, 1, "the refusal is told once");
      assert.equal((await reportTelemetry(agent, [sample()])).accepted, 1, "and HTTP is used after it");
      assert.equal(refused.length, 1, "the socket is not retried at once");
      agent.close();
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("a key revoked while its socket is open is refused on the next sample", async () => {
    const agent = client(api.url);
    assert.equal((await reportTelemetry(agent, [sample()])).accepted, 1);
    const deleted = await api.gql(
      `mutation($input: DeleteNodeInput!) { deleteNode(input: $input) { __typename ... on Error { message } } }`,
      { input: { nodeId } },
      { cookie },
    );
    assert.equal(
      deleted.body.data?.deleteNode?.__typename,
      "DeleteNodePayload",
      JSON.stringify(deleted.body),
    );
    await assert.rejects(
      () => reportTelemetry(agent, [sample()]),
      (error: unknown) => error instanceof ApiError && error.kind === "unauthenticated",
    );
    agent.close();
  });
});

/**
 * The API stops while a batch is in flight on the socket. The batch is held in flight by a lock
 * the test takes on traffic_sample (the API's INSERT waits on it, seen in pg_stat_activity), so
 * the order is forced, not raced: request started, API told to stop, then the lock released.
 */
describe("telemetry over the socket while the API stops", () => {
  let api: ApiProcess;
  let lock: pg.Client;
  const batchOf = (base: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({ ...sample(), ts: new Date(base + i * 1000).toISOString() }));

  async function enrolled() {
    const minted = await api.enrollmentToken();
    return enrollAgent(
      new GraphQLClient({ apiUrl: api.url, timeoutMs: 10_000, userAgent: "levee-agent/test" }),
      { token: minted.token, hostname: "drain-host", agentVersion: "0.1.0" },
    );
  }

  const socketClient = (agentKey: string) =>
    new GraphQLClient({
      apiUrl: api.url,
      agentKey,
      timeoutMs: 60_000,
      userAgent: "levee-agent/test",
      socket: true,
    });

  /** Blocks every INSERT into traffic_sample until released. */
  async function lockSamples() {
    lock = new pg.Client({ connectionString: api.databaseUrl });
    await lock.connect();
    await lock.query("BEGIN");
    await lock.query("LOCK TABLE traffic_sample IN SHARE ROW EXCLUSIVE MODE");
  }
  async function releaseSamples() {
    await lock.query("COMMIT");
    await lock.end();
  }
  const insertWaiting = async () => {
    const rows = await api.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO traffic_sample%'`,
    );
    return (rows[0]?.n ?? 0) > 0;
  };
  const storedBetween = async (nodeId: string, from: number, to: number) => {
    const raw = Buffer.from(nodeId, "base64").toString().split(":").pop();
    const [row] = await api.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT ts)::int AS distinct FROM traffic_sample
        WHERE node_id = $1 AND ts >= $2 AND ts <= $3`,
      [raw, new Date(from), new Date(to)],
    );
    return row ?? { n: 0, distinct: 0 };
  };
  /**
   * The API no longer accepts connections (it is shutting down), without waiting for it to exit.
   * A new TCP connection each time: a kept-alive `fetch` connection stays open through the
   * drain and kept answering, so the probe said "open" until the drain bound had passed.
   */
  const listenerClosed = () =>
    new Promise<boolean>((resolve) => {
      const probe = connect({ host: "127.0.0.1", port: Number(new URL(api.url).port) });
      probe.once("connect", () => {
        probe.destroy();
        resolve(false);
      });
      probe.once("error", () => resolve(true));
    });

  before(async () => {
    api = await ApiProcess.create({
      // The drain bound is a wait, not what is under test: long enough that a loaded machine
      // releasing the table lock a few seconds late still sees the batch answered.
      SHUTDOWN_DRAIN_SECONDS: "15",
    });
    await api.start();
  });
  after(async () => {
    await api?.destroy();
  });

  it("SIGTERM with a batch in flight: the API answers it on the socket before closing; stored once", async () => {
    const { agentKey, node } = await enrolled();
    const agent = socketClient(agentKey);
    const base = Date.now() - 3_600_000;
    await reportTelemetry(agent, batchOf(base - 10_000, 1)); // connected, node state loaded
    const batch = batchOf(base, 50);
    await lockSamples();
    const answer = reportTelemetry(agent, batch);
    await waitFor(insertWaiting, 30_000, "the API's INSERT to wait on the lock");
    const stopped = api.stop();
    await waitFor(listenerClosed, 30_000, "the API to stop taking connections");
    await releaseSamples();
    const result = await answer;
    assert.equal(result.accepted, 50, "the whole batch is acknowledged over the socket");
    assert.equal(result.duplicates, 0);
    await stopped;
    await api.start();
    assert.deepEqual(await storedBetween(node.id, base, base + 49_000), { n: 50, distinct: 50 });
    agent.close();
  });

  it("SIGKILL with a batch in flight: the agent keeps it, sends it again after the restart, stored once", async () => {
    const { agentKey, node } = await enrolled();
    const dir = mkdtempSync(join(tmpdir(), "levee-drain-"));
    const queue = new DurableQueue<TelemetrySample>(join(dir, "queue"), {
      capacity: 1000,
      logger: silentLogger,
    });
    const agent = socketClient(agentKey);
    const answers: TelemetryResult[] = [];
    const pusher = new TelemetryPusher({
      queue,
      send: async (samples) => {
        const result = await reportTelemetry(agent, samples);
        answers.push(result);
        return result;
      },
      batchSize: 100,
      logger: silentLogger,
      onDetection: () => {},
      backoff: new Backoff(200, 1000),
    });
    try {
      const base = Date.now() - 7_200_000;
      queue.append(batchOf(base - 10_000, 1)[0] as TelemetrySample);
      pusher.start();
      await waitFor(() => queue.depth === 0, 30_000, "the first sample to be delivered");
      await lockSamples();
      for (const s of batchOf(base, 50)) queue.append(s as TelemetrySample);
      pusher.notify();
      await waitFor(insertWaiting, 30_000, "the API's INSERT to wait on the lock");
      await api.kill("SIGKILL");
      await releaseSamples();
      // The killed API's INSERT still commits (its backend held the whole statement): stored,
      // never acknowledged. The agent must count the batch unsent and keep it.
      await waitFor(async () => !(await insertWaiting()), 30_000, "the orphaned INSERT to finish");
      assert.equal((await storedBetween(node.id, base, base + 49_000)).n, 50, "stored before any answer");
      assert.equal(queue.depth, 50, "the unacknowledged batch is still queued");
      await api.start();
      await waitFor(() => queue.depth === 0, 60_000, "the batch to be sent again");
      assert.deepEqual(await storedBetween(node.id, base, base + 49_000), { n: 50, distinct: 50 });
      const last = answers.at(-1);
      assert.equal(last?.accepted, 0, "nothing new stored by the re-send");
      assert.equal(last?.duplicates, 50, "the re-sent batch is recognised as already stored");
      assert.equal(queue.stats().sent, 51, "the agent counts each sample sent once");
      assert.equal(queue.stats().dropped, 0);
    } finally {
      await pusher.stop(1000);
      agent.close();
      queue.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The API in production mode (PostgreSQL and Redis) while its Redis accepts connections but never
// answers: a redis-server of the suite's own under SIGSTOP (ioredis still sees it "ready"; the
// shared test Redis is never paused). Every request path that touches Redis — the rate limits
// of every request (an agent's report among them), sign-in's, the job queue behind an incident,
// pub/sub, the health probe — must answer within its bound, not wait for Redis without end.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { failedJobGlobalId } from "../src/operations/failed-job.service.ts";
import { createEnrollmentToken, enrollAgent, errorCode, mutate, rawId } from "./fixtures.ts";
import { createWorkspace, PASSWORD, useTestApi } from "./harness.ts";
import { waitFor } from "./support/job-queue.contract.ts";
import { StalledRedis } from "./support/stalled-redis.ts";
import { REPORT, sample } from "./telemetry-client.ts";
import { subscribe, subscriptionsLive } from "./ws-client.ts";

const NODE_EVENTS = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind nodeId } }";
const TRAFFIC = "subscription($n: ID!) { trafficUpdated(nodeId: $n) { nodeId ts } }";

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) {
  __typename ... on SessionPayload { user { email } } ... on Error { code message } } }`;

/** How many times Redis carried out each command since its last CONFIG RESETSTAT (INFO commandstats). */
async function commandCounts(url: string): Promise<Record<string, number>> {
  const client = new Redis(url, { lazyConnect: true });
  try {
    await client.connect();
    const info = await client.info("commandstats");
    return Object.fromEntries(
      [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map(([, name, calls]) => [name, Number(calls)]),
    );
  } finally {
    client.disconnect();
  }
}

/** The value of a counter or gauge without labels on /metrics. */
async function metric(base: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(" ")[1]);
}

/** `step`'s answer; a step still waiting after 20 s (the bounds are 1–2 s) fails by its name. */
async function answered<T>(step: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step}: no answer after 20 s`)), 20_000);
  });
  try {
    return await Promise.race([work, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

describe("the API on a stalled Redis", () => {
  let redis: StalledRedis;
  const env: Record<string, string> = {};
  before(async () => {
    redis = await StalledRedis.start();
    env.REDIS_URL = redis.url;
  });
  const api = useTestApi("postgres", env);
  /** The API's address: it listens from the first test that needs it on. */
  const baseUrl = async () => {
    const listening = api.server.http.address() as AddressInfo | null;
    return `http://127.0.0.1:${listening?.port ?? (await api.server.listen(0, "127.0.0.1")).port}`;
  };
  after(() => redis.stop());

  it("answers requests, sign-in, an agent's reports over HTTP and its socket (an incident opening among them), sets up subscriptions; /metrics answers, failedJobs is UNAVAILABLE and /healthz 503", {
    timeout: 120_000,
  }, async () => {
    const owner = await api.signup("stall-owner@example.com", "Owner");
    const workspaceId = await createWorkspace(api, owner, "stall-corp");
    const enrolled = await enrollAgent(
      api,
      await createEnrollmentToken(api, owner, workspaceId),
      "stall-agent",
    );
    const agent = { token: enrolled.token };
    const base = await baseUrl();

    redis.stall();
    try {
      const quiet = await answered(
        "an agent's report",
        api.gql(REPORT, { samples: [sample(Date.now() - 2000, 100)] }, agent),
      );
      assert.equal(quiet.data?.reportTelemetry?.__typename, "ReportTelemetryPayload", JSON.stringify(quiet));
      // A flood opens an incident: its event job goes to the queue (BullMQ on the stalled Redis).
      const flood = await answered(
        "a report opening an incident",
        api.gql(REPORT, { samples: [sample(Date.now() - 1000, 50_000)] }, agent),
      );
      assert.ok(flood.data?.reportTelemetry?.detection?.incidentId, JSON.stringify(flood));

      const login = await answered(
        "sign-in",
        api.gql(LOGIN, { input: { email: "stall-owner@example.com", password: PASSWORD } }),
      );
      assert.equal(login.data?.login?.__typename, "SessionPayload", JSON.stringify(login));
      const node = await answered(
        "a mutation that publishes",
        mutate(
          api,
          owner,
          "createNode",
          { workspaceId, name: "stall-web-2" },
          "... on NodePayload { node { id } }",
        ),
      );
      assert.equal(errorCode(node), undefined, JSON.stringify(node));

      // The agent's own transport: its report as an operation on its socket.
      const ws = `${base.replace("http", "ws")}/graphql`;
      const socket = subscribe(
        ws,
        REPORT,
        { samples: [sample(Date.now(), 100)] },
        { authorization: `Bearer ${agent.token}` },
      );
      try {
        const [overSocket] = await answered("an agent's report over its socket", socket.waitFor(1, 20_000));
        assert.equal(
          overSocket?.data?.reportTelemetry?.__typename,
          "ReportTelemetryPayload",
          JSON.stringify(overSocket),
        );
      } finally {
        socket.dispose();
      }
      // A live subscription is set up (its events, carried by Redis, come once Redis answers).
      const live = subscribe(
        ws,
        NODE_EVENTS,
        { w: workspaceId },
        { authorization: `Bearer ${owner.cookie}` },
      );
      try {
        await answered("a subscription's set-up", subscriptionsLive(base, 1));
      } finally {
        live.dispose();
      }

      // Operators' reads of the queue: bounded, a clear UNAVAILABLE (the scrape keeps its last counts).
      const metrics = await answered("/metrics", fetch(`${base}/metrics`));
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /levee_graphql_subscriptions_active/);
      const failed = await answered(
        "failedJobs",
        api.gql("query($w: ID) { failedJobs(workspaceId: $w) { id } }", { w: workspaceId }, owner),
      );
      assert.equal(failed.errors?.[0]?.extensions?.code, "UNAVAILABLE", JSON.stringify(failed));

      const health = await answered("/healthz", fetch(`${base}/healthz`));
      assert.equal(health.status, 503, "Redis not answering is a failed check");
      const body = (await health.json()) as { redis: { ok: boolean } };
      assert.equal(body.redis.ok, false);
    } finally {
      redis.resume();
    }
  });
  it("a retry of a failed job answered after its bound is UNAVAILABLE, and audited once Redis answers that it did retry (a second retry of the same job, not carried out, is not audited)", {
    timeout: 120_000,
  }, async () => {
    const { jobs, database } = api.server.services;
    const owner = await api.signup("stall-retry-owner@example.com", "Owner");
    const workspaceId = rawId(await createWorkspace(api, owner, "stall-retry-corp"));
    const name = "stall-retry-probe";
    let runs = 0;
    jobs.register(name, async () => {
      runs++;
      if (runs === 1) throw new Error("fails on purpose, once");
    });
    await jobs.enqueue(name, { workspaceId }, { attempts: 1 });
    await waitFor(async () => (await jobs.failedJobs({ name })).length === 1);
    const [failed] = await jobs.failedJobs({ name });
    const jobId = failedJobGlobalId(failed as { name: string; id: string });

    // Both retries read the failed job while Redis answers; Redis stalls once both reached the
    // queue's retry, so the retries themselves (not the reads before them) go unanswered.
    const retryFailed = jobs.retryFailed.bind(jobs);
    const lateAnswers: (boolean | "unknown")[] = [];
    let reached = 0;
    let bothReached = () => {};
    const both = new Promise<void>((resolve) => {
      bothReached = resolve;
    });
    jobs.retryFailed = async (jobName, id, options = {}) => {
      if (++reached === 2) {
        redis.stall();
        bothReached();
      }
      await both;
      return retryFailed(jobName, id, {
        onLateAnswer: (retried) => {
          lateAnswers.push(retried);
          options.onLateAnswer?.(retried);
        },
      });
    };
    const audited = () =>
      database.prisma.auditLog.findMany({ where: { chain: `ws:${workspaceId}`, action: "job.retry" } });
    try {
      const retries = await answered(
        "two retries of a failed job",
        Promise.all([1, 2].map(() => mutate(api, owner, "retryFailedJob", { jobId }))),
      );
      for (const retry of retries) assert.equal(errorCode(retry), "UNAVAILABLE", JSON.stringify(retry));
      assert.deepEqual(await audited(), [], "nothing is audited while the retry is unanswered");
      assert.equal(runs, 1);
    } finally {
      redis.resume();
      delete (jobs as Partial<typeof jobs>).retryFailed;
    }
    // Redis answers: the first retry is carried out (the job runs again), the second finds it retried.
    await waitFor(() => runs === 2 && lateAnswers.length === 2);
    assert.deepEqual(lateAnswers.sort(), [false, true]);
    await waitFor(async () => (await audited()).length === 1);
    const [entry] = await audited();
    assert.equal(entry?.actorLabel, "stall-retry-owner@example.com");
    assert.deepEqual(entry?.summary, {
      name,
      attempts: 1,
      error: "fails on purpose, once",
      answeredLate: true,
    });
  });
  it("commands off a request's path do not pile up in the process: publishes past the bound are dropped (counted on /metrics), /healthz sends one PING at a time", {
    timeout: 120_000,
  }, async () => {
    const owner = await api.signup("stall-fanout-owner@example.com", "Owner");
    const workspaceId = await createWorkspace(api, owner, "stall-fanout-corp");
    const enrolled = await enrollAgent(
      api,
      await createEnrollmentToken(api, owner, workspaceId),
      "stall-fanout-agent",
    );
    const base = await baseUrl();
    // A live watcher of the node: each stored second of it is published (trafficUpdated).
    const live = subscribe(
      `${base.replace("http", "ws")}/graphql`,
      TRAFFIC,
      { n: enrolled.nodeId },
      { authorization: `Bearer ${owner.cookie}` },
    );
    const reports = 40;
    const probes = 10;
    try {
      await subscriptionsLive(base, 1);
      const admin = new Redis(redis.url);
      await admin.config("RESETSTAT");
      admin.disconnect();
      redis.stall();
      try {
        // A steady stream of an agent's reports, 10 a second, each a new second of traffic.
        const t0 = Date.now() - 60_000;
        for (let i = 0; i < reports; i++) {
          const result = await answered(
            `report ${i}`,
            api.gql(REPORT, { samples: [sample(t0 + i * 1000, 100)] }, { token: enrolled.token }),
          );
          assert.equal(result.data?.reportTelemetry?.accepted, 1, JSON.stringify(result));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        // Health probes side by side, as several probers would send them.
        const statuses = await answered(
          "/healthz probes",
          Promise.all(Array.from({ length: probes }, () => fetch(`${base}/healthz`).then((r) => r.status))),
        );
        assert.deepEqual(new Set(statuses), new Set([503]));
        const dropped = await metric(base, "levee_pubsub_publishes_dropped_total");
        assert.ok(dropped !== undefined && dropped >= reports / 2, `publishes dropped: ${dropped}`);
        const waiting = await metric(base, "levee_pubsub_publishes_unanswered");
        assert.ok(waiting !== undefined && waiting < reports / 2, `publishes waiting: ${waiting}`);
      } finally {
        redis.resume();
      }
      // What the process had queued is carried out once Redis answers: count it there.
      await waitFor(async () => (await metric(base, "levee_pubsub_publishes_unanswered")) === 0);
      const counts = await commandCounts(redis.url);
      const dropped = await metric(base, "levee_pubsub_publishes_dropped_total");
      console.log(
        `# ${reports} reports, ${probes} probes: ${dropped} publishes dropped; Redis carried out ${JSON.stringify(counts)}`,
      );
      assert.ok((counts.publish ?? 0) < reports / 2, `publishes carried out: ${JSON.stringify(counts)}`);
      assert.ok((counts.ping ?? 0) <= 2, `PINGs carried out: ${JSON.stringify(counts)}`);
    } finally {
      live.dispose();
    }
  });
  // Last: it closes the API (the harness's own close afterwards finds it closed).
  it("stops while Redis is stalled: close() ends, and a retry of a failed job still unanswered is audited as of unknown outcome", {
    timeout: 120_000,
  }, async () => {
    const { jobs, database } = api.server.services;
    const owner = await api.signup("stall-stop-owner@example.com", "Owner");
    const workspaceId = rawId(await createWorkspace(api, owner, "stall-stop-corp"));
    const name = "stall-stop-probe";
    jobs.register(name, async () => {
      throw new Error("fails on purpose");
    });
    await jobs.enqueue(name, { workspaceId }, { attempts: 1 });
    await waitFor(async () => (await jobs.failedJobs({ name })).length === 1);
    const [failed] = await jobs.failedJobs({ name });
    const jobId = failedJobGlobalId(failed as { name: string; id: string });
    // Redis stalls once the retry reached the queue (its read of the failed job answered).
    const retryFailed = jobs.retryFailed.bind(jobs);
    jobs.retryFailed = (jobName, id, options) => {
      redis.stall();
      return retryFailed(jobName, id, options);
    };
    const audited = () =>
      database.prisma.auditLog.findMany({ where: { chain: `ws:${workspaceId}`, action: "job.retry" } });
    try {
      const retry = await answered("a retry", mutate(api, owner, "retryFailedJob", { jobId }));
      assert.equal(errorCode(retry), "UNAVAILABLE", JSON.stringify(retry));
      await answered("the API's close", api.server.close(2000));
      const entries = await audited();
      assert.equal(entries.length, 1, "the unanswered retry is recorded before the API is gone");
      assert.equal(entries[0]?.actorLabel, "stall-stop-owner@example.com");
      assert.deepEqual(entries[0]?.summary, {
        name,
        attempts: 1,
        error: "fails on purpose",
        unansweredAtStop: true,
      });
    } finally {
      redis.resume();
      delete (jobs as Partial<typeof jobs>).retryFailed;
    }
  });
});

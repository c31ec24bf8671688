// An API process started while its Redis accepts connections but never answers (a redis-server of
// the suite's own under SIGSTOP, stopped before the process starts): it must come up and serve,
// degraded as when Redis stalls after its start (/healthz 503, rate limits in the process, jobs
// to the outbox), not wait for Redis without end; and once Redis answers it is whole again (its
// periodic jobs scheduled, /healthz 200) without a restart.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { ApiProcess, waitFor } from "../../agent/test/support/api-process.ts";
import { ROLLUP_MINUTE_JOB } from "../src/telemetry/telemetry.jobs.ts";
import { StalledRedis } from "./support/stalled-redis.ts";
import { REPORT, sample } from "./telemetry-client.ts";

const ENROLL = `mutation($input: EnrollAgentInput!) { enrollAgent(input: $input) {
  ... on EnrollAgentPayload { agentKey } ... on Error { code message } } }`;

/**
 * From the spawn to "listening": the process's own start (bundle, database, migrations checked) takes
 * 1–7 s on this shared machine; each Redis step on the way is bounded by 1–2 s.
 */
const START_BOUND_MS = 45_000;

describe("an API process started on a stalled Redis", () => {
  let redis: StalledRedis;
  let api: ApiProcess;
  before(async () => {
    redis = await StalledRedis.start();
    api = await ApiProcess.create({ REDIS_URL: redis.url, LOG_LEVEL: "info" });
  });
  after(async () => {
    redis?.resume();
    await api?.destroy();
    await redis?.stop();
  });

  it("starts and serves degraded within its bound (/healthz 503 naming Redis), and is whole once Redis answers", {
    timeout: 180_000,
  }, async () => {
    redis.stall();
    const spawned = Date.now();
    await api.start(START_BOUND_MS, "listening");
    const startMs = Date.now() - spawned;

    const health = await fetch(`${api.url}/healthz`);
    assert.equal(health.status, 503);
    const body = (await health.json()) as { redis: { ok: boolean; error?: string } };
    assert.equal(body.redis.ok, false, JSON.stringify(body));
    // Requests are served: sign-up, a workspace and an enrolment token, an agent enrolled and its report.
    const { token } = await api.enrollmentToken();
    const enrolled = await api.gql(ENROLL, {
      input: { token, hostname: "stalled-start-1", agentVersion: "1.0.0" },
    });
    const agentKey = enrolled.body.data?.enrollAgent?.agentKey as string;
    assert.ok(agentKey, JSON.stringify(enrolled.body));
    const report = await api.gql(REPORT, { samples: [sample(Date.now() - 1000, 100)] }, { token: agentKey });
    assert.equal(report.body.data?.reportTelemetry?.accepted, 1, JSON.stringify(report.body));
    assert.match(api.logs(), /redis not answering: periodic jobs are scheduled once it answers/);

    redis.resume();
    await waitFor(
      async () => (await fetch(`${api.url}/healthz`)).status === 200,
      60_000,
      "/healthz 200 once Redis answers",
    );
    // The schedules the start could not set wait in the queue's memory no longer: they are in Redis.
    const client = new Redis(redis.url, { lazyConnect: true });
    try {
      await client.connect();
      await waitFor(
        async () => (await client.zcard(`levee:${ROLLUP_MINUTE_JOB}:repeat`)) === 1,
        30_000,
        `the ${ROLLUP_MINUTE_JOB} schedule in Redis`,
      );
    } finally {
      client.disconnect();
    }
    const listening = api
      .logs()
      .split("\n")
      .find((line) => line.includes('"msg":"Levee API listening"'));
    console.log(`# started on a stalled Redis in ${startMs} ms: ${listening}`);
  });
});

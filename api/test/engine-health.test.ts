import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ROLLUP_MINUTE_JOB } from "../src/telemetry/telemetry.jobs.ts";
import { createEnrollmentToken, enrollAgent, errorCode, mutate } from "./fixtures.ts";
import { createWorkspace, useTestApi } from "./harness.ts";
import { waitFor } from "./support/job-queue.contract.ts";
import { REPORT, report, sample } from "./telemetry-client.ts";

const FAILED_JOBS = `query($w: ID) { failedJobs(workspaceId: $w) { id name workspaceId error attempts failedAt } }`;

/**
 * A real fault on plain PostgreSQL: the tables the telemetry INSERT (rollup_late, for late
 * samples) and the rollup job (rollup_watermark, its first read) use are renamed away, then back.
 * The job's own read is broken, not only rollup_late: a run that finds an older transaction still
 * open refreshes nothing and never reads rollup_late (CI: the job succeeded and no failure came). /healthz must say 503 with the reasons
 * while it is broken, the failed rollup job must be kept, counted on /metrics and listed to the
 * operator, and after the repair and a retry everything is healthy again.
 */
describe("a degraded engine (postgres)", () => {
  const api = useTestApi("postgres");

  test("writes and rollups failing make /healthz 503 with the reason; failed jobs are kept, counted, listed and retried; healthy again after", async () => {
    const { database, jobs } = api.server.services;
    assert.equal(database.timescale, false, "this fault is for the plain-PostgreSQL rollups");
    const base = `http://127.0.0.1:${(await api.server.listen(0, "127.0.0.1")).port}`;
    const health = async () => {
      const response = await fetch(`${base}/healthz`);
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const failedGauge = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      const line = text
        .split("\n")
        .find((l) => l.startsWith(`levee_jobs_failed{job="${ROLLUP_MINUTE_JOB}"}`));
      return Number(line?.split(" ")[1]);
    };

    const operator = await api.signup("operator@example.com");
    const workspaceId = await createWorkspace(api, operator, "operations"); // the root workspace
    const tenant = await api.signup("tenant@example.com");
    const tenantWorkspace = await createWorkspace(api, tenant, "tenant");
    const agent = await enrollAgent(api, await createEnrollmentToken(api, operator, workspaceId), "h-1");
    assert.equal((await health()).status, 200);
    await waitFor(async () => (await jobs.failedCounts())[ROLLUP_MINUTE_JOB] === 0);

    await database.sql.exec(
      "ALTER TABLE rollup_late RENAME TO rollup_late_away; ALTER TABLE rollup_watermark RENAME TO rollup_watermark_away",
    );
    try {
      const t0 = Date.now() - 60_000;
      for (let i = 0; i < 3; i++) {
        const result = await api.gql(
          REPORT,
          { samples: [sample(t0 + i * 1000, 100)] },
          { token: agent.token },
        );
        assert.equal(result.data.reportTelemetry.code, "UNAVAILABLE");
      }
      const writesFailing = await health();
      assert.equal(writesFailing.status, 503);
      assert.equal(writesFailing.body.status, "degraded");
      assert.equal(writesFailing.body.database.ok, true, "the database itself answers");
      const [writes] = writesFailing.body.degraded;
      assert.equal(writes.part, "telemetry writes");
      assert.match(writes.reason, /rollup_late/);

      await jobs.enqueue(ROLLUP_MINUTE_JOB, {}, { attempts: 2, backoffMs: 10 });
      await waitFor(async () => (await failedGauge()) >= 1, 20_000);
      const parts = (await health()).body.degraded.map((d: { part: string }) => d.part);
      assert.deepEqual(parts.sort(), [`job ${ROLLUP_MINUTE_JOB}`, "telemetry writes"]);
    } finally {
      await database.sql.exec(
        "ALTER TABLE rollup_late_away RENAME TO rollup_late; ALTER TABLE rollup_watermark_away RENAME TO rollup_watermark",
      );
    }

    // The operator sees the system job; the tenant's workspace has none; the tenant is no operator.
    const listed = await api.gql(FAILED_JOBS, {}, operator);
    const failed = listed.data.failedJobs.find((j: { name: string }) => j.name === ROLLUP_MINUTE_JOB);
    assert.ok(failed, JSON.stringify(listed));
    assert.equal(failed.workspaceId, null);
    assert.equal(failed.attempts, 2);
    assert.match(failed.error, /rollup_watermark/);
    const asTenant = await api.gql(FAILED_JOBS, {}, tenant);
    assert.equal(asTenant.errors?.[0]?.extensions?.code, "FORBIDDEN");
    assert.deepEqual((await api.gql(FAILED_JOBS, { w: tenantWorkspace }, tenant)).data.failedJobs, []);
    const tenantRetry = await mutate(api, tenant, "retryFailedJob", { jobId: failed.id });
    assert.equal(errorCode(tenantRetry), "FORBIDDEN");

    // Repaired: writes recover at once; the job after the operator's retry.
    assert.equal((await report(api, { token: agent.token }, [sample(Date.now() - 1000, 100)])).accepted, 1);
    assert.deepEqual(
      (await health()).body.degraded.map((d: { part: string }) => d.part),
      [`job ${ROLLUP_MINUTE_JOB}`],
    );
    const retried = await mutate(
      api,
      operator,
      "retryFailedJob",
      { jobId: failed.id },
      "... on RetryFailedJobPayload { job { id } }",
    );
    assert.equal(retried.payload?.job?.id, failed.id, JSON.stringify(retried));
    await waitFor(async () => (await health()).status === 200, 20_000);
    const left = (await api.gql(FAILED_JOBS, {}, operator)).data.failedJobs.map((j: { id: string }) => j.id);
    assert.ok(!left.includes(failed.id), "a retried job is no longer listed");
    assert.equal(await failedGauge(), left.length);
    const again = await mutate(api, operator, "retryFailedJob", { jobId: failed.id });
    assert.equal(errorCode(again), "NOT_FOUND", "a retried job is no longer failed");
    const audited = await database.prisma.auditLog.findFirst({
      where: { chain: "system", action: "job.retry" },
    });
    assert.equal(audited?.actorLabel, "operator@example.com");
  });
});

import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { Redis } from "ioredis";
import type { AppServices } from "../src/context.ts";
import { type IncidentConsumer, incidentJobs } from "../src/incidents/incident.jobs.ts";
import { INCIDENT_EVENT_JOB, type IncidentEventJob } from "../src/incidents/incident-event.ts";
import { BullMqJobQueue } from "../src/jobs/bullmq-queue.ts";
import { InProcessJobQueue } from "../src/jobs/in-process-queue.ts";
import type { JobQueue } from "../src/jobs/job-queue.ts";
import { createLogger } from "../src/logging/logger.ts";
import { testRedisUrl } from "./databases.ts";

const prefix = `levee-order-${randomBytes(4).toString("hex")}`;

after(async () => {
  const redis = new Redis(testRedisUrl);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await redis.quit();
});

/**
 * The incidents.event job handles events side by side (concurrency > 1) while each node's events
 * (so each incident's OPENED → UPDATED → RESOLVED) are handled in the order they were queued, on
 * both queues. The consumer records what it saw; the first event handled waits until a second
 * one has started, which only happens if events really overlap.
 */
for (const kind of ["in-process", "bullmq"] as const) {
  describe(`incidents.event on the ${kind} queue`, () => {
    it("handles different nodes at once and one node's events in order", { timeout: 60_000 }, async () => {
      const logger = createLogger("silent");
      const jobs: JobQueue =
        kind === "bullmq"
          ? new BullMqJobQueue({ redisUrl: testRedisUrl, prefix, logger })
          : new InProcessJobQueue({ logger });
      const seen = new Map<string, string[]>();
      let active = 0;
      let maxActive = 0;
      let handled = 0;
      let secondStarted!: () => void;
      const overlap = new Promise<void>((resolve) => {
        secondStarted = resolve;
      });
      const recorder: IncidentConsumer = {
        name: "recorder",
        async handle(_services, event) {
          active++;
          maxActive = Math.max(maxActive, active);
          if (active >= 2) secondStarted();
          if (handled === 0) await overlap;
          // A few turns of the event loop, so later events of other nodes get going meanwhile.
          for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
          seen.set(event.nodeId, [...(seen.get(event.nodeId) ?? []), event.kind]);
          active--;
          handled++;
        },
      };
      const entry = incidentJobs([recorder]).find((e) => e.name === INCIDENT_EVENT_JOB);
      assert.ok(entry);
      assert.ok((entry.concurrency ?? 1) > 1, "incidents.event runs with concurrency > 1");
      const services = { logger } as unknown as AppServices;
      jobs.register<IncidentEventJob>(
        entry.name,
        (data, job) => entry.run(services, data, job).then(() => {}),
        {
          concurrency: entry.concurrency,
        },
      );
      await jobs.start();
      try {
        const nodes = Array.from({ length: 10 }, () => ({ nodeId: randomUUID(), incidentId: randomUUID() }));
        const workspaceId = randomUUID();
        // Interleaved: every node's OPENED, then every UPDATED, then every RESOLVED.
        for (const step of ["OPENED", "UPDATED", "RESOLVED"] as const)
          for (const node of nodes)
            await jobs.enqueue(INCIDENT_EVENT_JOB, {
              kind: step,
              ...node,
              workspaceId,
              at: new Date().toISOString(),
            });
        while (handled < nodes.length * 3) await new Promise((resolve) => setTimeout(resolve, 10));
        for (const node of nodes) assert.deepEqual(seen.get(node.nodeId), ["OPENED", "UPDATED", "RESOLVED"]);
        assert.ok(maxActive >= 2, `at most ${maxActive} at once`);
      } finally {
        await jobs.close();
      }
    });
  });
}

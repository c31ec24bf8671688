// Incident events reach their consumers at least once whatever the process does (issue 21): each
// transition writes its event to incident_event_outbox in its own transaction; a process that dies
// before the incidents.event job ran leaves the row, and the relay of the next (or another) process
// queues it. Both engines, both queues; the relay is driven by hand with an explicit clock.
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it, mock } from "node:test";
import { Redis } from "ioredis";
import { Registry } from "prom-client";
import type { AppServices } from "../src/context.ts";
import { type Database, openDatabase } from "../src/db/database.ts";
import type { DetectorEvent, OpenIncident } from "../src/detection/detector.ts";
import {
  type IncidentConsumer,
  type IncidentEventRunLimits,
  incidentJobs,
  RELAY_INCIDENT_EVENTS_JOB,
} from "../src/incidents/incident.jobs.ts";
import {
  applyDetectorEvents,
  recordClassification,
  relayIncidentEvents,
} from "../src/incidents/incident.service.ts";
import {
  claimDueIncidentEvents,
  claimIncidentEventRun,
  parkIncidentEvent,
  postponeFailedIncidentEvent,
  releaseIncidentEvent,
  renewIncidentEventRun,
} from "../src/incidents/incident-event.store.ts";
import {
  FAILED_EVENT_MAX_ROUNDS,
  FAILED_EVENT_RETRY_AFTER_MS,
  INCIDENT_EVENT_JOB,
  INCIDENT_EVENT_RUN_LEASE_MS,
  type IncidentEventJob,
  incidentEvent,
  outboxRow,
  RELAY_AFTER_MS,
  RELAY_AGAIN_AFTER_MS,
  RUNNING_EVENT_WAIT_MAX_MS,
} from "../src/incidents/incident-event.ts";
import { BullMqJobQueue } from "../src/jobs/bullmq-queue.ts";
import { InProcessJobQueue } from "../src/jobs/in-process-queue.ts";
import type { AnyJobEntry } from "../src/jobs/job-entry.ts";
import type { JobQueue } from "../src/jobs/job-queue.ts";
import { registerJobs, startJobs } from "../src/jobs/job-table.ts";
import { checkHealth } from "../src/observability/health.ts";
import { registerIncidentEventMetrics } from "../src/observability/metrics.ts";
import { createJsonEventTarget } from "../src/pubsub/json-event-target.ts";
import { createTopicPubSub } from "../src/pubsub/topic-pubsub.ts";
import type { Topics } from "../src/topics.ts";
import { createTestDatabase, engines, type TestDatabase, testRedisUrl } from "./databases.ts";
import { captureLogger, waitFor } from "./support/job-queue.contract.ts";

const redisPrefix = `levee-outbox-${randomBytes(4).toString("hex")}`;

after(async () => {
  const redis = new Redis(testRedisUrl);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${redisPrefix}:*`, "COUNT", 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await redis.quit();
});

const THRESHOLDS = [
  { metric: "PPS" as const, threshold: 10_000, elevatedAt: 5_000, source: "FLOOR" as const },
];

function openIncident(startedAt: number, peakPps: number): OpenIncident {
  return {
    startedAt,
    lastAttackAt: startedAt,
    quietSince: null,
    peakPps,
    peakBps: peakPps * 800,
    peakRatio: peakPps / 10_000,
    severity: "HIGH",
    triggerMetrics: ["PPS"],
    triggerPeaks: [{ metric: "PPS", peak: peakPps, thresholdAtPeak: 10_000 }],
    timeline: [[Math.floor(startedAt / 1000), peakPps, peakPps * 800]],
    announcedRatio: peakPps / 10_000,
  };
}

/** One API process's parts the incident service and the incidents.event job use. */
interface Process {
  services: AppServices;
  jobs: JobQueue;
  /** The incident jobs, as registered. */
  table: AnyJobEntry[];
  /** What the recording consumer was handed, in order. */
  handled: IncidentEventJob[];
  logs: ReturnType<typeof captureLogger>["records"];
}

/**
 * `failing`: the recording consumer throws after recording (a receiver down for good). `entered`:
 * called as it starts on an event, before it records it; it records once that is settled (a slow receiver).
 * `alsoInto`: every process's recorder writes there too (the order across processes).
 */
function apiProcess(
  database: Database,
  jobs: JobQueue,
  options: {
    failing?: boolean;
    entered?: (event: IncidentEventJob) => Promise<void> | undefined;
    alsoInto?: IncidentEventJob[];
    /** Consumers besides the recorder (run first). */
    consumers?: IncidentConsumer[];
    limits?: IncidentEventRunLimits;
  } = {},
): Process {
  const { logger, records: logs } = captureLogger();
  const handled: IncidentEventJob[] = [];
  const recorder: IncidentConsumer = {
    name: "recorder",
    handle: async (_services, event) => {
      await options.entered?.(event);
      handled.push(event);
      options.alsoInto?.push(event);
      if (options.failing) throw new Error("the receiver is down");
    },
  };
  const services = {
    database,
    jobs,
    logger,
    pubsub: createTopicPubSub<Topics>(createJsonEventTarget()),
  } as unknown as AppServices;
  const table = incidentJobs([...(options.consumers ?? []), recorder], options.limits);
  registerJobs(services, table);
  return { services, jobs, table, handled, logs };
}

const inProcess = (database: Database) =>
  apiProcess(database, new InProcessJobQueue({ logger: captureLogger().logger }));

/** When a job of `name` ends (completed, or failed for good) in this process's queue. */
function ended(jobs: JobQueue, name: string): Promise<string> {
  return new Promise((resolve) =>
    jobs.onOutcome((job, outcome) => {
      if (job === name && outcome !== "retrying") resolve(outcome);
    }),
  );
}

async function outboxRows(db: Database): Promise<number> {
  const [row] = await db.sql.query<{ n: number | string }>("SELECT count(*) AS n FROM incident_event_outbox");
  return Number(row?.n ?? 0);
}

/** A relay clock past every row's first due time, without waiting for it. */
const relayDue = () => ({ now: new Date(Date.now() + RELAY_AFTER_MS + 1000) });

/** The oldest row's event time: before any row is due (due RELAY_AFTER_MS after its write), however slow the run. */
async function oldestEventTime(db: Database): Promise<Date> {
  const [row] = await db.sql.query<{ at: Date | string }>("SELECT min(at) AS at FROM incident_event_outbox");
  return new Date(row?.at ?? Date.now());
}

for (const engine of engines) {
  describe(`incident event outbox (${engine})`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let workspaceId = "";

    before(async () => {
      testDb = await createTestDatabase(engine);
      db = await testDb.open({ migrate: true });
      workspaceId = randomUUID();
      await db.prisma.workspace.create({ data: { id: workspaceId, slug: `outbox-${engine}`, name: "O" } });
    });
    after(async () => {
      await db?.close();
      await testDb?.drop();
    });

    const newNode = async (name: string) => {
      const node = await db.prisma.node.create({ data: { workspaceId, name } });
      return { nodeId: node.id, workspaceId };
    };

    it("an incident's events whose jobs died with their process are handled, in order, by the next process's relay", async () => {
      const node = await newNode("killed");
      // The process that stores the transitions dies before its queue ran their jobs: the embedded
      // queue keeps them in memory only, so they go with it.
      const dying = inProcess(db);
      const t = Date.now() - 60_000;
      const events: DetectorEvent[] = [
        { kind: "OPENED", incident: openIncident(t, 50_000) },
        { kind: "UPDATED", incident: openIncident(t, 90_000) },
      ];
      const incidentId = await applyDetectorEvents(dying.services, node, null, events, THRESHOLDS);
      assert.ok(incidentId);
      await recordClassification(dying.services, node, incidentId, { family: "udp-flood" }, true);
      const closing = [{ kind: "RESOLVED" as const, incident: openIncident(t, 90_000), endedAt: t + 5000 }];
      assert.equal(await applyDetectorEvents(dying.services, node, incidentId, closing, THRESHOLDS), null);
      await dying.jobs.close(1000);
      assert.equal(dying.handled.length, 0, "nothing ran before the process died");
      assert.equal(await outboxRows(db), 4);

      const next = inProcess(db);
      await next.jobs.start();
      try {
        // Young rows may belong to a live process still queueing them: not relayed yet.
        assert.equal(await relayIncidentEvents(next.services, { now: await oldestEventTime(db) }), 0);
        assert.equal(await relayIncidentEvents(next.services, relayDue()), 4);
        await waitFor(async () => (await outboxRows(db)) === 0);
        assert.deepEqual(
          next.handled.map((e) => [e.kind, e.incidentId, e.nodeId]),
          ["OPENED", "UPDATED", "UPDATED", "RESOLVED"].map((kind) => [kind, incidentId, node.nodeId]),
        );
        // Handed over and handled means gone: a later relay has nothing to queue.
        const later = new Date(Date.now() + RELAY_AGAIN_AFTER_MS + RELAY_AFTER_MS + 1000);
        assert.equal(await relayIncidentEvents(next.services, { now: later }), 0);
        assert.equal(next.handled.length, 4);
      } finally {
        await next.jobs.close(1000);
      }
    });

    it("a live process's handled event leaves no row, and a failed enqueue leaves it to the relay", async () => {
      const live = inProcess(db);
      await live.jobs.start();
      const node = await newNode("live");
      const t = Date.now() - 60_000;
      const opened = [{ kind: "OPENED" as const, incident: openIncident(t, 50_000) }];
      try {
        await applyDetectorEvents(live.services, node, null, opened, THRESHOLDS);
        await waitFor(() => live.handled.length === 1);
        await waitFor(async () => (await outboxRows(db)) === 0);

        // A queue that refuses the job after the commit (closed: the process is stopping).
        const stopping = inProcess(db);
        await stopping.jobs.close(1000);
        const other = await newNode("stopping");
        const incidentId = await applyDetectorEvents(stopping.services, other, null, opened, THRESHOLDS);
        assert.equal(await outboxRows(db), 1);
        assert.equal(await relayIncidentEvents(live.services, relayDue()), 1);
        await waitFor(() => live.handled.length === 2);
        assert.equal(live.handled[1]?.incidentId, incidentId);
        await waitFor(async () => (await outboxRows(db)) === 0);
      } finally {
        await live.jobs.close(1000);
      }
    });

    // Two relays side by side (their claims may or may not overlap in time); the overlap itself,
    // SKIP LOCKED, is the next test's.
    it("two relays side by side queue each row once between them", async () => {
      const dying = inProcess(db);
      const t = Date.now() - 60_000;
      const opened = [{ kind: "OPENED" as const, incident: openIncident(t, 50_000) }];
      for (let i = 0; i < 30; i++)
        await applyDetectorEvents(dying.services, await newNode(`pair-${i}`), null, opened, THRESHOLDS);
      await dying.jobs.close(1000);
      assert.equal(await outboxRows(db), 30);

      // Two API processes, each with its own queue (and, on PostgreSQL, its own connection pool).
      const secondDb = engine === "postgres" ? await testDb.open({ migrate: false }) : db;
      const a = inProcess(db);
      const b = inProcess(secondDb);
      try {
        const at = relayDue();
        const [byA, byB] = await Promise.all([
          relayIncidentEvents(a.services, at),
          relayIncidentEvents(b.services, at),
        ]);
        assert.equal(byA + byB, 30);
        await a.jobs.start();
        await b.jobs.start();
        await waitFor(async () => (await outboxRows(db)) === 0);
        const ids = [...a.handled, ...b.handled].map((e) => e.eventId);
        assert.equal(ids.length, 30);
        assert.equal(new Set(ids).size, 30, "no row handed twice");
      } finally {
        await a.jobs.close(1000);
        await b.jobs.close(1000);
        if (secondDb !== db) await secondDb.close();
      }
    });

    it("a relay skips the rows another relay is claiming, and takes them once that one let go", {
      skip: engine === "pglite" && "one connection: no two claims overlap",
      timeout: 30_000,
    }, async () => {
      const dying = inProcess(db);
      const t = Date.now() - 60_000;
      const opened = [{ kind: "OPENED" as const, incident: openIncident(t, 50_000) }];
      for (let i = 0; i < 20; i++)
        await applyDetectorEvents(dying.services, await newNode(`held-${i}`), null, opened, THRESHOLDS);
      await dying.jobs.close(1000);
      const relay = inProcess(db);
      const at = relayDue();
      try {
        // Another relay mid-claim: 8 rows locked by its statement, not committed yet. Without SKIP
        // LOCKED this relay would wait for it (here: for ever, the test holding it open).
        const rolledBack = new Error("the other relay died before committing its claim");
        const holding = db.sql.transaction(async (other) => {
          assert.equal((await claimDueIncidentEvents(other, { ...at, limit: 8 })).length, 8);
          assert.equal(await relayIncidentEvents(relay.services, at), 12);
          throw rolledBack;
        });
        await assert.rejects(holding, (error) => error === rolledBack);
        // Its claim rolled back: the 8 rows are due again, and queued once.
        assert.equal(await relayIncidentEvents(relay.services, at), 8);
        await relay.jobs.start();
        await waitFor(async () => (await outboxRows(db)) === 0);
        assert.equal(new Set(relay.handled.map((e) => e.eventId)).size, 20);
        assert.equal(relay.handled.length, 20);
      } finally {
        await relay.jobs.close(1000);
      }
    });

    it("an OPENED whose job died with its process reaches the consumers before the RESOLVED the next process writes", async () => {
      const node = await newNode("reordered");
      const t = Date.now() - 60_000;
      const dying = inProcess(db);
      const opened = [{ kind: "OPENED" as const, incident: openIncident(t, 50_000) }];
      const incidentId = await applyDetectorEvents(dying.services, node, null, opened, THRESHOLDS);
      await dying.jobs.close(1000);

      // The next process resolves the incident live, before any relay ran: the RESOLVED's job runs
      // the incident's earlier event first, rather than the relay handing it seconds after.
      const next = inProcess(db);
      await next.jobs.start();
      try {
        const closing = [{ kind: "RESOLVED" as const, incident: openIncident(t, 50_000), endedAt: t + 5000 }];
        await applyDetectorEvents(next.services, node, incidentId, closing, THRESHOLDS);
        await waitFor(async () => (await outboxRows(db)) === 0);
        assert.deepEqual(
          next.handled.map((e) => e.kind),
          ["OPENED", "RESOLVED"],
        );
        assert.equal(await relayIncidentEvents(next.services, relayDue()), 0, "nothing left to hand late");
        assert.equal(next.handled.length, 2);
      } finally {
        await next.jobs.close(1000);
      }
    });

    it("an event a later event's job ran first (as an earlier one) does nothing when its own job comes", async () => {
      const t = Date.now() - 60_000;
      const opened = [{ kind: "OPENED" as const, incident: openIncident(t, 50_000) }];
      const closing = [{ kind: "RESOLVED" as const, incident: openIncident(t, 50_000), endedAt: t + 5000 }];
      // The writer's two jobs wait in its queue (not started); another process runs the RESOLVED
      // first, which runs the OPENED before it and deletes both rows.
      const writer = inProcess(db);
      const other = inProcess(db);
      try {
        const node = await newNode("ran-as-earlier");
        const incidentId = await applyDetectorEvents(writer.services, node, null, opened, THRESHOLDS);
        await applyDetectorEvents(writer.services, node, incidentId, closing, THRESHOLDS);
        const rows = await claimDueIncidentEvents(db.sql, { everyRow: true });
        const resolved = rows.find((e) => e.incidentId === incidentId && e.kind === "RESOLVED");
        assert.ok(resolved);
        await other.jobs.start();
        const ran = ended(other.jobs, INCIDENT_EVENT_JOB);
        await other.jobs.enqueue(INCIDENT_EVENT_JOB, resolved, { attempts: 1 });
        assert.equal(await ran, "completed");
        assert.deepEqual(
          other.handled.map((e) => e.kind),
          ["OPENED", "RESOLVED"],
        );
        const writerDone = new Promise<void>((resolve) => {
          let n = 0;
          writer.jobs.onOutcome((job, outcome) => {
            if (job === INCIDENT_EVENT_JOB && outcome !== "retrying" && ++n === 2) resolve();
          });
        });
        await writer.jobs.start();
        await writerDone;
        assert.equal(writer.handled.length, 0, "each event's consumers ran once");
      } finally {
        await writer.jobs.close(1000);
        await other.jobs.close(1000);
      }
    });

    it("two processes handling later events of one incident run its earlier waiting event once, before either later one", async () => {
      const node = await newNode("two-later");
      const t = Date.now() - 60_000;
      // The writer stores OPENED, UPDATED and RESOLVED and dies before its queue ran a job.
      const dying = inProcess(db);
      const opened = [{ kind: "OPENED" as const, incident: openIncident(t, 50_000) }];
      const incidentId = await applyDetectorEvents(dying.services, node, null, opened, THRESHOLDS);
      await recordClassification(dying.services, node, incidentId ?? "", { family: "udp-flood" }, true);
      const closing = [{ kind: "RESOLVED" as const, incident: openIncident(t, 50_000), endedAt: t + 5000 }];
      await applyDetectorEvents(dying.services, node, incidentId, closing, THRESHOLDS);
      await dying.jobs.close(1000);
      const rows = await claimDueIncidentEvents(db.sql, { everyRow: true });
      const of = (kind: string) => {
        const event = rows.find((e) => e.incidentId === incidentId && e.kind === kind);
        assert.ok(event, kind);
        return event;
      };

      // Process A takes the UPDATED's job (relayed), process B the RESOLVED's. A's receiver is slow
      // on the OPENED: B comes while A runs it.
      const order: IncidentEventJob[] = [];
      let openedEntered!: () => void;
      const aInOpened = new Promise<void>((resolve) => {
        openedEntered = resolve;
      });
      let letOpenedGo!: () => void;
      const openedGoes = new Promise<void>((resolve) => {
        letOpenedGo = resolve;
      });
      const secondDb = engine === "postgres" ? await testDb.open({ migrate: false }) : db;
      const queue = () => new InProcessJobQueue({ logger: captureLogger().logger });
      const a = apiProcess(db, queue(), {
        alsoInto: order,
        entered: (event) => {
          if (event.kind !== "OPENED") return undefined;
          openedEntered();
          return openedGoes;
        },
      });
      const b = apiProcess(secondDb, queue(), { alsoInto: order });
      try {
        await a.jobs.start();
        await b.jobs.start();
        const aDone = ended(a.jobs, INCIDENT_EVENT_JOB);
        const bDone = ended(b.jobs, INCIDENT_EVENT_JOB);
        await a.jobs.enqueue(INCIDENT_EVENT_JOB, { ...of("UPDATED"), relayed: true }, { attempts: 1 });
        await aInOpened;
        await b.jobs.enqueue(INCIDENT_EVENT_JOB, { ...of("RESOLVED"), relayed: true }, { attempts: 1 });
        // B waits for A's run of the OPENED (or, without the claim, runs it too and finishes first).
        // One poll ending either way (no second wait left to time out, unawaited, after the test).
        let bEnded = false;
        const markEnded = () => {
          bEnded = true;
        };
        void bDone.then(markEnded, markEnded);
        await waitFor(() => bEnded || b.logs.some((r) => /another process runs/.test(String(r.msg))));
        letOpenedGo();
        assert.equal(await aDone, "completed");
        assert.equal(await bDone, "completed");
        assert.deepEqual(
          order.map((e) => e.kind),
          ["OPENED", "UPDATED", "RESOLVED"],
          "each event's consumers ran once, in the order the events happened",
        );
        assert.deepEqual(
          b.handled.map((e) => e.kind).at(-1),
          "RESOLVED",
          "B's own event ran after the earlier ones",
        );
        assert.equal(await outboxRows(db), 0);
      } finally {
        letOpenedGo();
        await a.jobs.close(1000);
        await b.jobs.close(1000);
        if (secondDb !== db) await secondDb.close();
      }
    });

    it("an event claimed by a process that died mid-run is run once its claim lapsed", async () => {
      const stopping = inProcess(db);
      await stopping.jobs.close(1000);
      const opened = [{ kind: "OPENED" as const, incident: openIncident(Date.now() - 60_000, 50_000) }];
      await applyDetectorEvents(stopping.services, await newNode("dead-claim"), null, opened, THRESHOLDS);
      const [event] = await claimDueIncidentEvents(db.sql, { everyRow: true });
      assert.ok(event);
      // Its claim not renewed since the process died: past INCIDENT_EVENT_RUN_LEASE_MS.
      await db.sql.query(
        "UPDATE incident_event_outbox SET running_until = now() - interval '1 second' WHERE id = $1",
        [event.eventId],
      );
      const next = inProcess(db);
      await next.jobs.start();
      try {
        const done = ended(next.jobs, INCIDENT_EVENT_JOB);
        await next.jobs.enqueue(INCIDENT_EVENT_JOB, { ...event, relayed: true }, { attempts: 1 });
        assert.equal(await done, "completed");
        assert.equal(next.handled.length, 1);
        assert.equal(await outboxRows(db), 0);
      } finally {
        await next.jobs.close(1000);
      }
    });

    /** An OPENED of a new node, its row claimed (due later) and run by `runner` for an hour. */
    const claimedElsewhere = async (name: string, runner: string) => {
      const stopping = inProcess(db);
      await stopping.jobs.close(1000);
      const opened = [{ kind: "OPENED" as const, incident: openIncident(Date.now() - 60_000, 50_000) }];
      await applyDetectorEvents(stopping.services, await newNode(name), null, opened, THRESHOLDS);
      const [event] = await claimDueIncidentEvents(db.sql, { everyRow: true });
      assert.ok(event);
      await db.sql.query(
        "UPDATE incident_event_outbox SET running_until = now() + interval '1 hour', running_by = $2 WHERE id = $1",
        [event.eventId, runner],
      );
      const claim = async () =>
        (
          await db.sql.query<{ running_by: string | null }>(
            "SELECT running_by FROM incident_event_outbox WHERE id = $1",
            [event.eventId],
          )
        )[0]?.running_by;
      return { event, claim };
    };

    it("a run's claim is renewed every third of its lease, and no longer once the run passed its limit", async () => {
      let release: () => void = () => {};
      const hung = new Promise<void>((resolve) => {
        release = resolve;
      });
      let entered = false;
      const running = apiProcess(db, new InProcessJobQueue({ logger: captureLogger().logger }), {
        // Past one renewal (10 s), not two: the second tick finds the run over its limit.
        limits: { maxRunMs: 15_000 },
        entered: () => {
          entered = true;
          return hung;
        },
      });
      await running.jobs.start();
      // Only the renewal's interval is driven by hand (the queue's own schedules started before).
      mock.timers.enable({ apis: ["setInterval"] });
      const node = await newNode("renewal-cap");
      try {
        const opened = [{ kind: "OPENED" as const, incident: openIncident(Date.now() - 60_000, 50_000) }];
        await applyDetectorEvents(running.services, node, null, opened, THRESHOLDS);
        await waitFor(() => entered);
        const until = async () =>
          new Date(
            (
              await db.sql.query<{ running_until: Date | string }>(
                "SELECT running_until FROM incident_event_outbox WHERE node_id = $1",
                [node.nodeId],
              )
            )[0]?.running_until ?? 0,
          ).getTime();
        const claimed = await until();
        mock.timers.tick(INCIDENT_EVENT_RUN_LEASE_MS / 3);
        await waitFor(async () => (await until()) > claimed);
        const notRenewed = () =>
          running.logs
            .filter((r) => /no longer renewed/.test(String(r.msg)))
            .map((r) => (r as { maxRunMs?: number }).maxRunMs);
        assert.deepEqual(notRenewed(), []);
        // The second tick finds the limit passed: no renewal, and the interval is cleared. (Node 20's
        // mocked setInterval keeps ticking an interval cleared inside its own callback, so a third
        // tick cannot show that here.)
        mock.timers.tick(INCIDENT_EVENT_RUN_LEASE_MS / 3);
        assert.deepEqual(notRenewed(), [15_000], "the limit passed");
      } finally {
        mock.timers.reset();
        release();
        await running.jobs.close(2000);
        await db.sql.query("DELETE FROM incident_event_outbox WHERE node_id = $1", [node.nodeId]);
      }
    });

    it("a claim is its runner's: another's renewal, release or postponement leaves it alone", async () => {
      const runner = randomUUID();
      const { event, claim } = await claimedElsewhere("owned-claim", runner);
      const other = randomUUID();
      try {
        assert.equal(await claimIncidentEventRun(db.sql, event.eventId, other), "running");
        assert.equal(await renewIncidentEventRun(db.sql, event.eventId, other), false);
        await releaseIncidentEvent(db.sql, event.eventId, other);
        assert.equal(await postponeFailedIncidentEvent(db.sql, event.eventId, other), undefined);
        assert.equal(await claim(), runner);
        assert.equal(await renewIncidentEventRun(db.sql, event.eventId, runner), true);
        await releaseIncidentEvent(db.sql, event.eventId, runner);
        assert.equal(await claim(), null);
      } finally {
        await db.sql.query("DELETE FROM incident_event_outbox WHERE id = $1", [event.eventId]);
      }
    });

    it("a job waiting for another process's run fails after its limit, its row and that claim kept", async () => {
      const runner = randomUUID();
      const { event, claim } = await claimedElsewhere("waited-too-long", runner);
      // The other process's run never ends (renewed for an hour): no clock race on the limit.
      const waiting = apiProcess(db, new InProcessJobQueue({ logger: captureLogger().logger }), {
        limits: { runningWaitMaxMs: 300 },
      });
      await waiting.jobs.start();
      try {
        const done = ended(waiting.jobs, INCIDENT_EVENT_JOB);
        await waiting.jobs.enqueue(INCIDENT_EVENT_JOB, { ...event, relayed: true }, { attempts: 1 });
        assert.equal(await done, "failed", "thrown: retried later, the node's slot free meanwhile");
        assert.equal(waiting.handled.length, 0);
        assert.equal(await claim(), runner);
      } finally {
        await waiting.jobs.close(1000);
        await db.sql.query("DELETE FROM incident_event_outbox WHERE id = $1", [event.eventId]);
      }
    });

    it("a job waiting for another process's run stops waiting when its queue closes", async () => {
      const { event } = await claimedElsewhere("waiting-at-close", randomUUID());
      const { logger, records: queueLogs } = captureLogger();
      const waiting = apiProcess(db, new InProcessJobQueue({ logger }));
      await waiting.jobs.start();
      try {
        await waiting.jobs.enqueue(INCIDENT_EVENT_JOB, { ...event, relayed: true }, { attempts: 1 });
        await waitFor(() => waiting.logs.some((r) => /another process runs/.test(String(r.msg))));
        // Far below the default wait limit (RUNNING_EVENT_WAIT_MAX_MS): drained, not cut off.
        await waiting.jobs.close(RUNNING_EVENT_WAIT_MAX_MS / 2);
        assert.deepEqual(
          queueLogs.filter((r) => /still running at deadline/.test(String(r.msg))).map((r) => r.msg),
          [],
        );
        assert.equal(waiting.handled.length, 0);
      } finally {
        await waiting.jobs.close(1000);
        await db.sql.query("DELETE FROM incident_event_outbox WHERE id = $1", [event.eventId]);
      }
    });

    it(`an in-process start ${engine === "pglite" ? "clears" : "keeps"} the claims it finds (PGlite's folder lock: no other process)`, async () => {
      const runner = randomUUID();
      const { event, claim } = await claimedElsewhere(`start-claims-${engine}`, runner);
      const next = inProcess(db);
      try {
        const relay = next.table.find((entry) => entry.name === RELAY_INCIDENT_EVENTS_JOB);
        await relay?.atStart?.(next.services);
        assert.equal(await claim(), engine === "pglite" ? null : runner);
      } finally {
        await next.jobs.close(1000);
        await db.sql.query("DELETE FROM incident_event_outbox WHERE id = $1", [event.eventId]);
      }
    });

    it("a consumer throwing before its first await fails alone: the others run, the claim is released", async () => {
      const stopping = inProcess(db);
      await stopping.jobs.close(1000);
      const opened = [{ kind: "OPENED" as const, incident: openIncident(Date.now() - 60_000, 50_000) }];
      await applyDetectorEvents(stopping.services, await newNode("sync-throw"), null, opened, THRESHOLDS);
      const [event] = await claimDueIncidentEvents(db.sql, { everyRow: true });
      assert.ok(event);
      const throwing: IncidentConsumer = {
        name: "throwing",
        handle: () => {
          throw new Error("thrown before any await");
        },
      };
      const row = async () =>
        (
          await db.sql.query<{ running_by: string | null; failed_rounds: number }>(
            "SELECT running_by, failed_rounds FROM incident_event_outbox WHERE id = $1",
            [event.eventId],
          )
        )[0];
      // A first attempt: released for the retry (else the retry waits for its own claim to lapse).
      const first = apiProcess(db, new InProcessJobQueue({ logger: captureLogger().logger }), {
        consumers: [throwing],
      });
      await first.jobs.start();
      try {
        const retrying = new Promise<void>((resolve) =>
          first.jobs.onOutcome((job, outcome) => {
            if (job === INCIDENT_EVENT_JOB && outcome === "retrying") resolve();
          }),
        );
        await first.jobs.enqueue(INCIDENT_EVENT_JOB, { ...event, relayed: true }, { attempts: 2 });
        await retrying;
        assert.equal(first.handled.length, 1, "the recorder ran");
        assert.deepEqual(await row(), { running_by: null, failed_rounds: 0 });
      } finally {
        await first.jobs.close(1000);
      }
      // The last attempt: postponed for a later round, its claim ended.
      const last = apiProcess(db, new InProcessJobQueue({ logger: captureLogger().logger }), {
        consumers: [throwing],
      });
      await last.jobs.start();
      try {
        const done = ended(last.jobs, INCIDENT_EVENT_JOB);
        await last.jobs.enqueue(INCIDENT_EVENT_JOB, { ...event, relayed: true }, { attempts: 1 });
        assert.equal(await done, "failed");
        assert.equal(last.handled.length, 1);
        assert.deepEqual(await row(), { running_by: null, failed_rounds: 1 });
      } finally {
        await last.jobs.close(1000);
        await db.sql.query("DELETE FROM incident_event_outbox WHERE id = $1", [event.eventId]);
      }
    });

    it("a relayed job whose event was handled since the relay took it does nothing", async () => {
      const t = Date.now() - 60_000;
      const opened = [{ kind: "OPENED" as const, incident: openIncident(t, 50_000) }];
      // The writer's job is still queued (its queue not started: a long queue) when another
      // process's relay takes the row and queues it again in its own queue.
      const writer = inProcess(db);
      const relay = inProcess(db);
      try {
        await applyDetectorEvents(
          writer.services,
          await newNode("handled-meanwhile"),
          null,
          opened,
          THRESHOLDS,
        );
        assert.equal(await relayIncidentEvents(relay.services, relayDue()), 1);
        await writer.jobs.start();
        await waitFor(async () => (await outboxRows(db)) === 0);
        const relayedRan = ended(relay.jobs, INCIDENT_EVENT_JOB);
        await relay.jobs.start();
        assert.equal(await relayedRan, "completed");
        assert.equal(writer.handled.length, 1);
        assert.equal(relay.handled.length, 0, "handled once");
      } finally {
        await writer.jobs.close(1000);
        await relay.jobs.close(1000);
      }
    });

    it("an event whose job ran out of attempts keeps its row for a later round, is parked after the last, and a retry by hand runs it", async () => {
      // The writer could not queue it (its queue stopping): the row alone holds the event.
      const stopping = inProcess(db);
      await stopping.jobs.close(1000);
      const t = Date.now() - 60_000;
      const opened = [{ kind: "OPENED" as const, incident: openIncident(t, 50_000) }];
      await applyDetectorEvents(stopping.services, await newNode("failing"), null, opened, THRESHOLDS);
      const [event] = await claimDueIncidentEvents(db.sql, { everyRow: true });
      assert.ok(event);
      const failing = apiProcess(db, new InProcessJobQueue({ logger: captureLogger().logger }), {
        failing: true,
      });
      await failing.jobs.start();
      const round = async () => {
        const done = ended(failing.jobs, INCIDENT_EVENT_JOB);
        // One try a round here: the handler reads the job's own attempts.
        await failing.jobs.enqueue(INCIDENT_EVENT_JOB, { ...event, relayed: true }, { attempts: 1 });
        assert.equal(await done, "failed");
      };
      const row = async () => {
        const [kept] = await db.sql.query<{ failed_rounds: number; later: boolean }>(
          `SELECT failed_rounds, due_at > now() + make_interval(secs => $2::double precision) AS later
             FROM incident_event_outbox WHERE id = $1`,
          [event.eventId, (FAILED_EVENT_RETRY_AFTER_MS - 60_000) / 1000],
        );
        return kept;
      };
      try {
        await round();
        assert.deepEqual(await row(), { failed_rounds: 1, later: true }, "kept, due in a while");
        for (let n = 2; n < FAILED_EVENT_MAX_ROUNDS; n++) await round();
        assert.equal((await row())?.failed_rounds, FAILED_EVENT_MAX_ROUNDS - 1);
        await round();
        const [parked] = await db.sql.query<{ parked: boolean }>(
          "SELECT due_at = 'infinity' AS parked FROM incident_event_outbox WHERE id = $1",
          [event.eventId],
        );
        assert.equal(parked?.parked, true, "parked after the last round");
        const claimed = await claimDueIncidentEvents(db.sql, { everyRow: true });
        assert.ok(!claimed.some((e) => e.eventId === event.eventId), "a parked row is relayed no more");
        assert.ok(failing.logs.some((r) => r.level === 50 && /given up/.test(String(r.msg))));
        assert.equal(failing.handled.length, FAILED_EVENT_MAX_ROUNDS);
        // The failed job retried by hand (a relayed copy): its row is there, so its consumers run
        // and the row goes.
        const healthy = apiProcess(db, new InProcessJobQueue({ logger: captureLogger().logger }));
        await healthy.jobs.start();
        try {
          const done = ended(healthy.jobs, INCIDENT_EVENT_JOB);
          await healthy.jobs.enqueue(INCIDENT_EVENT_JOB, { ...event, relayed: true }, { attempts: 1 });
          assert.equal(await done, "completed");
          assert.equal(healthy.handled.length, 1);
          assert.equal(await row(), undefined, "deleted once handled");
        } finally {
          await healthy.jobs.close(1000);
        }
      } finally {
        await failing.jobs.close(1000);
      }
    });

    it("an embedded process's start relays every row at once, those its dead predecessor had claimed too", async () => {
      const dying = inProcess(db);
      const t = Date.now() - 60_000;
      const opened = [{ kind: "OPENED" as const, incident: openIncident(t, 50_000) }];
      await applyDetectorEvents(dying.services, await newNode("claimed-by-dead"), null, opened, THRESHOLDS);
      await applyDetectorEvents(dying.services, await newNode("fresh-of-dead"), null, opened, THRESHOLDS);
      // Its relay took the first row (due again RELAY_AGAIN_AFTER_MS on), then it died.
      assert.equal((await claimDueIncidentEvents(db.sql, { everyRow: true, limit: 1 })).length, 1);
      await dying.jobs.close(1000);

      const next = inProcess(db);
      try {
        // The periodic relay an hour away: only the start-up relay can hand them.
        await startJobs(next.services, { table: next.table, periodicAfterMs: 3_600_000 });
        await waitFor(async () => (await outboxRows(db)) === 0);
        assert.equal(next.handled.length, 2);
      } finally {
        await next.jobs.close(1000);
      }
    });

    it("a stop right after the start waits for the start-up relay: nothing logged as an error, no row lost", async () => {
      // A database of its own, really closed (the suite's is shared): a PGlite folder, or another pool.
      const dir = engine === "pglite" ? await mkdtemp(join(tmpdir(), "levee-outbox-stop-")) : undefined;
      const config = dir ? { kind: "pglite" as const, dataDir: join(dir, "data") } : testDb.config;
      const own = await openDatabase(config, { migrate: true });
      const event = incidentEvent("OPENED", randomUUID(), {
        nodeId: randomUUID(),
        workspaceId: randomUUID(),
      });
      await own.prisma.incidentEventOutbox.create({ data: outboxRow(event) });
      const stopped = apiProcess(own, new InProcessJobQueue({ logger: captureLogger().logger }));
      let ownClosed = false;
      let reopened: Database | undefined;
      try {
        // The outbox held by a transaction (PGlite: the one connection; PostgreSQL: a table lock from
        // another pool): the start-up relay's claim waits for it, in flight when the stop begins.
        let letGo!: () => void;
        const released = new Promise<void>((resolve) => {
          letGo = resolve;
        });
        let holding!: () => void;
        const held = new Promise<void>((resolve) => {
          holding = resolve;
        });
        const holder = (engine === "pglite" ? own : db).sql.transaction(async (tx) => {
          if (engine === "postgres") await tx.query("LOCK TABLE incident_event_outbox IN EXCLUSIVE MODE");
          holding();
          await released;
        });
        await held;
        // The start-up relay's end, awaited below: without the wait in close, it ends after it.
        let relayEnded: Promise<unknown> = Promise.resolve();
        const table = stopped.table.map((entry) => {
          const { atStart } = entry;
          if (!atStart) return entry;
          return { ...entry, atStart: (services: AppServices) => (relayEnded = atStart(services)) };
        });
        await startJobs(stopped.services, { table, periodicAfterMs: 3_600_000 });
        if (engine === "postgres")
          await waitFor(async () => {
            const waiting = await db.sql.query(
              `SELECT 1 FROM pg_locks
                WHERE relation = 'incident_event_outbox'::regclass AND NOT granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            );
            return waiting.length > 0;
          });
        // Stopped in services.ts's order: the queue, then the database; the relay let go meanwhile.
        const stopping = stopped.jobs.close(5000).then(() => {
          ownClosed = true;
          return own.close();
        });
        letGo();
        await holder;
        await stopping;
        // startJobs' own handler of its failure, if any, ran first (it was attached first).
        await relayEnded.catch(() => {});
        assert.deepEqual(
          stopped.logs.filter((r) => r.level >= 50).map((r) => r.msg),
          [],
          "no statement on a closed database",
        );
        reopened = dir ? await openDatabase(config, { migrate: false }) : db;
        const kept = await reopened.sql.query("SELECT 1 FROM incident_event_outbox WHERE id = $1", [
          event.eventId,
        ]);
        // Handled before the stop, or kept for the next start's relay.
        assert.equal(kept.length + stopped.handled.length, 1);
      } finally {
        if (reopened && reopened !== db) await reopened.close();
        if (!ownClosed) await own.close();
        // PostgreSQL: the suite's database; the next tests count its rows.
        if (!dir) await db.sql.query("DELETE FROM incident_event_outbox WHERE id = $1", [event.eventId]);
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    });

    it("/metrics and /healthz report the events waiting, the oldest one's age, and the parked ones", async () => {
      const registry = new Registry();
      registerIncidentEventMetrics(registry, db.sql);
      const gauges = async () => {
        const text = await registry.metrics();
        const value = (name: string) =>
          Number(
            text
              .split("\n")
              .find((line) => line.startsWith(`${name} `))
              ?.split(" ")[1],
          );
        return {
          waiting: value("levee_incident_events_waiting"),
          parked: value("levee_incident_events_parked"),
          oldest: value("levee_incident_events_oldest_waiting_seconds"),
          readOk: value("levee_incident_events_read_ok"),
        };
      };
      // Other tests' rows may be left (a test failed before its cleanup): compare, do not assume none.
      const before = await gauges();
      assert.equal(before.readOk, 1);
      const node = { nodeId: randomUUID(), workspaceId };
      // Two events of a minute ago still waiting (their jobs lost, the relay not run yet), one given up.
      const minuteAgo = new Date(Date.now() - 60_000);
      const events = ["OPENED", "UPDATED", "RESOLVED"].map((kind) =>
        incidentEvent(kind as "OPENED", randomUUID(), node, minuteAgo),
      );
      await db.prisma.incidentEventOutbox.createMany({ data: events.map(outboxRow) });
      await parkIncidentEvent(db.sql, events[2]?.eventId ?? "");
      try {
        const reported = await gauges();
        assert.deepEqual(
          { ...reported, oldest: reported.oldest >= 59 },
          { waiting: before.waiting + 2, parked: before.parked + 1, oldest: true, readOk: 1 },
        );
        const { status, body } = await checkHealth(db, undefined);
        assert.equal(status, 200, "reported, not a failure of this process");
        assert.ok(typeof body.incidentEvents === "object");
        assert.equal(body.incidentEvents.parked, before.parked + 1);
        assert.equal(body.incidentEvents.waiting, before.waiting + 2);
      } finally {
        await db.sql.query("DELETE FROM incident_event_outbox WHERE id = ANY($1::uuid[])", [
          events.map((e) => e.eventId),
        ]);
      }
    });

    it("a scrape does not wait on an outbox read that hangs: the gauges keep their last value, read_ok says 0", {
      skip:
        engine === "pglite" && "one connection: the lock holder would block the scrape's own statement queue",
    }, async () => {
      const registry = new Registry();
      registerIncidentEventMetrics(registry, db.sql, { readTimeoutMs: 200 });
      const line = (text: string, name: string) => text.split("\n").find((l) => l.startsWith(`${name} `));
      const first = await registry.metrics();
      assert.equal(line(first, "levee_incident_events_read_ok"), "levee_incident_events_read_ok 1");
      const waitingBefore = line(first, "levee_incident_events_waiting");
      // A statement holding the table: the scrape's read waits for it, however long it runs.
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = db.sql.transaction(async (tx) => {
        await tx.query("LOCK TABLE incident_event_outbox IN ACCESS EXCLUSIVE MODE");
        locked();
        await released;
      });
      try {
        await isLocked;
        const hung = await registry.metrics(); // returns: the read is still blocked by the lock
        assert.equal(line(hung, "levee_incident_events_read_ok"), "levee_incident_events_read_ok 0");
        assert.equal(line(hung, "levee_incident_events_waiting"), waitingBefore, "the last value kept");
      } finally {
        release();
        await holder;
      }
      const again = await registry.metrics();
      assert.equal(line(again, "levee_incident_events_read_ok"), "levee_incident_events_read_ok 1");
    });

    for (const queue of ["in-process", "bullmq"] as const) {
      it(`a row relayed again while its job is still queued adds nothing (${queue})`, async () => {
        const { logger } = captureLogger();
        const jobs =
          queue === "bullmq"
            ? new BullMqJobQueue({ redisUrl: testRedisUrl, prefix: redisPrefix, logger })
            : new InProcessJobQueue({ logger });
        const process = apiProcess(db, jobs);
        try {
          // Queued but not run yet (the queue is not started: a long queue in a storm).
          await applyDetectorEvents(
            process.services,
            await newNode(`waiting-${queue}`),
            null,
            [{ kind: "OPENED", incident: openIncident(Date.now() - 60_000, 50_000) }],
            THRESHOLDS,
          );
          const due = relayDue();
          assert.equal(await relayIncidentEvents(process.services, due), 0, "de-duplicated: still queued");
          // Claimed by that relay: not due again until RELAY_AGAIN_AFTER_MS later.
          assert.equal(await outboxRows(db), 1);
          const again = { now: new Date(due.now.getTime() + RELAY_AGAIN_AFTER_MS + 1000) };
          assert.equal(await relayIncidentEvents(process.services, again), 0);
          await jobs.start();
          await waitFor(async () => (await outboxRows(db)) === 0, 15_000);
          assert.equal(process.handled.length, 1);
        } finally {
          await jobs.close(1000);
        }
      });
    }
  });
}

import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppServices } from "../context.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { KeyedSerial } from "../jobs/keyed-serial.ts";
import { publishNodeStatus } from "../nodes/node-status.ts";
import { relayIncidentEvents, resolveStale } from "./incident.service.ts";
import {
  claimIncidentEventRun,
  parkIncidentEvent,
  postponeFailedIncidentEvent,
  releaseIncidentEvent,
  removeIncidentEvent,
  renewIncidentEventRun,
  waitingIncidentEvents,
} from "./incident-event.store.ts";
import {
  FAILED_EVENT_MAX_ROUNDS,
  INCIDENT_EVENT_JOB,
  INCIDENT_EVENT_MAX_RUN_MS,
  INCIDENT_EVENT_RUN_LEASE_MS,
  type IncidentEventJob,
  type KeptIncidentEvent,
  RELAY_EVERY_MS,
  RUNNING_EVENT_POLL_MS,
  RUNNING_EVENT_WAIT_MAX_MS,
} from "./incident-event.ts";

export const STALE_INCIDENTS_JOB = "incidents.resolve-stale";
export const RELAY_INCIDENT_EVENTS_JOB = "incidents.relay-events";

/** The stale sweep, wired to the engines that keep per-node and per-incident state in memory. */
export function resolveStaleIncidents(services: AppServices, now = new Date()): Promise<number> {
  const { detection, classification } = services.telemetry;
  return resolveStale(
    services,
    {
      async closed(incident) {
        detection.forget(incident.nodeId);
        await classification.finish(incident.id);
      },
      normal: (incident, at) =>
        publishNodeStatus(
          services,
          incident.workspaceId,
          { nodeId: incident.nodeId, status: incident.status, detectionState: "NORMAL" },
          at,
        ),
    },
    now,
  );
}

/** A domain that acts on incident events (alerting, mitigation): contributed to the job table. */
export interface IncidentConsumer {
  name: string;
  handle(services: AppServices, event: IncidentEventJob): Promise<void>;
}

/**
 * The incident service's events reach their consumers through one queued job per event, so each
 * consumer runs at least once per event whatever the process does. Each consumer is idempotent
 * per event; one failing must not hold up the others, and the job's retry runs them all again
 * (the ones that succeeded add nothing the second time).
 */
/**
 * Incident events handled side by side in one process. Consumers wait mostly on I/O (SMTP,
 * webhooks, BGP speakers, the database), so one at a time left a storm's alerts queued for
 * minutes (1,000 OPENED events: 339 handled in 237 s). Events of one node keep their order
 * (KeyedSerial per node id): so do one incident's OPENED → UPDATED → RESOLVED, and a node's firewall
 * slots are never allocated by two of its incidents at once. Different nodes overlap; what they
 * share (a workspace's BGP rule queue) has its own lock.
 */
export const INCIDENT_EVENT_CONCURRENCY = 16;

/** How long a claimed run is renewed, and a job waits for another process's run (tests shorten them). */
export interface IncidentEventRunLimits {
  maxRunMs?: number;
  runningWaitMaxMs?: number;
}

export function incidentJobs(
  consumers: readonly IncidentConsumer[],
  limits: IncidentEventRunLimits = {},
): AnyJobEntry[] {
  const { maxRunMs = INCIDENT_EVENT_MAX_RUN_MS, runningWaitMaxMs = RUNNING_EVENT_WAIT_MAX_MS } = limits;
  const perNode = new KeyedSerial();
  /** Runs every consumer; the first failure, if any (the others still ran). */
  const handle = async (services: AppServices, event: IncidentEventJob) => {
    // Logged (structured) and counted even when no workspace configured a consumer.
    services.logger.info({ incident: event }, `incident ${event.kind.toLowerCase()}`);
    // async: a consumer throwing before its first await is a failure of its own, not of the others.
    const outcomes = await Promise.allSettled(consumers.map(async (c) => c.handle(services, event)));
    return outcomes.find((outcome) => outcome.status === "rejected");
  };
  /** A failed run lets go of its claim; if that fails too, the claim lapses (INCIDENT_EVENT_RUN_LEASE_MS). */
  const release = (services: AppServices, event: KeptIncidentEvent, runner: string) =>
    releaseIncidentEvent(services.database.sql, event.eventId, runner).catch((error) =>
      services.logger.warn({ err: error, incident: event }, "incident event claim not released"),
    );
  /**
   * The row is done with; left for the relay if the delete fails (the consumers add nothing twice),
   * its claim released so that the relayed job need not wait for it to lapse.
   */
  const remove = (services: AppServices, event: KeptIncidentEvent, runner: string) =>
    removeIncidentEvent(services.database.sql, event.eventId).catch((error) => {
      services.logger.warn({ err: error, incident: event }, "incident event outbox row not removed");
      return release(services, event, runner);
    });
  /**
   * Runs the consumers under a claim of runner's, renewed every third of the lease up to maxRunMs
   * (a consumer hung past that: its claim lapses, and another process may run the event).
   */
  const runRenewing = async (services: AppServices, event: KeptIncidentEvent, runner: string) => {
    const renewEveryMs = INCIDENT_EVENT_RUN_LEASE_MS / 3;
    let renewals = 0;
    const renewing = setInterval(() => {
      // Counted in ticks, not read from a clock: renewed while the run lasts maxRunMs at most.
      if (++renewals * renewEveryMs > maxRunMs) {
        clearInterval(renewing);
        services.logger.error(
          { incident: event, maxRunMs },
          "incident event consumers still running: their claim is no longer renewed (a consumer hangs?)",
        );
        return;
      }
      // A failed renewal is retried at the next tick; the claim lapses only if they all fail.
      renewIncidentEventRun(services.database.sql, event.eventId, runner).then(
        (renewed) => {
          if (!renewed)
            services.logger.warn(
              { incident: event },
              "incident event claim lost (lapsed and taken, or row gone)",
            );
        },
        (error) => services.logger.warn({ err: error, incident: event }, "incident event claim not renewed"),
      );
    }, renewEveryMs).unref();
    try {
      return await handle(services, event);
    } catch (error) {
      // handle settles every consumer; only its own logging could throw: a failure all the same.
      return { status: "rejected", reason: error } as PromiseRejectedResult;
    } finally {
      clearInterval(renewing);
    }
  };
  /**
   * Runs the event's consumers once its row is claimed, and removes the row when they succeeded;
   * on a failure, `failedRun` (release or postpone) ends the claim, and the failure is returned.
   * Nothing to run when the row is gone (handled meanwhile). While another process runs it, waits
   * for that run to end rather than going on: the incident's later events must not overtake it; its
   * row still there afterwards (that run failed), this caller claims it. The wait ends in a throw
   * (the job retries later, its node's slot freed meanwhile) after runningWaitMaxMs, or at once when
   * the queue is closing.
   */
  const runClaimed = async (
    services: AppServices,
    event: KeptIncidentEvent,
    failedRun: (runner: string) => Promise<void>,
  ): Promise<PromiseRejectedResult | undefined> => {
    const runner = randomUUID();
    for (let waitedMs = 0; ; waitedMs += RUNNING_EVENT_POLL_MS) {
      const claim = await claimIncidentEventRun(services.database.sql, event.eventId, runner);
      if (claim === "gone") return undefined;
      if (claim === "claimed") {
        const failed = await runRenewing(services, event, runner);
        if (!failed) await remove(services, event, runner);
        else await failedRun(runner);
        return failed;
      }
      if (services.jobs.closing)
        throw new Error(`incident event ${event.eventId} runs in another process; the queue is closing`);
      if (waitedMs >= runningWaitMaxMs)
        throw new Error(
          `incident event ${event.eventId} still runs in another process after ${runningWaitMaxMs} ms; retried later`,
        );
      if (waitedMs === 0)
        services.logger.info({ incident: event }, "waiting for an incident event another process runs");
      // No connection held while waiting: the claim is a column, not a lock (a consumer's own
      // queries and database locks would compete with held connections).
      await sleep(RUNNING_EVENT_POLL_MS);
    }
  };
  return [
    jobEntry({
      name: STALE_INCIDENTS_JOB,
      run: (services) => resolveStaleIncidents(services),
      concurrency: 1,
      everyMs: 60_000,
    }),
    jobEntry<IncidentEventJob>({
      name: INCIDENT_EVENT_JOB,
      concurrency: INCIDENT_EVENT_CONCURRENCY,
      run: (services, event, job) =>
        perNode.run(event.nodeId, async () => {
          if (!event.eventId) {
            // Queued by an API from before the outbox: no row, nothing before it to look for.
            const failed = await handle(services, event);
            if (failed) throw failed.reason;
            return;
          }
          const kept = { ...event, eventId: event.eventId };
          // Its row gone: handled meanwhile (a later event of the incident ran it as an earlier one,
          // or the job this relayed copy stands for finished), so the consumers do not run twice.
          const waiting = await waitingIncidentEvents(services.database.sql, kept);
          if (!waiting) return;
          // The incident's earlier events still waiting (their job died with a process, the relay
          // queues them seconds later) run first: a late OPENED or UPDATED after the RESOLVED would
          // re-open what the RESOLVED closed (alerts). Each run claims its row, so another process
          // handling another event of the incident neither runs it too nor overtakes it. A failing
          // one is left to its own job; its consumers take a late event as harmless.
          for (const earlier of waiting.earlier) {
            const failed = await runClaimed(services, earlier, (runner) =>
              release(services, earlier, runner),
            );
            if (!failed) continue;
            services.logger.warn(
              { err: failed.reason, incident: earlier },
              "earlier incident event failed; left to its own job",
            );
          }
          // Out of attempts: the row stays (the queue's failed record may not outlive the process)
          // and is relayed for another round later, a few times. Else released for the retry.
          const failed = await runClaimed(services, kept, (runner) =>
            job.attempt >= job.attempts
              ? giveUpRound(services, kept, runner)
              : release(services, kept, runner),
          );
          if (failed) throw failed.reason;
        }),
    }),
    jobEntry({
      name: RELAY_INCIDENT_EVENTS_JOB,
      run: (services) => relayIncidentEvents(services),
      concurrency: 1,
      everyMs: RELAY_EVERY_MS,
      // The in-process queue's jobs died with the previous process: the rows it claimed (due again
      // RELAY_AGAIN_AFTER_MS on) are relayed at once. On PGlite, whose data-folder lock proves no
      // other process runs, the events it was running are free to run at once too; on PostgreSQL
      // another process may be running them: their claims lapse on their own.
      atStart: (services) =>
        services.jobs.kind === "in-process"
          ? relayIncidentEvents(services, {
              everyRow: true,
              clearRunClaims: services.database.engine === "pglite",
            })
          : Promise.resolve(0),
    }),
  ];
}

/** An event's attempts ran out: another round later, or, after FAILED_EVENT_MAX_ROUNDS, given up. */
async function giveUpRound(services: AppServices, event: KeptIncidentEvent, runner: string) {
  try {
    const rounds = await postponeFailedIncidentEvent(services.database.sql, event.eventId, runner);
    if (rounds === undefined || rounds < FAILED_EVENT_MAX_ROUNDS) return;
    // Parked, not deleted: relayed no more, but a retry by hand of the failed job finds its row
    // (a job whose row is gone does nothing) and deletes it once the consumers ran.
    await parkIncidentEvent(services.database.sql, event.eventId);
    services.logger.error(
      { incident: event, rounds },
      "incident event given up: its consumers failed every round (the failed job can be retried by hand)",
    );
  } catch (error) {
    // The row is still due (RELAY_AGAIN_AFTER_MS after its last claim, or RELAY_AFTER_MS after its write).
    services.logger.warn({ err: error, incident: event }, "failed incident event not postponed");
  }
}

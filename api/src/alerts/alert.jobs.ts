import { tenantVoice } from "../branding/branding.service.ts";
import type { AppServices } from "../context.ts";
import type { IncidentConsumer } from "../incidents/incident.jobs.ts";
import type { IncidentEventJob } from "../incidents/incident-event.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import {
  claimDelivery,
  type IncidentContext,
  loadIncidentContext,
  messageOf,
  type NewDelivery,
  overdueDeliveries,
  policiesFor,
  postponeDelivery,
  queueDeliveries,
  reachableChannels,
  recordAttempt,
  recordSendStarted,
  windowsFor,
} from "./alert.store.ts";
import type { AlertEvent } from "./alert-message.ts";
import { openTarget } from "./channel-target.ts";
import type { ChannelKindName, ChannelModule } from "./channels/channel.ts";
import { channelModules } from "./channels/index.ts";
import { choosePolicy, planSteps } from "./escalation.ts";
import { slackAckUpdateJob } from "./inbound/slack-ack-update.ts";
import { invitationMailJob } from "./invitation-mail.ts";
import { mailRelayFor } from "./mail-server.ts";
import { isWindowActive } from "./maintenance.ts";
import { sendOutbound } from "./outbound-sender.ts";
import { verdictAfter } from "./retry-policy.ts";

export const ALERT_DELIVERY_JOB = "alerts.deliver";
export const ALERT_SWEEP_JOB = "alerts.sweep";
/** Deliveries run side by side, so one hanging receiver (up to ALERTS_TIMEOUT_MS) never holds up another. */
const DELIVERY_CONCURRENCY = 32;
/** The sweep re-queues deliveries this long overdue (a queued job would have run by then). */
const SWEEP_EVERY_MS = 5_000;
const SWEEP_GRACE_MS = 2_000;

interface DeliveryJob {
  deliveryId: string;
}

const stateOf = (incident: IncidentContext) => `${incident.severity}:${incident.family ?? "-"}`;

async function enqueueDelivery(
  services: AppServices,
  delivery: { id: string; dueAt: Date; attempts: number | string },
) {
  await services.jobs.enqueue<DeliveryJob>(
    ALERT_DELIVERY_JOB,
    { deliveryId: delivery.id },
    {
      delayMs: Math.max(0, delivery.dueAt.getTime() - Date.now()),
      // One queued job per delivery and attempt; the database claim decides who sends.
      jobId: `${delivery.id}.${delivery.attempts}`,
      attempts: 3,
    },
  );
}

/**
 * Turns one incident lifecycle event into delivery rows (one per channel and escalation step,
 * inserted once whatever the number of processes or replays) and queues a job for each.
 *
 * An event can be handled after the incident's resolution (its job died with a process and was
 * relayed late, or waited in a long queue). A late UPDATED says nothing: an update goes out as a
 * trigger (PagerDuty: same dedup_key), which would re-open the resolved incident. A late OPENED is
 * still sent (the operator learns of the attack), and so is a resolution to the channels it
 * reaches, since the RESOLVED, handled first, found no channel told: none is left open. No later
 * escalation step is planned for it: the incident is over.
 */
export async function dispatchIncidentAlerts(
  services: AppServices,
  event: IncidentEventJob,
  /** The resolution a late OPENED sends after itself: see the skip below. */
  { afterLateOpening = false } = {},
): Promise<void> {
  const { prisma } = services.database;
  const incident = await loadIncidentContext(prisma, event.incidentId);
  if (!incident) return;
  if (event.kind === "UPDATED" && incident.status !== "OPEN") return;
  const at = new Date(event.at);
  const state = stateOf(incident);
  let planned: { step: number; channelIds: string[]; delayMs: number }[];
  let eventKey: string = event.kind;
  if (event.kind === "OPENED") {
    const channels = await reachableChannels(prisma, incident);
    const reachable = new Set(channels.map((c) => c.id));
    const policy = choosePolicy(await policiesFor(prisma, incident), incident);
    const steps = policy ? planSteps(policy) : [{ step: 0, channelIds: [...reachable], delayMs: 0 }];
    // Late (the incident resolved meanwhile): its first step's channels are told now, and then
    // resolved, once each, if that step was due before the resolution (a "page only if it lasts
    // 5 min" policy pages no one for a 30 s incident); no step otherwise. Later steps would be
    // skipped (as the incident is over), yet the RESOLVED handled next counted the ones already
    // due as told and resolved channels never opened.
    const late = incident.status !== "OPEN";
    const firstDueInTime = (step: { delayMs: number }) =>
      incident.endedAt !== null && incident.startedAt.getTime() + step.delayMs <= incident.endedAt.getTime();
    planned = (late ? steps.slice(0, 1).filter(firstDueInTime) : steps).map((step) => ({
      ...step,
      channelIds: step.channelIds.filter((id) => reachable.has(id)),
      delayMs: late ? 0 : step.delayMs,
    }));
  } else {
    // Steps of the opening not due yet when it resolved, and never tried, are skipped now, before
    // the told are counted, on the one clock both use (the events' `at`): sent later, a trigger
    // would open an incident (PagerDuty) that no resolve follows. A step claimed first is counted
    // as told instead (attempts > 0), so each is either resolved or never sent.
    // Not for the resolution a late OPENED sends after itself: its `at` is the opening's, and
    // steps planned by an earlier run of that OPENED, due between the opening and the
    // resolution, would be skipped as if they came too late.
    if (event.kind === "RESOLVED" && !afterLateOpening)
      await prisma.alertDelivery.updateMany({
        where: {
          incidentId: incident.id,
          eventKind: "OPENED",
          status: "PENDING",
          attempts: 0,
          dueAt: { gt: at },
        },
        data: { status: "SKIPPED", lastError: "incident resolved before this step was due" },
      });
    // Updates and the resolution go to the channels that were told, or are being told, about the incident.
    const told = await prisma.alertDelivery.findMany({
      where: { incidentId: incident.id, ...toldOrBeingTold(at) },
      select: { channelId: true },
    });
    if (event.kind === "UPDATED") {
      const announced = await prisma.alertDelivery.count({ where: { incidentId: incident.id, state } });
      if (announced > 0) return; // growth without a new severity or family: nothing new to say
      eventKey = `UPDATED:${state}`;
    }
    planned = [{ step: 0, channelIds: [...new Set(told.map((d) => d.channelId))], delayMs: 0 }];
  }
  const windows = await windowsFor(prisma, incident);
  const suppressedBy = windows.find((window) => isWindowActive(window, at));
  const rows: NewDelivery[] = planned.flatMap((step) =>
    step.channelIds.map((channelId) => ({
      channelId,
      eventKey,
      eventKind: event.kind,
      state,
      step: step.step,
      dueAt: new Date(at.getTime() + step.delayMs),
      status: suppressedBy ? ("SUPPRESSED" as const) : ("PENDING" as const),
      lastError: suppressedBy ? `maintenance window "${suppressedBy.name}"` : undefined,
    })),
  );
  for (const delivery of await queueDeliveries(prisma, incident, rows))
    await enqueueDelivery(services, delivery);
  // At the OPENED's time: the channels of its first step, the only one planned. The resolution
  // waits for the trigger (earlierInFlight); the RESOLVED's own job adds nothing more.
  if (event.kind === "OPENED" && incident.status !== "OPEN")
    await dispatchIncidentAlerts(services, { ...event, kind: "RESOLVED" }, { afterLateOpening: true });
}

/**
 * Rows whose request was started, whatever became of them (sent, retrying, failed, skipped on a
 * later claim): counted in `sends` just before each request, or logged with a request's outcome
 * by a process of the version before that counter (a rolling deploy). A SKIPPED log row made none.
 */
const SEND_STARTED = [
  { sends: { gt: 0 } },
  { log: { some: { outcome: { in: ["SENT", "RETRY", "FAILED"] } } } },
];

/**
 * Sent, a send started (even one that failed for good: a timeout can follow a receiver that took
 * it), or in flight: claimed (retrying) or due already. Later escalation steps are not.
 */
const toldOrBeingTold = (at: Date) => ({
  OR: [
    { status: "SENT" },
    ...SEND_STARTED,
    { status: { in: ["PENDING", "SENDING"] }, OR: [{ attempts: { gt: 0 } }, { dueAt: { lte: at } }] },
  ],
});

/**
 * Whether an earlier message of this incident to this channel is still on its way. For a
 * resolution, any trigger not settled yet (those not due and never tried were skipped just
 * before): it goes only where a trigger was tried (triggerTried), which it can tell only once
 * every trigger is settled.
 */
async function earlierInFlight(
  services: AppServices,
  delivery: { id: string; channelId: string; incidentId: string; createdAt: Date; eventKind: string },
): Promise<boolean> {
  const earlier = await services.database.prisma.alertDelivery.count({
    where: {
      channelId: delivery.channelId,
      incidentId: delivery.incidentId,
      id: { not: delivery.id },
      status: { in: ["PENDING", "SENDING"] },
      ...(delivery.eventKind === "RESOLVED"
        ? { eventKind: { in: ["OPENED", "UPDATED"] } }
        : {
            // A trigger never waits for a resolve (an UPDATED inserted after it would wait on it).
            eventKind: { not: "RESOLVED" },
            createdAt: { lt: delivery.createdAt },
            OR: [{ attempts: { gt: 0 } }, { dueAt: { lte: new Date() } }],
          }),
    },
  });
  return earlier > 0;
}

/** Clocks of two API processes may differ by this much (the one that opened, the one that resolved). */
const CLOCK_SKEW_MS = 1_000;

/**
 * An OPENED delivery due after its incident was resolved. Both on the API's clock: the due time
 * is the opening's `at` plus the step's delay, and the row's last change came no earlier than the
 * resolution (the same test the RESOLVED applies, `dueAt > at`). Not endedAt: that is the agent's
 * sample time, which a queue replayed after an outage puts minutes or hours before the API's now.
 * A change after the resolution (acknowledged, classified) only makes this answer no: sent.
 */
function dueAfterResolution(delivery: { dueAt: Date }, incident: IncidentContext): boolean {
  return (
    incident.status !== "OPEN" && delivery.dueAt.getTime() > incident.updatedAt.getTime() + CLOCK_SKEW_MS
  );
}

/**
 * Whether a trigger (the opening or an update) of this incident was sent to this channel, or may
 * have reached it: a send was started (a timeout or a 5xx can follow a receiver that took it; so
 * can a process that died mid-send), whatever became of the delivery after (retrying, failed,
 * skipped on a later claim). A claim that sent nothing (a process that died after claiming a step
 * and before recording its skip) does not count.
 */
async function triggerTried(
  services: AppServices,
  delivery: { channelId: string; incidentId: string },
): Promise<boolean> {
  const triggers = await services.database.prisma.alertDelivery.count({
    where: {
      channelId: delivery.channelId,
      incidentId: delivery.incidentId,
      eventKind: { in: ["OPENED", "UPDATED"] },
      OR: [{ status: "SENT" }, ...SEND_STARTED],
    },
  });
  return triggers > 0;
}

/** Whether this delivery's request was ever started (SEND_STARTED). */
async function sendWasStarted(services: AppServices, deliveryId: string): Promise<boolean> {
  const started = await services.database.prisma.alertDelivery.count({
    where: { id: deliveryId, OR: SEND_STARTED },
  });
  return started > 0;
}

/**
 * Whether this incident's resolution was written for this channel, in any state: pending, being
 * sent, sent, failed, skipped or suppressed. Not compared by creation time: that is the clock of
 * the process that wrote each row, and the case that matters (an update written late, by a
 * consumer whose claim lapsed) involves two processes.
 */
async function resolutionWritten(
  services: AppServices,
  delivery: { channelId: string; incidentId: string },
): Promise<boolean> {
  const written = await services.database.prisma.alertDelivery.count({
    where: { channelId: delivery.channelId, incidentId: delivery.incidentId, eventKind: "RESOLVED" },
  });
  return written > 0;
}

function render(module: ChannelModule, event: AlertEvent) {
  if (event === "OPENED") return module.open.bind(module);
  if (event === "RESOLVED") return module.resolve.bind(module);
  if (event === "TEST") return module.test.bind(module);
  return module.update.bind(module);
}

/** Sends one claimed delivery; retries by re-queueing itself with backoff (Retry-After honoured). */
export async function deliverAlert(services: AppServices, deliveryId: string): Promise<void> {
  const { prisma } = services.database;
  const alerts = services.config.alerts;
  const delivery = await claimDelivery(prisma, deliveryId, alerts.timeoutMs + 30_000);
  if (!delivery) return; // another process has it, or it is done
  const attempt = delivery.attempts;
  // Steps not tried and not due yet when the resolution goes out are never sent (as the RESOLVED
  // skips them when handled: rows inserted after it, by an OPENED run that raced it, are caught
  // here), so it waits only for triggers already on their way.
  if (delivery.eventKind === "RESOLVED")
    await prisma.alertDelivery.updateMany({
      where: {
        incidentId: delivery.incidentId,
        channelId: delivery.channelId,
        eventKind: "OPENED",
        status: "PENDING",
        attempts: 0,
        // Not due by this process's clock with the skew allowed: a step due now on the clock of the
        // process that planned it (a late opening's first step) is waited for and decided when claimed.
        dueAt: { gt: new Date(Date.now() + CLOCK_SKEW_MS) },
      },
      data: { status: "SKIPPED", lastError: "incident resolved before this step was due" },
    });
  if (delivery.eventKind !== "OPENED" && (await earlierInFlight(services, delivery))) {
    // A resolve must not overtake its trigger (PagerDuty would re-open): wait for it.
    const dueAt = new Date(Date.now() + alerts.retryBaseMs);
    await postponeDelivery(prisma, deliveryId, dueAt);
    return enqueueDelivery(services, { id: deliveryId, dueAt, attempts: `wait-${Date.now()}` });
  }
  const incident = await loadIncidentContext(prisma, delivery.incidentId);
  const skip = (error: string) =>
    recordAttempt(prisma, { deliveryId, attempt, outcome: "SKIPPED", latencyMs: 0, error });
  if (!incident || !delivery.channel.enabled) return skip("channel disabled or incident deleted");
  if (delivery.eventKind === "OPENED" && delivery.step > 0) {
    if (incident.acknowledgedAt) return skip("incident acknowledged");
    if (incident.status !== "OPEN") return skip("incident resolved");
  }
  // A first step that came due after the incident was resolved, claimed before the resolution
  // was handled (the resolution skips it when it comes first): sent, a trigger would page for an
  // incident already over. Only while no send was started: one whose outcome was never recorded (a
  // process died mid-send) may have reached the receiver, and that trigger must be followed by its
  // resolve, so it is sent again.
  if (
    delivery.eventKind === "OPENED" &&
    dueAfterResolution(delivery, incident) &&
    delivery.sends === 0 &&
    !(await sendWasStarted(services, deliveryId))
  )
    return skip("incident resolved before this step was due");
  // A resolution reaches only a channel a trigger reached (or may have: a failed one timed out
  // after sending). A step counted as told when the resolution was handled can still be skipped
  // after it (a later step claimed once the incident was over, the case above).
  if (delivery.eventKind === "RESOLVED" && !(await triggerTried(services, delivery)))
    return skip("no trigger of this incident reached this channel");
  // An update goes out as a trigger (PagerDuty: the same dedup_key). Handled once its channel's
  // resolution is written, it says nothing the resolution does not supersede, and it could open
  // the incident again at the provider: one written after the resolution (two consumers racing
  // after a lapsed claim) after a settled resolve, with none to follow, or while the resolve is
  // being sent, maybe after it; one before a suppressed resolve, with none to follow. Skipped; a
  // resolution waiting for it then goes on (earlierInFlight), and is still sent where a trigger
  // was tried (triggerTried counts an update tried before this skip).
  if (
    delivery.eventKind === "UPDATED" &&
    incident.status !== "OPEN" &&
    (await resolutionWritten(services, delivery))
  )
    return skip("the incident's resolution was written for this channel; it supersedes the update");
  const module = channelModules[delivery.channel.kind as ChannelKindName];
  const event = delivery.eventKind as AlertEvent;
  const outbound = render(module, event)(
    openTarget(delivery.channel, services.secrets),
    messageOf(incident, event, delivery.step, await tenantVoice(services, incident.workspaceId)),
    { providers: alerts.providers, messageId: delivery.id, now: Math.floor(Date.now() / 1000) },
  );
  // The channel's workspace's relay (an MSP's shared channel: the MSP's), else SMTP_URL.
  if (outbound.kind === "email") outbound.relay = await mailRelayFor(services, delivery.channel.workspaceId);
  await recordSendStarted(prisma, deliveryId);
  const outcome = await sendOutbound(outbound, alerts);
  const base = { deliveryId, attempt, httpStatus: outcome.httpStatus, latencyMs: outcome.latencyMs };
  if (outcome.ok) return recordAttempt(prisma, { ...base, outcome: "SENT" });
  const policy = { maxAttempts: alerts.maxAttempts, baseMs: alerts.retryBaseMs };
  const verdict = verdictAfter(outcome, attempt, policy, Date.now());
  if (verdict.outcome === "FAILED")
    return recordAttempt(prisma, { ...base, outcome: "FAILED", error: outcome.error });
  const nextAt = new Date(Date.now() + verdict.delayMs);
  await recordAttempt(prisma, { ...base, outcome: "RETRY", error: outcome.error, nextAt });
  await enqueueDelivery(services, { id: deliveryId, dueAt: nextAt, attempts: attempt });
}

/** Re-queues deliveries whose job was lost (in-process queue restarted, a process died mid-send). */
export async function requeueOverdueDeliveries(services: AppServices): Promise<number> {
  const overdue = await overdueDeliveries(services.database.prisma, new Date(Date.now() - SWEEP_GRACE_MS));
  for (const { id } of overdue) await enqueueDelivery(services, { id, dueAt: new Date(), attempts: -1 });
  return overdue.length;
}

/** Alerting's part of every incident event: delivery rows and their jobs. */
export const alertIncidentConsumer: IncidentConsumer = { name: "alerts", handle: dispatchIncidentAlerts };

/**
 * Deliveries (queued per incident event), the overdue sweep, invitation e-mails, and Slack messages
 * replaced once acknowledged.
 */
export const alertJobs: readonly AnyJobEntry[] = [
  jobEntry<DeliveryJob>({
    name: ALERT_DELIVERY_JOB,
    run: (services, job) => deliverAlert(services, job.deliveryId),
    concurrency: DELIVERY_CONCURRENCY,
  }),
  jobEntry({
    name: ALERT_SWEEP_JOB,
    run: (services) => requeueOverdueDeliveries(services),
    concurrency: 1,
    everyMs: SWEEP_EVERY_MS,
  }),
  invitationMailJob,
  slackAckUpdateJob,
];

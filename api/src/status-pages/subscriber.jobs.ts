// Status page subscriptions' jobs: a subscription request (its address's row and confirmation
// e-mail), a mailing's sending (the page's mailings in order), a flapping node's digest, the
// periodic sweep, and the incident consumer that makes a mailing of an incident's opening and
// resolution on a node the page shows (run once per event by the incident outbox:
// incidents/incident.jobs.ts).
import type { AppServices } from "../context.ts";
import type { IncidentConsumer } from "../incidents/incident.jobs.ts";
import type { IncidentEventJob } from "../incidents/incident-event.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { KeyedSerial } from "../jobs/keyed-serial.ts";
import { NODE_DIGEST_JOB, queueNodeMailing, sendDueDigests, sendNodeDigest } from "./node-digest.ts";
import { publicIncident } from "./public-view.ts";
import {
  handleSubscribeRequest,
  SUBSCRIBE_REQUEST_JOB,
  type SubscribeRequestJob,
} from "./subscriber.service.ts";
import {
  CONFIRMATION_MAIL_JOB,
  MAILING_JOB,
  runPageMailings,
  sendConfirmationMail,
  sweepSubscriptions,
} from "./subscriber-mailing.ts";

export const SUBSCRIPTION_SWEEP_JOB = "status-pages.subscription-sweep";

/**
 * An incident opened or resolved on a node a page lists: its subscribers get what the page shows
 * of it (the node's name on the page, the family, times, duration). UPDATED events send nothing.
 */
async function mailIncidentEvent(services: AppServices, event: IncidentEventJob): Promise<void> {
  if (event.kind !== "OPENED" && event.kind !== "RESOLVED") return;
  const prisma = services.database.prisma;
  const entry = await prisma.statusPageNode.findFirst({
    where: { nodeId: event.nodeId, workspaceId: event.workspaceId },
    select: { displayName: true },
  });
  if (!entry) return;
  const incident = await prisma.incident.findUnique({
    where: { id: event.incidentId },
    select: {
      id: true,
      startedAt: true,
      endedAt: true,
      peakPps: true,
      peakBps: true,
      triggerMetrics: true,
      classification: true,
    },
  });
  if (!incident) return;
  const shown = publicIncident(
    { ...incident, peakPps: Number(incident.peakPps), peakBps: Number(incident.peakBps) },
    entry.displayName,
    new Date(event.at),
  );
  const mailing = {
    workspaceId: event.workspaceId,
    nodeId: event.nodeId,
    key: `incident:${event.incidentId}:${event.kind}`,
  };
  if (event.kind === "OPENED")
    return queueNodeMailing(services, {
      ...mailing,
      content: {
        kind: "INCIDENT_OPENED",
        ref: shown.ref,
        nodeName: shown.nodeName,
        family: shown.family,
        startedAt: shown.startedAt.toISOString(),
      },
    });
  const endedAt = shown.endedAt ?? new Date(event.at);
  return queueNodeMailing(services, {
    ...mailing,
    content: {
      kind: "INCIDENT_RESOLVED",
      ref: shown.ref,
      nodeName: shown.nodeName,
      family: shown.family,
      startedAt: shown.startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      durationSeconds: Math.max(0, Math.round((endedAt.getTime() - shown.startedAt.getTime()) / 1000)),
    },
  });
}

/**
 * A page's subscription requests are handled one after another in a process (others' side by
 * side), so one of them handled means the earlier ones of the page were, with their e-mails.
 */
const requestsPerPage = new KeyedSerial();

export const statusPageIncidentConsumer: IncidentConsumer = {
  name: "status-page-subscribers",
  handle: mailIncidentEvent,
};

export const subscriberJobs: readonly AnyJobEntry[] = [
  jobEntry<SubscribeRequestJob>({
    name: SUBSCRIBE_REQUEST_JOB,
    run: (services, job) => requestsPerPage.run(job.workspaceId, () => handleSubscribeRequest(services, job)),
    concurrency: 4,
  }),
  jobEntry<Parameters<typeof sendConfirmationMail>[1]>({
    name: CONFIRMATION_MAIL_JOB,
    run: (services, job) => sendConfirmationMail(services, job),
    concurrency: 4,
  }),
  jobEntry<{ mailingId: string }>({
    name: MAILING_JOB,
    run: (services, job) => runPageMailings(services, job.mailingId),
    concurrency: 2,
  }),
  jobEntry<{ workspaceId: string; nodeId: string }>({
    name: NODE_DIGEST_JOB,
    run: (services, job) => sendNodeDigest(services, job.workspaceId, job.nodeId),
    concurrency: 1,
  }),
  jobEntry({
    name: SUBSCRIPTION_SWEEP_JOB,
    run: async (services) => {
      await sweepSubscriptions(services);
      await sendDueDigests(services);
    },
    everyMs: 5 * 60_000,
    concurrency: 1,
  }),
];

import { randomUUID } from "node:crypto";
import { tenantVoice } from "../../branding/branding.service.ts";
import type { AppServices } from "../../context.ts";
import { jobEntry } from "../../jobs/job-entry.ts";
import { loadIncidentContext, messageOf } from "../alert.store.ts";
import { acknowledgedSlackMessage } from "../channels/slack.ts";
import { acknowledgerName } from "../escalation.service.ts";
import { sendOutbound } from "../outbound-sender.ts";
import { verdictAfter } from "../retry-policy.ts";
import { slackResponseUrlProblem } from "./slack-response-url.ts";

export const SLACK_ACK_UPDATE_JOB = "alerts.slack-ack-update";

interface SlackAckUpdateJob {
  channelId: string;
  incidentId: string;
  /**
   * The click's response_url, sealed with the channel's context: for 30 minutes anyone holding it
   * can post into the Slack channel, and job data sits in Redis.
   */
  sealedUrl: string;
  /** 1 for the first try; retries follow retry-policy.ts as deliveries do. */
  attempt: number;
  /** Tells one click's job apart from another's (each click is answered, idempotent or not). */
  click: string;
}

const urlContext = (channelId: string) => `slack-response-url:${channelId}`;

/**
 * Queues the replacement of the clicked message, after the acknowledgement is committed; never
 * throws (the click is answered whatever becomes of this). A response_url that is not Slack's is
 * logged and dropped.
 */
export async function queueSlackAckUpdate(
  services: AppServices,
  click: { channelId: string; incidentId: string; responseUrl: string | undefined },
): Promise<void> {
  const log = services.logger.child({ component: "slack-ack-update", channelId: click.channelId });
  const { alerts } = services.config;
  if (!click.responseUrl) return;
  const problem = slackResponseUrlProblem(
    click.responseUrl,
    alerts.slackResponseHosts,
    alerts.allowPrivateTargets,
  );
  if (problem)
    return log.warn({ problem }, "Slack click's response_url refused; the message is left as it is");
  try {
    const data: SlackAckUpdateJob = {
      channelId: click.channelId,
      incidentId: click.incidentId,
      sealedUrl: services.secrets.seal(click.responseUrl, urlContext(click.channelId)),
      attempt: 1,
      click: randomUUID(),
    };
    await services.jobs.enqueue(SLACK_ACK_UPDATE_JOB, data, { jobId: `${data.click}.1` });
  } catch (error) {
    log.error({ err: error }, "could not queue the Slack message update");
  }
}

/**
 * Replaces the message through its response_url with the acknowledged version (who, when, no
 * button), rendered from the incident as it is now. Retried as deliveries are: timeouts, network
 * errors, 408, 429 and 5xx with backoff (Retry-After honoured), up to ALERTS_MAX_ATTEMPTS; other
 * answers (Slack: 404 `expired_url` after 30 minutes or 5 uses) end it.
 */
export async function updateAcknowledgedSlackMessage(services: AppServices, job: SlackAckUpdateJob) {
  const { prisma } = services.database;
  const { alerts } = services.config;
  const log = services.logger.child({ component: "slack-ack-update", channelId: job.channelId });
  const channel = await prisma.alertChannel.findUnique({ where: { id: job.channelId } });
  const incident = await loadIncidentContext(prisma, job.incidentId);
  const stored = await prisma.incident.findUnique({
    where: { id: job.incidentId },
    select: { acknowledgedAt: true, acknowledgedBy: true },
  });
  if (channel?.kind !== "SLACK" || !incident || !stored?.acknowledgedAt) return;
  const url = services.secrets.open(job.sealedUrl, urlContext(job.channelId));
  // Checked again: the allow-list may have changed since the click was queued.
  const problem = slackResponseUrlProblem(url, alerts.slackResponseHosts, alerts.allowPrivateTargets);
  if (problem) return log.warn({ problem }, "Slack click's response_url refused");
  const by = (await acknowledgerName({ db: prisma }, stored.acknowledgedBy)) ?? "someone";
  const event = incident.status === "OPEN" ? "OPENED" : "RESOLVED";
  const message = messageOf(incident, event, 0, await tenantVoice(services, incident.workspaceId));
  const body = acknowledgedSlackMessage(message, by, stored.acknowledgedAt);
  const outcome = await sendOutbound({ kind: "http", url, body }, alerts);
  if (outcome.ok) return;
  const policy = { maxAttempts: alerts.maxAttempts, baseMs: alerts.retryBaseMs };
  const verdict = verdictAfter(outcome, job.attempt, policy, Date.now());
  if (verdict.outcome === "FAILED")
    return log.warn({ attempt: job.attempt, error: outcome.error }, "Slack message not updated");
  const next = { ...job, attempt: job.attempt + 1 };
  await services.jobs.enqueue(SLACK_ACK_UPDATE_JOB, next, {
    delayMs: verdict.delayMs,
    jobId: `${job.click}.${next.attempt}`,
  });
}

export const slackAckUpdateJob = jobEntry<SlackAckUpdateJob>({
  name: SLACK_ACK_UPDATE_JOB,
  run: (services, job) => updateAcknowledgedSlackMessage(services, job),
  concurrency: 8,
});

import { roleName } from "@levee/shared/auth/permissions";
import { tenantVoice } from "../branding/branding.service.ts";
import type { AppServices } from "../context.ts";
import { jobEntry } from "../jobs/job-entry.ts";
import { escapeHtml } from "./alert-message.ts";
import { canSendMail, mailRelayFor } from "./mail-server.ts";
import { sendOutbound } from "./outbound-sender.ts";

export const INVITATION_MAIL_JOB = "alerts.invitation-mail";

interface InvitationMailJob {
  invitationId: string;
  /** Whose relay sends it (absent in jobs queued before workspace relays). */
  workspaceId?: string;
  email: string;
  workspaceName: string;
  inviterName: string;
  role: string;
  /** The workspace's product name and web address (white label: never the platform's own). */
  productName?: string;
  webUrl?: string;
  /** The invitation token, sealed (context `invitation-mail:<id>`): job data may sit in Redis. */
  sealedToken: string;
}

const context = (invitationId: string) => `invitation-mail:${invitationId}`;

/**
 * When the workspace can send mail (its own relay, an MSP parent's, or SMTP_URL), an invitation is
 * also e-mailed to the invitee, through the job queue so a slow relay never slows inviteMember and
 * a failed send is retried.
 */
export async function queueInvitationMail(
  services: AppServices,
  invitation: { id: string; email: string; role: string; workspaceId: string },
  inviterName: string,
  token: string,
): Promise<void> {
  if (!services.secrets.available || !(await canSendMail(services, invitation.workspaceId))) return;
  const workspace = await services.database.prisma.workspace.findUniqueOrThrow({
    where: { id: invitation.workspaceId },
  });
  await services.jobs.enqueue<InvitationMailJob>(
    INVITATION_MAIL_JOB,
    {
      invitationId: invitation.id,
      workspaceId: invitation.workspaceId,
      email: invitation.email,
      workspaceName: workspace.name,
      inviterName,
      role: invitation.role,
      ...(await tenantVoice(services, invitation.workspaceId)),
      sealedToken: services.secrets.seal(token, context(invitation.id)),
    },
    { attempts: 5, backoffMs: 5_000, jobId: invitation.id },
  );
}

/**
 * The web app's sign-up page with the token filled in (`/signup?invite=`, the link the Members page shows):
 * the account joins the workspace as it is made. Until December 5 the e-mail linked `/?invitation=<token>`,
 * which no page reads: it led to the sign-in page, whose "Create an account" dropped the token.
 */
export function invitationLink(webUrl: string, token: string): string {
  return `${webUrl}/signup?invite=${encodeURIComponent(token)}`;
}

async function sendInvitationMail(services: AppServices, job: InvitationMailJob): Promise<void> {
  const token = services.secrets.open(job.sealedToken, context(job.invitationId));
  const product = job.productName ?? "Levee"; // jobs queued before white label carried no name
  const link = invitationLink(job.webUrl ?? services.config.alerts.webUrl, token);
  const subject = `${job.inviterName} invited you to ${job.workspaceName} on ${product}`;
  const text = [
    `${job.inviterName} invited you to the workspace "${job.workspaceName}" on ${product} as ${roleName(job.role)}.`,
    "",
    `Invitation token (valid 7 days): ${token}`,
    `Sign up or sign in with this e-mail address and accept the invitation with the token: ${link}`,
  ].join("\n");
  const html = `<!doctype html><html><body><p>${escapeHtml(job.inviterName)} invited you to the workspace
<b>${escapeHtml(job.workspaceName)}</b> on ${escapeHtml(product)} as ${escapeHtml(roleName(job.role))}.</p>
<p>Invitation token (valid 7 days): <code>${escapeHtml(token)}</code></p>
<p><a href="${escapeHtml(link)}">Open ${escapeHtml(product)}</a></p></body></html>`;
  // Jobs queued before workspace relays carried no workspace: read from the invitation.
  const workspaceId =
    job.workspaceId ??
    (await services.database.prisma.invitation.findUnique({ where: { id: job.invitationId } }))?.workspaceId;
  const relay = workspaceId ? await mailRelayFor(services, workspaceId) : undefined;
  const outcome = await sendOutbound(
    { kind: "email", to: [job.email], subject, text, html, fromName: product, relay },
    services.config.alerts,
  );
  if (!outcome.ok && outcome.retryable) throw new Error(`invitation e-mail not sent: ${outcome.error}`);
  if (!outcome.ok)
    services.logger.warn({ invitation: job.invitationId, error: outcome.error }, "invitation e-mail refused");
}

export const invitationMailJob = jobEntry<InvitationMailJob>({
  name: INVITATION_MAIL_JOB,
  run: (services, job) => sendInvitationMail(services, job),
});

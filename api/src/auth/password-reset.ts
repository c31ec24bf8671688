// "Forgot password": a single-use link mailed to the account's address through the platform's
// sender (SMTP_URL), and the new password set from it. The request answers the same whether or not
// the address has an account, and does the same work before answering: checks, limits, one job
// queued with the address sealed. Only that job looks the address up, stores a token's sha256 and
// mails the link (as status page subscriptions do, subscriber.service.ts). The token itself is
// never stored, in the database or in the job: a retried send makes a new one.
import { randomBytes } from "node:crypto";
import { sendOutbound } from "../alerts/outbound-sender.ts";
import type { Tx } from "../audit/audit-recorder.ts";
import { defaultBranding } from "../branding/branding.service.ts";
import type { AppServices, GraphQLContext } from "../context.ts";
import { UnavailableError, ValidationError } from "../errors.ts";
import { jobEntry } from "../jobs/job-entry.ts";
import { announceUserCredentialsChanged } from "./api-key-cache.ts";
import { assertStrongPassword, hashPassword, hashToken } from "./credentials.ts";
import { passwordResetMail, RESET_TTL_MS, resetLink } from "./password-reset-mail.ts";
import { admit } from "./rate-limiter.ts";

export const PASSWORD_RESET_JOB = "auth.password-reset-mail";

export const NO_MAIL_MESSAGE =
  "This server cannot send e-mail, so it cannot mail you a reset link: ask your administrator to reset your password";
/** SMTP_URL is set but the job's address cannot be sealed: told so in the log, not to the visitor. */
export const NO_KEY_MESSAGE =
  "This server is not set up to mail reset links: ask your administrator to reset your password";
const INVALID_TOKEN_MESSAGE = "This reset link is invalid, expired or already used: ask for a new one";

interface PasswordResetJob {
  requestId: string;
  /** The address asked for, sealed (context `password-reset:<requestId>`): job data may sit in Redis. */
  sealedEmail: string;
}

const context = (requestId: string) => `password-reset:${requestId}`;

/**
 * Why this server cannot mail a reset link, if it cannot: no platform sender (SMTP_URL), or no key to
 * seal the address in the job (LEVEE_SECRET_KEY, which PostgreSQL deployments set themselves).
 */
export function resetMailProblem(
  services: Pick<AppServices, "config" | "secrets">,
): "NO_SENDER" | "NO_KEY" | undefined {
  if (services.config.alerts.smtp === undefined) return "NO_SENDER";
  if (!services.secrets.available) return "NO_KEY";
  return undefined;
}

/**
 * Asks for a reset link for `email`. Refused only for what is true of the server (no mail sender)
 * or of the requester (RATE_LIMITED, per client address and per address asked for); otherwise the
 * same answer, after the same work, for every address.
 */
export async function requestPasswordReset(ctx: GraphQLContext, input: { email: string }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const problem = resetMailProblem(ctx);
  if (problem === "NO_SENDER") throw new UnavailableError(NO_MAIL_MESSAGE);
  if (problem === "NO_KEY") {
    ctx.logger.warn(
      "password reset refused: SMTP_URL is set but LEVEE_SECRET_KEY is not (it seals the address in the mail job)",
    );
    throw new UnavailableError(NO_KEY_MESSAGE);
  }
  if (ctx.request.ip) await admit(ctx.rateLimits.passwordResetsPerAddress, ctx.request.ip);
  // Keyed by the address's sha256, as sign-in's count is: not the address itself in Redis.
  await admit(ctx.rateLimits.passwordResetsPerAccount, hashToken(email));
  const requestId = randomBytes(16).toString("hex");
  await ctx.jobs.enqueue<PasswordResetJob>(
    PASSWORD_RESET_JOB,
    { requestId, sealedEmail: ctx.secrets.seal(email, context(requestId)) },
    { attempts: 5, backoffMs: 5_000 },
  );
}

/**
 * Stores a new reset for the user and returns its token (shown once: mailed, or printed by the
 * administrator's script). The user's earlier unused resets are deleted: one link works at a time.
 */
export async function createPasswordReset(
  tx: Pick<Tx, "passwordReset" | "$executeRaw">,
  userId: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
  // One at a time per user: two jobs (API processes) or a job and the script each deleting, then
  // creating, could otherwise leave two links that work.
  await tx.$executeRaw`SELECT 1 FROM app_user WHERE id = ${userId}::uuid FOR UPDATE`;
  await tx.passwordReset.deleteMany({ where: { userId, usedAt: null } });
  await tx.passwordReset.create({ data: { userId, tokenHash: hashToken(token), expiresAt } });
  return { token, expiresAt };
}

/** The job: an address with an account is mailed a new link; one without is sent nothing. */
async function mailPasswordReset(services: AppServices, job: PasswordResetJob): Promise<void> {
  const { prisma } = services.database;
  const email = services.secrets.open(job.sealedEmail, context(job.requestId));
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) return;
  const { token } = await prisma.$transaction((tx) => createPasswordReset(tx, user.id));
  const { productName } = defaultBranding(services);
  const mail = passwordResetMail(productName, resetLink(services.config.alerts.webUrl, token));
  const outcome = await sendOutbound(
    { kind: "email", to: [user.email], ...mail, fromName: productName },
    services.config.alerts,
  );
  // Not the server's words: an SMTP reply names the recipient ("450 <user@x>: rejected"), and the
  // job's error is kept in Redis, the failed-job table and the log, where the address was sealed away.
  // A retry makes a new link (this one's e-mail was not sent) and voids this one.
  if (!outcome.ok && outcome.retryable)
    throw new Error("password reset e-mail not sent: the mail server refused it for now or was unreachable");
  if (!outcome.ok) services.logger.warn("password reset e-mail refused for good by the mail server");
}

export const passwordResetJob = jobEntry<PasswordResetJob>({
  name: PASSWORD_RESET_JOB,
  run: (services, job) => mailPasswordReset(services, job),
});

/**
 * Sets a new password from a reset link: the token must be unexpired and unused, the password
 * follows sign-up's rules. Every session of the user ends (their open streams and sockets too);
 * nobody is signed in: the user signs in with the new password.
 */
export async function resetPassword(
  ctx: GraphQLContext,
  input: { token: string; password: string },
): Promise<{ sessionsEnded: number }> {
  const tokenHash = hashToken(input.token.trim());
  const invalid = () => ValidationError.field("input.token", INVALID_TOKEN_MESSAGE);
  const found = await ctx.db.passwordReset.findUnique({
    where: { tokenHash },
    select: { id: true, usedAt: true, expiresAt: true, user: { select: { id: true, email: true } } },
  });
  if (!found || found.usedAt || found.expiresAt <= new Date()) throw invalid();
  const { user } = found;
  assertStrongPassword(input.password, user.email, "input.password");
  const passwordHash = await hashPassword(input.password);
  const sessionsEnded = await ctx.mutate(
    async (tx, audit) => {
      const now = new Date();
      // Claimed in the transaction: of two uses at once, one sets the password.
      const { count: claimed } = await tx.passwordReset.updateMany({
        where: { id: found.id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (claimed === 0) throw invalid();
      await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
      await tx.passwordReset.deleteMany({ where: { userId: user.id, usedAt: null } });
      const { count } = await tx.session.updateMany({
        where: { userId: user.id, revokedAt: null },
        data: { revokedAt: now },
      });
      await audit({
        action: "user.reset-password",
        workspaceId: null,
        target: { type: "User", id: user.id },
        summary: { sessionsEnded: count },
      });
      return count;
    },
    // The link's holder proved they read the account's mail: the entry names the account.
    { type: "USER", id: user.id, label: user.email },
  );
  // The ended sessions' open streams and sockets end now, not at their next event.
  if (sessionsEnded > 0) announceUserCredentialsChanged(ctx, "user.reset-password", user.id);
  return { sessionsEnded };
}

import type { AppServices } from "../context.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { passwordResetJob } from "./password-reset.ts";

export const SESSION_CLEANUP_JOB = "auth.delete-expired";

/** Deletes sessions, invitations, enrollment tokens and password resets that can no longer be used (after a day's grace). */
export async function deleteExpiredCredentials(services: AppServices, now = new Date()) {
  const { prisma } = services.database;
  const before = new Date(now.getTime() - 24 * 3_600_000);
  const [sessions, invitations, tokens, resets] = await prisma.$transaction([
    prisma.session.deleteMany({
      where: { OR: [{ expiresAt: { lt: before } }, { revokedAt: { lt: before } }] },
    }),
    prisma.invitation.deleteMany({ where: { expiresAt: { lt: before } } }),
    prisma.enrollmentToken.deleteMany({ where: { expiresAt: { lt: before } } }),
    // Used or not, a reset is past use an hour after it was made: its expiry says when.
    prisma.passwordReset.deleteMany({ where: { expiresAt: { lt: before } } }),
  ]);
  return {
    sessions: sessions.count,
    invitations: invitations.count,
    enrollmentTokens: tokens.count,
    passwordResets: resets.count,
  };
}

export const sessionJobs: readonly AnyJobEntry[] = [
  jobEntry({
    name: SESSION_CLEANUP_JOB,
    run: (services) => deleteExpiredCredentials(services),
    concurrency: 1,
    everyMs: 3_600_000,
  }),
  passwordResetJob,
];

import type { AppServices } from "../context.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";

export const SESSION_CLEANUP_JOB = "auth.delete-expired";

/** Deletes sessions, invitations and enrollment tokens that can no longer be used (after a day's grace). */
export async function deleteExpiredCredentials(services: AppServices, now = new Date()) {
  const { prisma } = services.database;
  const before = new Date(now.getTime() - 24 * 3_600_000);
  const [sessions, invitations, tokens] = await prisma.$transaction([
    prisma.session.deleteMany({
      where: { OR: [{ expiresAt: { lt: before } }, { revokedAt: { lt: before } }] },
    }),
    prisma.invitation.deleteMany({ where: { expiresAt: { lt: before } } }),
    prisma.enrollmentToken.deleteMany({ where: { expiresAt: { lt: before } } }),
  ]);
  return { sessions: sessions.count, invitations: invitations.count, enrollmentTokens: tokens.count };
}

export const sessionJobs: readonly AnyJobEntry[] = [
  jobEntry({
    name: SESSION_CLEANUP_JOB,
    run: (services) => deleteExpiredCredentials(services),
    concurrency: 1,
    everyMs: 3_600_000,
  }),
];

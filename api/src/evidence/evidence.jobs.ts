import type { AppServices } from "../context.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";

export const EVIDENCE_RETENTION_JOB = "evidence.retention";
/** Files younger than this without a row may be an upload in progress; older ones are orphans. */
const ORPHAN_GRACE_MS = 3_600_000;

/**
 * Deletes expired captures (row and file), then files no row points to any more (their
 * workspace, node or incident was deleted). Returns how many files were removed.
 */
export async function deleteExpiredEvidence(services: AppServices, now = new Date()): Promise<number> {
  const { prisma } = services.database;
  const expired = await prisma.incidentCapture.findMany({ where: { expiresAt: { lte: now } }, take: 10_000 });
  for (const capture of expired) {
    await services.evidence.delete(capture.storageKey);
    await prisma.incidentCapture.delete({ where: { id: capture.id } }).catch(() => {});
  }
  const stored = await services.evidence.list();
  const candidates = stored.filter((f) => now.getTime() - f.modifiedAt > ORPHAN_GRACE_MS);
  const known = new Set(
    (
      await prisma.incidentCapture.findMany({
        where: { storageKey: { in: candidates.map((f) => f.key) } },
        select: { storageKey: true },
      })
    ).map((c) => c.storageKey),
  );
  const orphans = candidates.filter((f) => !known.has(f.key));
  for (const orphan of orphans) await services.evidence.delete(orphan.key);
  return expired.length + orphans.length;
}

export const evidenceJobs: readonly AnyJobEntry[] = [
  jobEntry({
    name: EVIDENCE_RETENTION_JOB,
    run: (services) => deleteExpiredEvidence(services),
    concurrency: 1,
    everyMs: 3_600_000,
  }),
];

import type { Actor } from "../auth/principal.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { type AuditContent, entryHash, GENESIS_HASH } from "./audit-chain.ts";

export type Tx = Prisma.TransactionClient;

export interface AuditRecord {
  action: string;
  workspaceId: string | null;
  target?: { type: string; id: string };
  /** Before/after summary: names and settings, never secrets. */
  summary?: Record<string, unknown>;
}

export function chainOf(workspaceId: string | null): string {
  return workspaceId ? `ws:${workspaceId}` : "system";
}

/**
 * Appends to the entry's chain inside the caller's transaction, so the change and its
 * audit entry commit together. An advisory lock per chain orders concurrent writers.
 */
export async function appendAudit(
  tx: Tx,
  actor: Actor,
  ip: string | null,
  record: AuditRecord,
): Promise<void> {
  const chain = chainOf(record.workspaceId);
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${chain}, 42))) AS l`;
  const last = await tx.auditLog.findFirst({
    where: { chain },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const content: AuditContent = {
    chain,
    seq: (last?.seq ?? 0) + 1,
    workspaceId: record.workspaceId,
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: record.action,
    targetType: record.target?.type ?? null,
    targetId: record.target?.id ?? null,
    summary: JSON.parse(JSON.stringify(record.summary ?? {})),
    ip,
    createdAt: new Date(),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.auditLog.create({
    data: {
      ...content,
      summary: content.summary as Prisma.InputJsonValue,
      prevHash,
      hash: entryHash(prevHash, content),
    },
  });
}

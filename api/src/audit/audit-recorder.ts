import type { Actor } from "../auth/principal.ts";
import { prepared, type SqlClient } from "../db/sql-client.ts";
import { uuidv7 } from "../db/uuidv7.ts";
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
  const { content, prevHash, hash } = nextEntry(chain, last, actor, ip, record);
  await tx.auditLog.create({
    data: { ...content, summary: content.summary as Prisma.InputJsonValue, prevHash, hash },
  });
}

const LOCK_CHAIN = prepared("SELECT pg_advisory_xact_lock(hashtextextended($1, 42))");
const LAST_OF_CHAIN = prepared("SELECT seq, hash FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1");
const INSERT_ENTRY = prepared(
  `INSERT INTO audit_log (id, chain, seq, workspace_id, actor_type, actor_id, actor_label, action,
                          target_type, target_id, summary, ip, created_at, prev_hash, hash)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15)`,
);

/**
 * appendAudit for a transaction of plain SQL (SqlClient.transaction), with the same lock and
 * the same entry: for writers that left Prisma for speed (OnlineBatch marks a reconnect storm's
 * nodes ONLINE; Prisma's interactive transaction and its query planning for an id list of each
 * new length cost more CPU than the statements).
 */
export async function appendAuditSql(
  sql: SqlClient,
  actor: Actor,
  ip: string | null,
  record: AuditRecord,
): Promise<void> {
  const chain = chainOf(record.workspaceId);
  await sql.query(LOCK_CHAIN, [chain]);
  const [last] = await sql.query<{ seq: number; hash: string }>(LAST_OF_CHAIN, [chain]);
  const { content, prevHash, hash } = nextEntry(chain, last ?? null, actor, ip, record);
  await sql.query(INSERT_ENTRY, [
    uuidv7(content.createdAt.getTime()),
    content.chain,
    content.seq,
    content.workspaceId,
    content.actorType,
    content.actorId,
    content.actorLabel,
    content.action,
    content.targetType,
    content.targetId,
    JSON.stringify(content.summary),
    content.ip,
    content.createdAt.toISOString(),
    prevHash,
    hash,
  ]);
}

/** The entry after `last` (null: the chain's first) and its hash. */
function nextEntry(
  chain: string,
  last: { seq: number; hash: string } | null,
  actor: Actor,
  ip: string | null,
  record: AuditRecord,
): { content: AuditContent; prevHash: string; hash: string } {
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
    // As stored (jsonb): what JSON drops (undefined) is not hashed either.
    summary: JSON.parse(JSON.stringify(record.summary ?? {})),
    ip,
    createdAt: new Date(),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  return { content, prevHash, hash: entryHash(prevHash, content) };
}

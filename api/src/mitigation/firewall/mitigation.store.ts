import { randomInt } from "node:crypto";
import { MAX_SLOT } from "@levee/shared/firewall";
import type { Tx } from "../../audit/audit-recorder.ts";
import type { Database } from "../../db/database.ts";
import type { SqlClient } from "../../db/sql-client.ts";
import { ConflictError } from "../../errors.ts";
import type { MitigationAction, MitigationActionState, Prisma } from "../../generated/prisma/client.ts";
import type { HostFacts } from "./guardrail-report.ts";

type Db = Database["prisma"] | Tx;

/** States in which the agent should have the action in place. */
export const WANTED: MitigationActionState[] = ["PENDING", "ACTIVE"];
const HOLDING_SLOT: MitigationActionState[] = ["PENDING", "ACTIVE", "UNDO_PENDING"];

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
/** Action ids name the host's chains and sets (LEVEE-<id>, levee-<id>): 12 of a-z0-9. */
export const newActionId = () => Array.from({ length: 12 }, () => ID_ALPHABET[randomInt(36)]).join("");

export async function hostFacts(db: Db, nodeId: string): Promise<HostFacts | null> {
  return db.firewallHost.findUnique({ where: { nodeId } });
}

export async function safelistOf(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.mitigationSafelist.findMany({ where: { workspaceId }, orderBy: { prefix: "asc" } });
  return rows.map((r) => r.prefix);
}

/** The lowest tc slot no live action of the node holds (as of this read: see claimSlot). */
export async function freeSlot(db: Db, nodeId: string): Promise<number> {
  const used = new Set(
    (
      await db.mitigationAction.findMany({
        where: { nodeId, state: { in: HOLDING_SLOT } },
        select: { slot: true },
      })
    ).map((a) => a.slot),
  );
  for (let slot = 1; slot <= MAX_SLOT; slot++) if (!used.has(slot)) return slot;
  throw new ConflictError(
    `Every tc slot of this node (${MAX_SLOT}) is held by a live action; undo some before adding another`,
  );
}

/**
 * The lowest free tc slot of the node, for an action the caller inserts in this transaction.
 * Two firings on one node at once (a rule saved during an attack and the detector's event job,
 * or two API processes) would otherwise both read the same free slot before either inserted.
 * A per-node advisory lock, held to the end of the transaction, puts them one after the other:
 * the second reads the slots once the first has committed. It is PostgreSQL's lock, so it orders
 * every API process on the database; the embedded engine runs one transaction at a time anyway.
 * Chosen over retrying on the unique index: the slot is in the planned commands, the REQUESTED
 * event and the audit entry, and a violation aborts the whole transaction, so a retry would redo
 * the firing. The index (mitigation_action_live_slot_key) stays as the guarantee: a writer that
 * skips this lock fails instead of sharing a slot.
 */
export async function claimSlot(tx: Tx, nodeId: string): Promise<number> {
  const key = `mitigation-slots:${nodeId}`;
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${key}, 31))) AS l`;
  return freeSlot(tx, nodeId);
}

/** Directives one answer carries at most. */
const MAX_WANTED = 500;

/**
 * What each node's agent should have in place now (expired actions are left out: the agent
 * undoes them), for many nodes in one query: every reportTelemetry answer carries its node's
 * list, so at 10,000 agents a second this is gathered (GatheredLoader), not one query per call.
 */
export async function wantedActionsOfNodes(sql: SqlClient, nodeIds: string[], now = new Date()) {
  // Plain SQL, not Prisma: this runs for every batch of agents' answers, and Prisma's query
  // planning costs more CPU here than the query itself.
  const rows = await sql.query<WantedAction>(
    `SELECT id, node_id AS "nodeId", action_type AS "actionType", slot, params, permanent,
            expires_at AS "expiresAt"
       FROM mitigation_action
      WHERE node_id = ANY($1::uuid[]) AND state::text = ANY($2::text[])
        AND (expires_at IS NULL OR expires_at > $3)
      ORDER BY created_at ASC`,
    [nodeIds, WANTED, now],
  );
  const byNode = new Map<string, WantedAction[]>();
  for (const row of rows) {
    const list = byNode.get(row.nodeId) ?? [];
    if (list.length < MAX_WANTED) list.push(row);
    byNode.set(row.nodeId, list);
  }
  return byNode;
}

/** What an agent's answer carries of an action (MitigationDirective in the schema). */
export type WantedAction = Pick<
  MitigationAction,
  "id" | "nodeId" | "actionType" | "slot" | "params" | "permanent" | "expiresAt"
>;

export interface RecordedCommand {
  argv: string[];
  exitCode: number | null;
  stderr: string;
}

export function recordEvent(
  tx: Tx,
  action: { id: string; workspaceId: string; incidentId: string | null },
  kind: string,
  extra: {
    commands?: RecordedCommand[];
    packets?: number | null;
    bytes?: number | null;
    message?: string | null;
  } = {},
) {
  return tx.mitigationEvent.create({
    data: {
      actionId: action.id,
      workspaceId: action.workspaceId,
      incidentId: action.incidentId,
      kind,
      commands: (extra.commands ?? []) as unknown as Prisma.InputJsonValue,
      packets: extra.packets ?? null,
      bytes: extra.bytes ?? null,
      message: extra.message ?? null,
    },
  });
}

import { appendAuditSql } from "../audit/audit-recorder.ts";
import type { CoreServices } from "../core-services.ts";
import { prepared, type SqlClient } from "../db/sql-client.ts";

/** Nodes of one workspace marked ONLINE (and audited) by one transaction at most. */
const MAX_PER_ENTRY = 1000;
/** How long the first node coming online waits for others to join its batch. */
const GATHER_MS = 25;

interface Waiting {
  workspaceId: string;
  waiters: { resolve: (changed: boolean) => void; reject: (error: unknown) => void }[];
}

/**
 * Marks nodes ONLINE in batches, one transaction and one audit entry per workspace per batch.
 * Each ONLINE transition used to be its own transaction holding the workspace's audit-chain
 * lock, so a fleet reconnecting after an API restart was admitted one node at a time (~160
 * nodes/s). Now a batch gathers what arrives while the previous one commits: 10,000 agents
 * reconnecting at once become ~10 transactions. One node alone still gets the entry it always
 * had (target: the node); several get one entry naming them all (target: the workspace).
 */
export class OnlineBatch {
  private waiting = new Map<string, Waiting>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly services: Pick<CoreServices, "database" | "logger">) {}

  /** Resolves once the node is stored ONLINE: true if it was not before (a transition). */
  admit(nodeId: string, workspaceId: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const entry = this.waiting.get(nodeId) ?? { workspaceId, waiters: [] };
      entry.waiters.push({ resolve, reject });
      this.waiting.set(nodeId, entry);
      this.schedule();
    });
  }

  /** Waits for every node admitted so far to be stored. */
  async drain(): Promise<void> {
    while (this.running || this.waiting.size > 0) {
      if (!this.running) this.run();
      await this.running?.catch(() => {});
    }
  }

  private schedule(): void {
    if (this.running || this.timer) return;
    this.timer = setTimeout(() => this.run(), GATHER_MS);
  }

  private run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting;
    this.waiting = new Map();
    this.running = this.flush(batch).finally(() => {
      this.running = null;
      if (this.waiting.size > 0) this.schedule();
    });
  }

  private async flush(batch: Map<string, Waiting>): Promise<void> {
    const byWorkspace = new Map<string, string[]>();
    for (const [nodeId, { workspaceId }] of batch)
      byWorkspace.set(workspaceId, [...(byWorkspace.get(workspaceId) ?? []), nodeId]);
    const chunks: [string, string[]][] = [];
    for (const [workspaceId, ids] of byWorkspace)
      for (let i = 0; i < ids.length; i += MAX_PER_ENTRY)
        chunks.push([workspaceId, ids.slice(i, i + MAX_PER_ENTRY)]);
    // Workspaces have chains (and locks) of their own: their transactions run side by side.
    await Promise.all(
      chunks.map(async ([workspaceId, ids]) => {
        try {
          // Plain SQL: Prisma's interactive transaction, and its query planning for an id list of
          // each new length, cost the API more CPU than the statements in a reconnect storm.
          const changed = await this.services.database.sql.transaction((sql) =>
            markOnline(sql, workspaceId, ids),
          );
          for (const id of ids) for (const w of batch.get(id)?.waiters ?? []) w.resolve(changed.has(id));
        } catch (error) {
          this.services.logger.error({ err: error, nodes: ids.length }, "marking nodes online failed");
          for (const id of ids) for (const w of batch.get(id)?.waiters ?? []) w.reject(error);
        }
      }),
    );
  }
}

// Locked in id order: batches of other processes that share nodes with this one lock them in
// the same order, so they wait for each other rather than deadlock. NO KEY UPDATE, the lock an
// UPDATE of these columns takes: FOR UPDATE would also block the foreign-key checks of every
// sample, baseline and incident inserted for these nodes meanwhile (and could deadlock with a
// multi-node sample INSERT of another process).
const MARK_ONLINE = prepared(
  `WITH before AS (
     SELECT id, name, status FROM node WHERE id = ANY($1::uuid[]) AND workspace_id = $2
      ORDER BY id FOR NO KEY UPDATE
   )
   UPDATE node n SET status = 'ONLINE', last_seen_at = $3, updated_at = $3
     FROM before b WHERE n.id = b.id
   RETURNING n.id, b.name, b.status::text AS before`,
);

/** Stores the nodes ONLINE and audits the transitions; returns the ids that were not ONLINE. */
async function markOnline(sql: SqlClient, workspaceId: string, ids: string[]): Promise<Set<string>> {
  // One batch runs at a time: a lock held elsewhere (a session left idle in a transaction) must
  // fail this batch (its agents send again), not stop every later admission of this process.
  await sql.query("SET LOCAL lock_timeout = '30s'");
  const rows = await sql.query<{ id: string; name: string; before: string }>(MARK_ONLINE, [
    ids,
    workspaceId,
    new Date().toISOString(),
  ]);
  const changed = rows.filter((n) => n.before !== "ONLINE");
  if (changed.length === 0) return new Set();
  const system = { type: "SYSTEM" as const, id: null, label: "levee" };
  const [only] = changed;
  if (changed.length === 1 && only) {
    await appendAuditSql(sql, system, null, {
      action: "node.agent-online",
      workspaceId,
      target: { type: "Node", id: only.id },
      summary: { before: { status: only.before }, after: { status: "ONLINE" }, via: "telemetry" },
    });
  } else {
    await appendAuditSql(sql, system, null, {
      action: "node.agent-online",
      workspaceId,
      target: { type: "Workspace", id: workspaceId },
      summary: {
        after: { status: "ONLINE" },
        via: "telemetry",
        count: changed.length,
        nodes: changed.map((n) => ({ id: n.id, name: n.name, before: n.before })),
      },
    });
  }
  return new Set(changed.map((n) => n.id));
}

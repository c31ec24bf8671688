// A flapping node's e-mails: at most STATUS_NODE_MAILS_PER_HOUR about one node in any hour. Past
// that, its incident events are kept as held mailings (never sent alone) and folded into one digest
// mailing once the hour allows another e-mail, or at once when an incident's resolution leaves the
// node calm (one such early digest beyond the cap in any hour). What was held and sent is in
// status_page_mailing (node_id, held_at, digest_id), decided under a per-node lock in one
// transaction with the insert, so it holds across API processes and restarts. A digest is about
// one node, like the events it folds, so it goes to the same people they would have: the node's
// followers and whole-page subscribers (its audience is its node: insertMailing), not to someone
// following only other nodes, whose e-mails about their own nodes it never held back.
import type { AppServices } from "../context.ts";
import { digestOf, type MailingContent } from "./subscriber-mail.ts";
import { enqueueMailing, insertMailing, pageTakesMail } from "./subscriber-mailing.ts";

export const NODE_DIGEST_JOB = "status-pages.node-digest";
/** The hour in STATUS_NODE_MAILS_PER_HOUR: a node's e-mails are counted over the last this long. */
export const NODE_MAIL_WINDOW_MS = 3_600_000;

/** Serialises the decisions about one node's e-mails (an incident event, its digest) in a transaction. */
const lockNode = (tx: AppServices["database"]["sql"], nodeId: string) =>
  tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 21))", [`status-page-node-mail:${nodeId}`]);

/**
 * E-mails about the node in the last NODE_MAIL_WINDOW_MS (sent or to send: incident mailings and
 * digests, not held rows), and when the oldest of them was made.
 */
async function mailsInWindow(tx: AppServices["database"]["sql"], workspaceId: string, nodeId: string) {
  const [row] = await tx.query<{ mails: number; oldest: Date | null; held: number }>(
    `SELECT count(*) FILTER (WHERE held_at IS NULL AND created_at > now() - $3::float8 * interval '1 millisecond')::int AS mails,
            min(created_at) FILTER (WHERE held_at IS NULL AND created_at > now() - $3::float8 * interval '1 millisecond') AS oldest,
            count(*) FILTER (WHERE held_at IS NOT NULL AND digest_id IS NULL)::int AS held
       FROM status_page_mailing WHERE workspace_id = $1 AND node_id = $2`,
    [workspaceId, nodeId, NODE_MAIL_WINDOW_MS],
  );
  return { mails: row?.mails ?? 0, oldest: row?.oldest ?? null, held: row?.held ?? 0 };
}

/**
 * An incident's opening or resolution on a listed node, mailed like queueMailing unless the node
 * flaps: with STATUS_NODE_MAILS_PER_HOUR e-mails about it in the last hour already, or events of it
 * already held, the event is held (a row that is never sent alone) and a digest is scheduled for
 * when the hour allows another e-mail (sendNodeDigest; the sweep catches up if that job is lost).
 * Decided under a per-node lock in one transaction with the insert, so a digest made at the same
 * moment (another process) is counted; the key keeps a replayed event from being counted twice.
 * A held resolution may send the digest early (sendNodeDigest's `early`): a replayed one tries again,
 * in case its process died before.
 */
export async function queueNodeMailing(
  services: AppServices,
  event: { workspaceId: string; nodeId: string; key: string; content: MailingContent },
): Promise<void> {
  if (!(await pageTakesMail(services, event.workspaceId))) return;
  const perHour = services.config.statusNodeMailsPerHour;
  const decided = await services.database.sql.transaction(async (tx) => {
    await lockNode(tx, event.nodeId);
    const [known] = await tx.query<{ id: string; finished_at: Date | null; held: boolean }>(
      "SELECT id, finished_at, held_at IS NOT NULL AS held FROM status_page_mailing WHERE key = $1",
      [event.key],
    );
    if (known) return { id: known.id, unsent: known.finished_at === null, held: known.held, dueAt: null };
    const window = await mailsInWindow(tx, event.workspaceId, event.nodeId);
    const hold = window.held > 0 || window.mails >= perHour;
    const row = await insertMailing(tx, { ...event, held: hold });
    const dueAt =
      hold && window.oldest
        ? new Date(window.oldest.getTime() + NODE_MAIL_WINDOW_MS)
        : hold
          ? new Date()
          : null;
    return row && { ...row, held: hold, dueAt };
  });
  if (!decided) return;
  if (decided.unsent) await enqueueMailing(services, decided.id);
  if (decided.dueAt) await enqueueNodeDigest(services, event.workspaceId, event.nodeId, decided.dueAt);
  if (decided.held && event.content.kind === "INCIDENT_RESOLVED")
    await sendNodeDigest(services, event.workspaceId, event.nodeId, { early: true });
}

function enqueueNodeDigest(services: AppServices, workspaceId: string, nodeId: string, dueAt: Date) {
  return services.jobs.enqueue(
    NODE_DIGEST_JOB,
    { workspaceId, nodeId },
    // One waiting digest job per node and due time; a later due time is a job of its own. A second
    // late: due by this clock, the database's may not be there yet (the job would find the hour
    // still full, and its own id, taken while it runs, could not schedule it again).
    {
      jobId: `${nodeId}-${dueAt.getTime()}`,
      delayMs: Math.max(0, dueAt.getTime() - Date.now()) + 1_000,
      attempts: 5,
    },
  );
}

/**
 * Folds the node's held incident events into one digest mailing (how many attacks started and ended
 * since the first, and whether the node is under attack now) and queues it, once the last hour has
 * fewer than STATUS_NODE_MAILS_PER_HOUR e-mails about the node; before that, schedules itself for
 * when it will. Nothing held: nothing to do (a digest already made, a job run twice, an early one).
 *
 * `early` (a held resolution): with no incident open on the node, the digest goes now, without
 * waiting for the hour, unless the hour already has one e-mail beyond the cap (so a node that flaps
 * with clean resolutions still gets at most STATUS_NODE_MAILS_PER_HOUR + 1 e-mails an hour: the
 * cap's hour otherwise mails a resolution's news up to an hour late). Not sent early, it waits for
 * the scheduled job, which then finds what it left; sent early, the job finds nothing held. Either
 * way the digest is a mailing like any other: it goes out after the page's earlier ones (seq).
 */
export async function sendNodeDigest(
  services: AppServices,
  workspaceId: string,
  nodeId: string,
  options: { early?: boolean } = {},
): Promise<void> {
  const perHour = services.config.statusNodeMailsPerHour;
  const underAttack =
    (await services.database.prisma.incident.count({ where: { nodeId, endedAt: null } })) > 0;
  if (options.early && underAttack) return;
  const decided = await services.database.sql.transaction(async (tx) => {
    await lockNode(tx, nodeId);
    const window = await mailsInWindow(tx, workspaceId, nodeId);
    if (window.held === 0) return undefined;
    if (options.early && window.mails > perHour) return undefined;
    if (!options.early && window.mails >= perHour && window.oldest)
      return { dueAt: new Date(window.oldest.getTime() + NODE_MAIL_WINDOW_MS) };
    const held = await tx.query<{ id: string; content: MailingContent; held_at: Date }>(
      `SELECT id, content, held_at FROM status_page_mailing
        WHERE workspace_id = $1 AND node_id = $2 AND held_at IS NOT NULL AND digest_id IS NULL
        ORDER BY seq`,
      [workspaceId, nodeId],
    );
    const first = held[0];
    const content =
      first &&
      digestOf(
        held.map((h) => h.content),
        first.held_at,
        underAttack,
        perHour,
      );
    if (!first || !content) return undefined;
    const digest = await insertMailing(tx, { workspaceId, nodeId, key: `digest:${first.id}`, content });
    if (!digest) return undefined;
    await tx.query(
      "UPDATE status_page_mailing SET digest_id = $1 WHERE id = ANY($2::uuid[]) AND digest_id IS NULL",
      [digest.id, held.map((h) => h.id)],
    );
    return { digest };
  });
  if (decided?.digest?.unsent) await enqueueMailing(services, decided.digest.id);
  if (decided?.dueAt) await enqueueNodeDigest(services, workspaceId, nodeId, decided.dueAt);
}

/** The sweep's catch-up: nodes with held events whose digest job was lost (the in-process queue dies with its process). */
export async function sendDueDigests(services: AppServices): Promise<void> {
  const flapping = await services.database.sql.query<{ workspace_id: string; node_id: string }>(
    `SELECT DISTINCT workspace_id, node_id FROM status_page_mailing
      WHERE held_at IS NOT NULL AND digest_id IS NULL AND node_id IS NOT NULL LIMIT 100`,
  );
  for (const row of flapping) await sendNodeDigest(services, row.workspace_id, row.node_id);
}

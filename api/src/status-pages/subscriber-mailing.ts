// Sending to a status page's subscribers, through the workspace's mail path (its own relay, its MSP
// parent's, or SMTP_URL: alerts/mail-server.ts) and always from a job, so detection and the
// mutations never wait on SMTP. An update (incident opened or resolved, maintenance notice) is one
// status_page_mailing row keyed by its event, so a retried or twice-handled event is one mailing;
// each subscriber's copy is claimed (a status_page_delivery row) before it is sent, so with several
// API processes each subscriber gets it once. A page's mailings go out in the order they were made,
// each tried for every subscriber before the next starts, while a copy that must be retried waits
// outside that order and is dropped if its subscriber gets a later one first (runPageMailings); a
// flapping node's incidents are held and folded into one digest by node-digest.ts.
import { canSendMail, mailRelayFor } from "../alerts/mail-server.ts";
import { sendOutbound } from "../alerts/outbound-sender.ts";
import { hashToken } from "../auth/credentials.ts";
import { tenantVoice } from "../branding/branding.service.ts";
import type { AppServices } from "../context.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import {
  confirmationMail,
  confirmLink,
  type MailingContent,
  pageUrlOf,
  type RenderedMail,
  subscriberLinks,
  updateMail,
} from "./subscriber-mail.ts";

/** Sealing context of a subscriber's unsubscribe token. */
export const unsubscribeContext = (subscriberId: string) => `status-unsubscribe:${subscriberId}`;

export const CONFIRMATION_MAIL_JOB = "status-pages.confirmation-mail";
export const MAILING_JOB = "status-pages.mailing";
/** Subscribers claimed and sent to per round of a mailing. */
export const MAILING_BATCH = 50;
/** The wait before a mailing's job runs again (doubling each time) when copies wait for a retry. */
const MAILING_BACKOFF_MS = 10_000;
/** Sends in flight at once within a round. */
const SEND_CONCURRENCY = 5;
/**
 * A mailing not sent within this long (the mail route down, its retries and the sweep's re-queues
 * failing all along) is finished unsent: "under attack since" hours late, or after its "resolved",
 * tells a subscriber nothing true; the page shows what is true now.
 */
export const MAILING_MAX_AGE_MS = 6 * 3_600_000;

/** Whether the workspace's subscribers can be mailed: a mail route, and the key that seals their tokens. */
export async function mailAvailableFor(services: AppServices, workspaceId: string): Promise<boolean> {
  return services.secrets.available && (await canSendMail(services, workspaceId));
}

/** The page's title and the base of its links (its own verified custom domain, else /s/<slug>). */
async function pageOf(services: AppServices, workspaceId: string) {
  const workspace = await services.database.prisma.workspace.findUnique({
    where: { id: workspaceId },
    select: {
      slug: true,
      statusPage: { select: { title: true, enabled: true, public: true, allowSubscriptions: true } },
      customDomains: {
        where: { status: "VERIFIED" },
        select: { host: true },
        orderBy: { createdAt: "asc" },
        take: 1,
      },
    },
  });
  if (!workspace?.statusPage) return undefined;
  const host = workspace.customDomains[0]?.host ?? null;
  const { title, enabled, public: isPublic, allowSubscriptions } = workspace.statusPage;
  return {
    title,
    url: pageUrlOf(services.config.alerts.webUrl, workspace.slug, host),
    /** Public and taking subscriptions: updates are sent (a confirmation is sent whatever it is now). */
    mailing: enabled && isPublic && allowSubscriptions,
  };
}

async function send(
  services: AppServices,
  workspaceId: string,
  to: string,
  mail: RenderedMail,
): Promise<{ ok: boolean; retryable: boolean; error?: string }> {
  const [relay, voice] = await Promise.all([
    mailRelayFor(services, workspaceId),
    tenantVoice(services, workspaceId),
  ]);
  return sendOutbound(
    { kind: "email", to: [to], ...mail, fromName: voice.productName, relay },
    services.config.alerts,
  );
}

// ---- Confirmation ------------------------------------------------------------------------------

interface ConfirmationMailJob {
  subscriberId: string;
  workspaceId: string;
  /** The confirmation token, sealed (context below): job data may sit in Redis. */
  sealedConfirm: string;
}

const confirmContext = (subscriberId: string) => `status-confirm:${subscriberId}`;

/** Queued by an API from before subscription requests were handled in a job of their own. */
export async function sendConfirmationMail(services: AppServices, job: ConfirmationMailJob): Promise<void> {
  const token = services.secrets.open(job.sealedConfirm, confirmContext(job.subscriberId));
  await mailConfirmation(services, job.workspaceId, job.subscriberId, token);
}

/**
 * Sends a pending subscriber the confirmation e-mail with its link; throws when the send may succeed
 * later (the job retries).
 */
export async function mailConfirmation(
  services: AppServices,
  workspaceId: string,
  subscriberId: string,
  token: string,
): Promise<void> {
  const subscriber = await services.database.prisma.statusPageSubscriber.findUnique({
    where: { id: subscriberId },
  });
  // Confirmed (its request, or its change), unsubscribed or replaced by a later request meanwhile:
  // nothing to send.
  if (!subscriber?.confirmTokenHash || hashToken(token) !== subscriber.confirmTokenHash) return;
  const page = await pageOf(services, workspaceId);
  if (!page) return;
  const requested = subscriber.requestedNodeIds;
  const names =
    requested.length === 0
      ? null
      : (
          await services.database.prisma.statusPageNode.findMany({
            where: { workspaceId, nodeId: { in: requested } },
            orderBy: { position: "asc" },
            select: { displayName: true },
          })
        ).map((n) => n.displayName);
  const unsubscribeToken = services.secrets.open(
    subscriber.unsubscribeTokenSealed,
    unsubscribeContext(subscriber.id),
  );
  const mail = confirmationMail(
    page.title,
    confirmLink(page.url, token),
    subscriberLinks(page.url, unsubscribeToken),
    { nodes: names && [...new Set(names)], change: subscriber.confirmedAt !== null },
  );
  const outcome = await send(services, workspaceId, subscriber.email, mail);
  if (!outcome.ok && outcome.retryable) throw new Error(`confirmation e-mail not sent: ${outcome.error}`);
  if (!outcome.ok)
    services.logger.warn({ subscriber: subscriber.id, error: outcome.error }, "confirmation e-mail refused");
}

// ---- Updates -----------------------------------------------------------------------------------

/** Whether updates of the page are mailed: public, taking subscriptions, a confirmed subscriber, a mail route. */
export async function pageTakesMail(services: AppServices, workspaceId: string): Promise<boolean> {
  const prisma = services.database.prisma;
  const page = await prisma.statusPage.findUnique({
    where: { workspaceId },
    select: { enabled: true, public: true, allowSubscriptions: true },
  });
  if (!page?.enabled || !page.public || !page.allowSubscriptions) return false;
  const anyone = await prisma.statusPageSubscriber.findFirst({
    where: { workspaceId, confirmedAt: { not: null } },
    select: { id: true },
  });
  return anyone !== null && (await mailAvailableFor(services, workspaceId));
}

/** Inserts the mailing of `key` unless there is one; either way its id and whether it is still to send. */
export async function insertMailing(
  sql: AppServices["database"]["sql"],
  row: {
    workspaceId: string;
    key: string;
    content: MailingContent;
    /** The node an incident or digest mailing is about (node-digest.ts counts them per node). */
    nodeId?: string;
    /** Whose subscribers get it (default `nodeId`); neither: every subscriber of the page. */
    audienceNodeId?: string;
    held?: boolean;
  },
): Promise<{ id: string; unsent: boolean } | undefined> {
  // A held row is finished at once: the sender and the sweep pass it by; its digest sends it.
  const [found] = await sql.query<{ id: string; finished_at: Date | null }>(
    `WITH inserted AS (
       INSERT INTO status_page_mailing (id, workspace_id, key, content, node_id, held_at, finished_at, audience_node_id)
       VALUES ($1, $2, $3, $4::jsonb, $5, CASE WHEN $6 THEN now() END, CASE WHEN $6 THEN now() END, $7)
       ON CONFLICT (key) DO NOTHING RETURNING id, finished_at)
     SELECT id, finished_at FROM inserted
     UNION ALL SELECT id, finished_at FROM status_page_mailing WHERE key = $3
     LIMIT 1`,
    [
      uuidv7(),
      row.workspaceId,
      row.key,
      JSON.stringify(row.content),
      row.nodeId ?? null,
      row.held === true,
      row.audienceNodeId ?? row.nodeId ?? null,
    ],
  );
  return found && { id: found.id, unsent: found.finished_at === null };
}

/**
 * Records an update for the page's confirmed subscribers and queues its sending; nothing when the
 * page is not public, takes no subscriptions, has no confirmed subscriber or cannot send mail. The
 * key makes it once per event: an event handled again finds its mailing and queues it again (a
 * no-op while its job waits or runs). `audienceNodeId`: about that node, so only its followers and
 * whole-page subscribers get it; without it, a page-wide update (a maintenance notice) that every
 * subscriber gets, whatever nodes they chose: maintenance is announced for the page, not for a
 * node, and one who follows a node must hear of work that may touch it.
 */
export async function queueMailing(
  services: AppServices,
  workspaceId: string,
  key: string,
  content: MailingContent,
  audienceNodeId?: string,
): Promise<void> {
  if (!(await pageTakesMail(services, workspaceId))) return;
  const row = await insertMailing(services.database.sql, {
    workspaceId,
    key,
    content,
    ...(audienceNodeId ? { audienceNodeId } : {}),
  });
  if (row?.unsent) await enqueueMailing(services, row.id);
}

/**
 * Finishes the mailing of `key` unsent if it has not finished: what it was about was withdrawn (an
 * operator's update deleted). Copies already being sent by a running pass still go; none is claimed
 * or retried after this (runMailing passes a finished mailing by, the page's order skips it, and a
 * pass under way claims its next batch only of a mailing not finished).
 */
export async function withdrawMailing(sql: AppServices["database"]["sql"], key: string): Promise<void> {
  await sql.query(
    `UPDATE status_page_mailing SET finished_at = now(), first_pass_at = COALESCE(first_pass_at, now())
      WHERE key = $1 AND finished_at IS NULL`,
    [key],
  );
}

/** The key of an operator's incident update's mailing (incident-update.service.ts). */
export const updateMailingKey = (updateId: string) => `update:${updateId}`;
/** Why a claimed copy of a deleted update's mailing was not sent. */
export const WITHDRAWN = "withdrawn: the update was deleted";

/**
 * What the mailing says at the moment it is sent. An operator's update is read again each time: one
 * deleted since it was queued is not sent (undefined) — its deletion may have come before the
 * mailing's row existed, so withdrawMailing found nothing to withdraw — and one edited since is
 * sent with its words as they are now. Everything else was fixed when it happened.
 */
async function contentNow(
  services: AppServices,
  mailing: { key: string; content: unknown },
): Promise<MailingContent | undefined> {
  const content = mailing.content as MailingContent;
  if (content.kind !== "INCIDENT_UPDATE" || !mailing.key.startsWith(updateMailingKey(""))) return content;
  const update = await services.database.prisma.incidentPublicUpdate.findUnique({
    where: { id: mailing.key.slice(updateMailingKey("").length) },
    select: { status: true, message: true },
  });
  return update ? { ...content, status: update.status, message: update.message } : undefined;
}

export function enqueueMailing(services: AppServices, mailingId: string, delayMs?: number) {
  return services.jobs.enqueue(
    MAILING_JOB,
    { mailingId },
    {
      jobId: mailingId,
      attempts: 5,
      backoffMs: MAILING_BACKOFF_MS,
      ...(delayMs === undefined ? {} : { delayMs }),
    },
  );
}

/** A copy's error when it is dropped unsent: the subscriber already has a later update of the page. */
export const SUPERSEDED = "superseded by a later update";

interface Sending {
  services: AppServices;
  mailing: { id: string; workspaceId: string; key: string; content: unknown; audienceNodeId: string | null };
  page: { title: string; url: string };
}

/**
 * A mailing's sending, in two kinds of pass. Its first pass claims every confirmed subscriber not
 * claimed yet, MAILING_BATCH at a time, and tries each copy once: sent, refused (the claim keeps the
 * error) or failed with an answer that may change (SMTP 4xx, no connection: the claim keeps
 * `retry_since`, and the copy waits for a retry); then `first_pass_at` is set, which lets the page's
 * next mailing start (runPageMailings). A retry pass (`retry`, once the first pass was done by an
 * earlier run: the job's backoff is the wait between tries) tries the waiting copies again;
 * `between` runs before each of its batches (the page's newer first passes go first). Once no copy
 * waits, the mailing is finished. A subscriber confirmed after the update was made does not get it
 * (it was news before they subscribed), nor one who chose other nodes than the mailing's audience
 * (its choice as it is when the copy is claimed).
 */
export async function runMailing(
  services: AppServices,
  mailingId: string,
  options: { retry?: boolean; between?: () => Promise<void> } = {},
): Promise<void> {
  const prisma = services.database.prisma;
  const mailing = await prisma.statusPageMailing.findUnique({ where: { id: mailingId } });
  if (!mailing || mailing.finishedAt) return;
  const page = await pageOf(services, mailing.workspaceId);
  if (!page) return;
  // Unpublished, made private or closed to subscriptions since, or too old to be news: not sent.
  const stale = Date.now() - mailing.createdAt.getTime() > MAILING_MAX_AGE_MS;
  if (stale) services.logger.warn({ mailing: mailingId }, "status page mailing too old: finished unsent");
  // What it was about deleted since it was queued: nothing of it is sent (sendCopies checks again
  // before each batch, as a deletion may come mid-pass).
  const withdrawn = (await contentNow(services, mailing)) === undefined;
  if (!page.mailing || stale || withdrawn) {
    await prisma.statusPageDelivery.updateMany({
      where: { mailingId, retrySince: { not: null } },
      data: {
        retrySince: null,
        error: stale ? "not sent in time: no longer news" : withdrawn ? WITHDRAWN : "page closed to mail",
      },
    });
    const now = new Date();
    await prisma.statusPageMailing.update({
      where: { id: mailingId },
      data: { finishedAt: now, firstPassAt: mailing.firstPassAt ?? now },
    });
    return;
  }
  const sending: Sending = { services, mailing, page };
  if (!mailing.firstPassAt) await firstPass(sending, mailing.createdAt);
  else if (options.retry) await retryPass(sending, options.between);
  // Finished once its first pass is done and no copy waits for a retry.
  await services.database.sql.query(
    `UPDATE status_page_mailing SET finished_at = now()
      WHERE id = $1 AND finished_at IS NULL AND first_pass_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM status_page_delivery WHERE mailing_id = $1 AND retry_since IS NOT NULL)`,
    [mailingId],
  );
}

async function firstPass(sending: Sending, madeAt: Date): Promise<void> {
  const { services, mailing } = sending;
  for (;;) {
    const claimed = await services.database.sql.query<{ subscriber_id: string }>(
      `INSERT INTO status_page_delivery (mailing_id, subscriber_id)
       SELECT $1, s.id FROM status_page_subscriber s
        WHERE s.workspace_id = $2 AND s.confirmed_at IS NOT NULL AND s.confirmed_at <= $3
          AND NOT EXISTS (SELECT 1 FROM status_page_delivery d WHERE d.mailing_id = $1 AND d.subscriber_id = s.id)
          AND EXISTS (SELECT 1 FROM status_page_mailing m WHERE m.id = $1 AND m.finished_at IS NULL)
          AND ($5::uuid IS NULL OR NOT s.chosen_nodes
               OR EXISTS (SELECT 1 FROM status_page_subscriber_node sn
                           WHERE sn.subscriber_id = s.id AND sn.node_id = $5::uuid))
        ORDER BY s.id LIMIT $4
       ON CONFLICT DO NOTHING RETURNING subscriber_id`,
      [mailing.id, mailing.workspaceId, madeAt, MAILING_BATCH, mailing.audienceNodeId],
    );
    if (claimed.length === 0) break;
    // A copy that failed keeps its claim (retry_since), so the next round claims others.
    await sendCopies(
      sending,
      claimed.map((c) => c.subscriber_id),
    );
  }
  await services.database.prisma.statusPageMailing.updateMany({
    where: { id: mailing.id, firstPassAt: null },
    data: { firstPassAt: new Date() },
  });
}

async function retryPass(sending: Sending, between?: () => Promise<void>): Promise<void> {
  const { services, mailing } = sending;
  // By subscriber id from where the last batch ended, so a copy that fails again waits for the
  // next pass instead of being claimed again at once.
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    await between?.();
    const claimed = await services.database.sql.query<{ subscriber_id: string }>(
      `UPDATE status_page_delivery SET retry_since = NULL, error = NULL, claimed_at = now()
        WHERE mailing_id = $1 AND retry_since IS NOT NULL
          AND EXISTS (SELECT 1 FROM status_page_mailing m WHERE m.id = $1 AND m.finished_at IS NULL)
          AND subscriber_id IN (
          SELECT subscriber_id FROM status_page_delivery
           WHERE mailing_id = $1 AND retry_since IS NOT NULL AND subscriber_id > $2
           ORDER BY subscriber_id LIMIT $3)
       RETURNING subscriber_id`,
      [mailing.id, after, MAILING_BATCH],
    );
    if (claimed.length === 0) return;
    const ids = claimed.map((c) => c.subscriber_id).sort();
    after = ids.at(-1) ?? after;
    await sendCopies(sending, ids);
  }
}

/**
 * Sends the claimed copies, SEND_CONCURRENCY at a time, and records how each went. A copy for a
 * subscriber who already has a later mailing about the same node (sent, or claimed: being sent or
 * waiting for its own retry; not one refused for good) is dropped unsent, so nobody gets an old
 * "under attack" after its "resolved"; the later e-mail tells what is true now. News about another
 * node, or a maintenance notice (no node), supersedes nothing: it was never outdated.
 */
async function sendCopies(sending: Sending, subscriberIds: string[]): Promise<void> {
  const { services, mailing, page } = sending;
  const prisma = services.database.prisma;
  // Read at send time, for each batch: an update deleted meanwhile is withdrawn here and these
  // copies are dropped unsent; one edited meanwhile goes out as it reads now.
  const content = await contentNow(services, mailing);
  if (!content) {
    await withdrawMailing(services.database.sql, mailing.key);
    await prisma.statusPageDelivery.updateMany({
      where: { mailingId: mailing.id, subscriberId: { in: subscriberIds } },
      data: { retrySince: null, error: WITHDRAWN },
    });
    return;
  }
  const superseded = await services.database.sql.query<{ subscriber_id: string }>(
    `UPDATE status_page_delivery d SET error = $3
      WHERE d.mailing_id = $1 AND d.subscriber_id = ANY($2::uuid[])
        AND EXISTS (SELECT 1 FROM status_page_delivery l JOIN status_page_mailing m ON m.id = l.mailing_id
                      JOIN status_page_mailing this ON this.id = $1
                     WHERE l.subscriber_id = d.subscriber_id AND l.error IS NULL
                       AND m.node_id = this.node_id AND m.seq > this.seq)
     RETURNING d.subscriber_id`,
    [mailing.id, subscriberIds, SUPERSEDED],
  );
  const dropped = new Set(superseded.map((s) => s.subscriber_id));
  const subscribers = await prisma.statusPageSubscriber.findMany({
    where: { id: { in: subscriberIds.filter((id) => !dropped.has(id)) } },
    select: { id: true, email: true, unsubscribeTokenSealed: true },
  });
  const queue = [...subscribers];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const token = services.secrets.open(s.unsubscribeTokenSealed, unsubscribeContext(s.id));
      const mail = updateMail(page.title, content, subscriberLinks(page.url, token));
      const outcome = await send(services, mailing.workspaceId, s.email, mail);
      if (outcome.ok) continue;
      await prisma.statusPageDelivery.updateMany({
        where: { mailingId: mailing.id, subscriberId: s.id },
        data: {
          error: (outcome.error ?? "refused").slice(0, 500),
          ...(outcome.retryable && { retrySince: new Date() }),
        },
      });
    }
  };
  await Promise.all(Array.from({ length: SEND_CONCURRENCY }, worker));
}

/**
 * Sends the page's mailings in the order they were made, while no other run sends the page's
 * mailings, in this process or another; and retries this mailing's copies that wait for it.
 *
 * What the order is: each mailing's first pass (every confirmed subscriber claimed and tried once)
 * starts only after the previous mailing's first pass is done, so a short incident's "resolved"
 * never goes out before its "under attack" was tried for everyone. A copy that must be retried
 * (a greylisting server's 4xx on a first delivery is common) does not hold that order: it waits
 * with its claim (`retry_since`) and is retried by its mailing's own job, after the job's backoff,
 * while the page's later mailings go ahead. What keeps each subscriber's e-mails in event order is
 * then the rule in sendCopies: a copy for someone who already has a later mailing is dropped. A
 * retry waiting for the order would make one greylisting subscriber delay everyone's next e-mails by
 * the retry time (up to MAILING_MAX_AGE_MS); dropping its old copy costs that one subscriber an
 * update the newer one makes out of date.
 *
 * Why retries run under the page's lock too: a copy's retry and a later mailing's first pass are
 * then never under way at once, so "has a later mailing" is decided with nothing in flight (two
 * processes could otherwise each see no later copy and send both, in either order); a retry is one
 * try per copy (the wait between tries is the job's backoff, with the lock let go), and the page's
 * newer first passes go before each of its batches, so it holds the page back by one batch's sends
 * at most.
 *
 * Why a per-page lock taken without waiting, rather than each job waiting for the mailings before
 * its own: the lock is PostgreSQL's (an advisory lock of a transaction on the lock pool), so it is
 * let go when its holder ends or its process dies, with no lease to time out or renew, and a
 * restarted process finds the page free; the order is in the rows (`seq`, `first_pass_at`), not in
 * the jobs, so a lost or retried job cannot reorder anything; and a job that finds the page taken
 * ends at once instead of holding a job slot and a connection: the holder makes every first pass
 * left on the page before letting go, then looks again after letting go (a mailing made meanwhile
 * whose job found the page taken is then its to send). A job whose own copies wait for a retry
 * throws after letting go (or on finding the page taken), so the queue runs it again after its
 * backoff; copies of another mailing whose first pass this run made get that mailing's job queued,
 * delayed by the backoff. A process dying mid-pass leaves the mailing unfinished: the sweep queues
 * it again and the next holder goes on from the claims (a copy claimed but not answered is lost:
 * at most once, never twice).
 */
export async function runPageMailings(services: AppServices, mailingId: string): Promise<void> {
  const prisma = services.database.prisma;
  const mailing = await prisma.statusPageMailing.findUnique({
    where: { id: mailingId },
    select: { workspaceId: true, finishedAt: true, firstPassAt: true },
  });
  if (!mailing || mailing.finishedAt) return;
  const { workspaceId } = mailing;
  /** First passes run by this job, once each: one still not done after its run (its page gone meanwhile) is not run again. */
  const done = new Set<string>();
  // Its copies waiting now failed in an earlier run: this one is their retry.
  let retry = mailing.firstPassAt !== null;
  const firstPasses = () => firstPassesInOrder(services, workspaceId, done);
  for (;;) {
    const held = await services.database.tryExclusive(`status-page-mailings:${workspaceId}`, async () => {
      await firstPasses();
      if (retry) await runMailing(services, mailingId, { retry, between: firstPasses });
      retry = false;
    });
    if (!held.ran) break;
    const left = await prisma.statusPageMailing.findFirst({
      where: { workspaceId, finishedAt: null, firstPassAt: null, id: { notIn: [...done] } },
      select: { id: true },
    });
    if (!left) break;
  }
  const unfinished = await prisma.statusPageMailing.findMany({
    where: { id: { in: [mailingId, ...done] }, finishedAt: null, firstPassAt: { not: null } },
    select: { id: true },
  });
  for (const { id } of unfinished)
    if (id !== mailingId) await enqueueMailing(services, id, MAILING_BACKOFF_MS);
  if (unfinished.some((m) => m.id === mailingId))
    throw new Error(`status page mailing ${mailingId}: copies wait for a retry`);
}

/** The page's first passes not done yet, oldest mailing first, each once. */
async function firstPassesInOrder(services: AppServices, workspaceId: string, done: Set<string>) {
  for (;;) {
    const next = await services.database.prisma.statusPageMailing.findFirst({
      where: { workspaceId, finishedAt: null, firstPassAt: null },
      orderBy: { seq: "asc" },
      select: { id: true },
    });
    // Still not done after its run (its page gone meanwhile): nothing more to send in order.
    if (!next || done.has(next.id)) return;
    done.add(next.id);
    await runMailing(services, next.id);
  }
}

/**
 * What a periodic sweep catches up on: mailings whose job was lost or ran out of attempts (queued
 * again), pending subscriptions past their expiry (forgotten), finished mailings older than 30 days
 * (deleted with their deliveries).
 */
export async function sweepSubscriptions(services: AppServices, now = new Date()): Promise<void> {
  const prisma = services.database.prisma;
  const stuck = await prisma.statusPageMailing.findMany({
    where: { finishedAt: null, createdAt: { lt: new Date(now.getTime() - 60_000) } },
    select: { id: true },
    take: 100,
  });
  for (const { id } of stuck) await enqueueMailing(services, id);
  await prisma.statusPageSubscriber.deleteMany({
    where: { confirmedAt: null, confirmExpiresAt: { lt: now } },
  });
  // A confirmed subscriber's change never confirmed: its link is void, the subscription as it was.
  await prisma.statusPageSubscriber.updateMany({
    where: { confirmedAt: { not: null }, confirmExpiresAt: { lt: now } },
    data: { confirmTokenHash: null, confirmExpiresAt: null, requestedNodeIds: [] },
  });
  await prisma.statusPageMailing.deleteMany({
    where: { finishedAt: { lt: new Date(now.getTime() - 30 * 86_400_000) } },
  });
}

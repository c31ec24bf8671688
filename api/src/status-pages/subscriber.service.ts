// E-mail subscriptions to a public status page. Public side (anyone, no session): subscribe (double
// opt-in: a confirmation e-mail with a link), confirm, unsubscribe; a subscription follows the whole
// page or some of its nodes (subscriber-nodes.ts), and a new choice is confirmed like a new
// subscription (by the address's owner: anyone may ask). Dashboard side: the list of
// addresses and their removal, workspace:update like the page's other settings (addresses are
// personal data: workspace:read sees only their count). Tokens are 256-bit random, kept as sha256.
import { randomBytes } from "node:crypto";
import { mailRouteOf } from "../alerts/mail-server.ts";
import { hashToken } from "../auth/credentials.ts";
import { admit } from "../auth/rate-limiter.ts";
import type { AppServices, GraphQLContext } from "../context.ts";
import { uuidv7 } from "../db/uuidv7.ts";
import { ForbiddenError, NotFoundError, UnavailableError, ValidationError } from "../errors.ts";
import { mayView } from "./page-access.ts";
import { CONFIRM_TTL_MS } from "./subscriber-mail.ts";
import { mailAvailableFor, mailConfirmation, unsubscribeContext } from "./subscriber-mailing.ts";
import { chosenNodeIds, sameChoice } from "./subscriber-nodes.ts";

const MAX_EMAIL = 254;
/** A pending address is sent a new confirmation e-mail no sooner than this after the last. */
export const RESEND_AFTER_MS = 5 * 60_000;
// One @, something before it, a dotted domain after it, no spaces or angle brackets: what a mail
// relay accepts as a recipient without our having to parse RFC 5322 in full.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;

/** The address as stored (trimmed, lower-cased), or a field error that says what is wrong. */
export function normaliseEmail(input: string, path = "input.email"): string {
  const email = input.trim().toLowerCase();
  if (email.length === 0) throw ValidationError.field(path, "must not be empty");
  if (email.length > MAX_EMAIL) throw ValidationError.field(path, `must be at most ${MAX_EMAIL} characters`);
  if (!EMAIL.test(email)) throw ValidationError.field(path, "is not an e-mail address (name@example.com)");
  return email;
}

export function newSubscriberToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export const SUBSCRIBE_REQUEST_JOB = "status-pages.subscribe-request";

/** A subscription request's address and confirmation token, sealed: job data may sit in Redis. */
export interface SubscribeRequestJob {
  workspaceId: string;
  requestId: string;
  sealedEmail: string;
  sealedConfirm: string;
  /** The nodes asked for ([] or absent, as from an API older than the choice: the whole page). */
  nodeIds?: string[];
}

const requestContext = (requestId: string, what: "email" | "confirm") =>
  `status-subscribe-${what}:${requestId}`;

/**
 * Subscribes an address to the page of `slug`. The answer is the same whether it was new, pending
 * or already confirmed, and so is everything done before it: the checks of the page and of the
 * requester, then one job queued with the sealed address (handleSubscribeRequest). Only that job
 * reads or writes the address's row: done here, the answer came after one read for a confirmed or
 * just-asked address and after a write and a queueing for a new one, so its time said which.
 */
export async function subscribe(
  ctx: GraphQLContext,
  input: { slug: string; email: string; access?: string | null; nodes?: readonly string[] | null },
): Promise<void> {
  const email = normaliseEmail(input.email);
  if (ctx.request.ip) await admit(ctx.rateLimits.subscribesPerAddress, ctx.request.ip);
  await admit(ctx.rateLimits.subscribesPerPage, input.slug);
  const workspace = await ctx.db.workspace.findUnique({
    where: { slug: input.slug },
    select: {
      id: true,
      statusPage: {
        select: {
          workspaceId: true,
          enabled: true,
          public: true,
          allowSubscriptions: true,
          accessPasswordHash: true,
          nodes: { orderBy: { position: "asc" }, select: { nodeId: true, displayName: true } },
        },
      },
    },
  });
  const page = workspace?.statusPage;
  // A private or disabled page answers like an unknown one, and so does a password-protected page to
  // a visitor who has not entered its password.
  if (!workspace || !page?.enabled || !page.public || !mayView(ctx.secrets, page, input.access))
    throw new NotFoundError("StatusPage");
  if (!page.allowSubscriptions)
    throw new ForbiddenError("This status page does not take e-mail subscriptions");
  // Checked against what the page shows, after the checks that keep a hidden page hidden.
  const nodeIds = chosenNodeIds(page.nodes, input.nodes);
  if (!(await mailAvailableFor(ctx, workspace.id)))
    throw new UnavailableError("E-mail updates are not available for this status page right now");
  if ((await mailRouteOf(ctx, workspace.id)) === "PLATFORM")
    await admit(ctx.rateLimits.subscribesViaPlatform, "all");
  const requestId = randomBytes(16).toString("hex");
  await ctx.jobs.enqueue<SubscribeRequestJob>(
    SUBSCRIBE_REQUEST_JOB,
    {
      workspaceId: workspace.id,
      requestId,
      sealedEmail: ctx.secrets.seal(email, requestContext(requestId, "email")),
      sealedConfirm: ctx.secrets.seal(newSubscriberToken().token, requestContext(requestId, "confirm")),
      nodeIds,
    },
    // No jobId: each request its own (a later request's token is the one that works).
    { attempts: 5, backoffMs: 5_000 },
  );
}

/**
 * What a subscription request does with its address, after the requester has had the answer: a
 * confirmed address asking for what it follows already is left alone; a pending one is sent a new
 * link at most once per RESEND_AFTER_MS, whoever asks; a new one is stored pending; either is sent
 * the confirmation e-mail. A confirmed address asking for other nodes (or the whole page) is a
 * change, confirmed the same way and under the same limits: its link applies the new choice, and
 * until it is opened the subscription goes on as it was (anyone may ask for any address, so a
 * request alone changes nothing the address's owner chose). The choice a link applies is stored
 * with its token, and one sent within RESEND_AFTER_MS is not replaced: a later request then
 * changes nothing, so a link says what it applies. A retry of the same request (its send failed)
 * finds its own token stored and sends again.
 */
export async function handleSubscribeRequest(services: AppServices, job: SubscribeRequestJob): Promise<void> {
  const { prisma } = services.database;
  const email = services.secrets.open(job.sealedEmail, requestContext(job.requestId, "email"));
  const token = services.secrets.open(job.sealedConfirm, requestContext(job.requestId, "confirm"));
  const hash = hashToken(token);
  const requested = job.nodeIds ?? [];
  const existing = await prisma.statusPageSubscriber.findUnique({
    where: { workspaceId_email: { workspaceId: job.workspaceId, email } },
    include: { nodes: { select: { nodeId: true } } },
  });
  if (existing?.confirmedAt) {
    const current = { chosenNodes: existing.chosenNodes, nodeIds: existing.nodes.map((n) => n.nodeId) };
    if (sameChoice(current, requested)) return;
  }
  if (existing?.confirmTokenHash === hash)
    return mailConfirmation(services, job.workspaceId, existing.id, token);
  // A pending address is sent one confirmation per RESEND_AFTER_MS at most, whoever asks: the
  // limits of subscribe() are per requester and per page, this one spares the address's owner.
  const askedAt = existing?.confirmExpiresAt ? existing.confirmExpiresAt.getTime() - CONFIRM_TTL_MS : null;
  if (askedAt !== null && Date.now() - askedAt < RESEND_AFTER_MS) return;
  // And CONFIRMATIONS_PER_RECIPIENT an hour across every page: each page's pending row spares the
  // address only on that page, and a deployment hosts many pages. Over it nothing is stored or
  // sent (the key is a digest: no address in Redis).
  if (!(await services.rateLimits.confirmationsPerRecipient.hit(hashToken(email))).allowed) return;
  const expiresAt = new Date(Date.now() + CONFIRM_TTL_MS);
  let subscriberId: string;
  if (existing) {
    await prisma.statusPageSubscriber.update({
      where: { id: existing.id },
      data: { confirmTokenHash: hash, confirmExpiresAt: expiresAt, requestedNodeIds: requested },
    });
    subscriberId = existing.id;
  } else {
    const unsubscribe = newSubscriberToken();
    const id = uuidv7();
    // Two requests for one new address at once (two processes): the second stores and sends
    // nothing (the unique index refuses its row; the first's e-mail is on its way).
    const created = await prisma.statusPageSubscriber
      .create({
        data: {
          id,
          workspaceId: job.workspaceId,
          email,
          confirmTokenHash: hash,
          confirmExpiresAt: expiresAt,
          requestedNodeIds: requested,
          unsubscribeTokenHash: unsubscribe.hash,
          unsubscribeTokenSealed: services.secrets.seal(unsubscribe.token, unsubscribeContext(id)),
        },
      })
      .catch((error: { code?: string }) => {
        if (error.code === "P2002") return undefined;
        throw error;
      });
    if (!created) return;
    subscriberId = created.id;
  }
  await mailConfirmation(services, job.workspaceId, subscriberId, token);
}

/**
 * Confirms a pending subscription, or a confirmed one's new choice of nodes: the link applies the
 * choice stored with its token (nodes deleted since are left out; every one of them deleted leaves
 * a subscription to nodes with none, as a deletion after the confirmation would). A used, expired
 * or unknown link is one field error.
 */
export async function confirmSubscription(ctx: GraphQLContext, token: string): Promise<{ slug: string }> {
  const hash = hashToken(token.trim());
  const invalid = () =>
    ValidationError.field("input.token", "This confirmation link is invalid or has expired: subscribe again");
  const found = await ctx.db.statusPageSubscriber.findUnique({
    where: { confirmTokenHash: hash },
    select: { id: true, confirmExpiresAt: true, page: { select: { workspace: { select: { slug: true } } } } },
  });
  if (!found || !found.confirmExpiresAt || found.confirmExpiresAt <= new Date()) throw invalid();
  // One transaction, on the token still being the row's: a later request replacing it meanwhile
  // voids this link (its own e-mail says what it applies).
  const applied = await ctx.database.sql.transaction(async (tx) => {
    const [row] = await tx.query<{ requested_node_ids: string[]; workspace_id: string }>(
      `UPDATE status_page_subscriber
          SET confirmed_at = COALESCE(confirmed_at, now()), confirm_token_hash = NULL, confirm_expires_at = NULL,
              chosen_nodes = cardinality(requested_node_ids) > 0
        WHERE id = $1 AND confirm_token_hash = $2
       RETURNING requested_node_ids, workspace_id`,
      [found.id, hash],
    );
    if (!row) return false;
    await tx.query("DELETE FROM status_page_subscriber_node WHERE subscriber_id = $1", [found.id]);
    await tx.query(
      `INSERT INTO status_page_subscriber_node (subscriber_id, node_id)
       SELECT $1, n.id FROM node n WHERE n.id = ANY($2::uuid[]) AND n.workspace_id = $3`,
      [found.id, row.requested_node_ids, row.workspace_id],
    );
    await tx.query("UPDATE status_page_subscriber SET requested_node_ids = '{}' WHERE id = $1", [found.id]);
    return true;
  });
  if (!applied) throw invalid();
  return { slug: found.page.workspace.slug };
}

/**
 * Forgets the address of the token (its row is deleted with its deliveries). An unknown token
 * (already unsubscribed, removed by the owner) answers the same: a mail client's one-click POST may
 * come twice.
 */
export async function unsubscribe(ctx: GraphQLContext, token: string): Promise<void> {
  await ctx.db.statusPageSubscriber.deleteMany({ where: { unsubscribeTokenHash: hashToken(token.trim()) } });
}

// ---- Dashboard ---------------------------------------------------------------------------------

export interface SubscriberView {
  id: string;
  email: string;
  confirmed: boolean;
  createdAt: Date;
  confirmedAt: Date | null;
  /** false: only the mailings about `nodes` (and the page-wide ones). A pending one: what its link asks for. */
  wholePage: boolean;
  /** The page's names of its chosen nodes the page shows now, in the page's order. */
  nodes: string[];
}

export interface SubscriberPage {
  nodes: SubscriberView[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export const MAX_SUBSCRIBERS_PAGE = 100;

/** The page's subscribers, oldest first, `first` at a time after the cursor. */
export async function listSubscribers(
  ctx: GraphQLContext,
  workspaceId: string,
  args: { first?: number | null; after?: string | null },
): Promise<SubscriberPage> {
  await ctx.access.require(workspaceId, "workspace:update");
  const first = args.first ?? 50;
  if (first < 1 || first > MAX_SUBSCRIBERS_PAGE)
    throw ValidationError.field("first", `must be between 1 and ${MAX_SUBSCRIBERS_PAGE}`);
  // The cursor is every connection's (http/cursor-arguments.ts checks its form before this runs).
  const after = args.after ? Buffer.from(args.after, "base64").toString().slice("GPC:S:".length) : null;
  const rows = await ctx.db.statusPageSubscriber.findMany({
    where: { workspaceId, ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take: first + 1,
    select: {
      id: true,
      email: true,
      createdAt: true,
      confirmedAt: true,
      chosenNodes: true,
      requestedNodeIds: true,
    },
  });
  const shown = rows.slice(0, first);
  // A confirmed subscriber's chosen nodes; a pending one's, those its link asks for.
  const chosen = await ctx.database.sql.query<{ subscriber_id: string; display_name: string }>(
    `SELECT sn.subscriber_id, p.display_name, p.position FROM status_page_subscriber_node sn
       JOIN status_page_node p ON p.node_id = sn.node_id AND p.workspace_id = $1
      WHERE sn.subscriber_id = ANY($2::uuid[])
     UNION ALL
     SELECT s.id, p.display_name, p.position FROM status_page_subscriber s
       JOIN status_page_node p ON p.node_id = ANY(s.requested_node_ids) AND p.workspace_id = $1
      WHERE s.id = ANY($3::uuid[])
      ORDER BY position`,
    [
      workspaceId,
      shown.filter((r) => r.confirmedAt && r.chosenNodes).map((r) => r.id),
      shown.filter((r) => !r.confirmedAt).map((r) => r.id),
    ],
  );
  const nodes = shown.map(({ chosenNodes, requestedNodeIds, ...r }) => ({
    ...r,
    confirmed: r.confirmedAt !== null,
    wholePage: r.confirmedAt ? !chosenNodes : requestedNodeIds.length === 0,
    // A name the page shows for two nodes, once.
    nodes: [...new Set(chosen.filter((c) => c.subscriber_id === r.id).map((c) => c.display_name))],
  }));
  const last = nodes.at(-1)?.id;
  return {
    nodes,
    endCursor: last ? Buffer.from(`GPC:S:${last}`).toString("base64") : null,
    hasNextPage: rows.length > first,
  };
}

export async function confirmedSubscriberCount(ctx: GraphQLContext, workspaceId: string): Promise<number> {
  return ctx.db.statusPageSubscriber.count({ where: { workspaceId, confirmedAt: { not: null } } });
}

/**
 * Removes one subscriber, audited by its id only. Not even a digest of the address: an address is a
 * guessable low-entropy string, so its sha256 in the log (which READONLY members read, audit:read)
 * would let them test a guess at an address that only workspace:update may see.
 */
export async function removeSubscriber(ctx: GraphQLContext, subscriberId: string): Promise<string> {
  const found = await ctx.db.statusPageSubscriber.findUnique({ where: { id: subscriberId } });
  if (!found) throw new NotFoundError("StatusPageSubscriber");
  await ctx.access.require(found.workspaceId, "workspace:update", "StatusPageSubscriber");
  await ctx.mutate(async (tx, audit) => {
    await tx.statusPageSubscriber.deleteMany({ where: { id: subscriberId } });
    await audit({
      action: "status-page.subscriber.remove",
      workspaceId: found.workspaceId,
      target: { type: "StatusPageSubscriber", id: subscriberId },
      summary: { confirmed: found.confirmedAt !== null },
    });
  });
  return found.workspaceId;
}

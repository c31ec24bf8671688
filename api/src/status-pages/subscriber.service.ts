// E-mail subscriptions to a public status page. Public side (anyone, no session): subscribe (double
// opt-in: a confirmation e-mail with a link), confirm, unsubscribe. Dashboard side: the list of
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
  input: { slug: string; email: string; access?: string | null },
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
    },
    // No jobId: each request its own (a later request's token is the one that works).
    { attempts: 5, backoffMs: 5_000 },
  );
}

/**
 * What a subscription request does with its address, after the requester has had the answer: a
 * confirmed address is left alone; a pending one is sent a new link at most once per
 * RESEND_AFTER_MS, whoever asks; a new one is stored pending; either is sent the confirmation
 * e-mail. A retry of the same request (its send failed) finds its own token stored and sends again.
 */
export async function handleSubscribeRequest(services: AppServices, job: SubscribeRequestJob): Promise<void> {
  const { prisma } = services.database;
  const email = services.secrets.open(job.sealedEmail, requestContext(job.requestId, "email"));
  const token = services.secrets.open(job.sealedConfirm, requestContext(job.requestId, "confirm"));
  const hash = hashToken(token);
  const existing = await prisma.statusPageSubscriber.findUnique({
    where: { workspaceId_email: { workspaceId: job.workspaceId, email } },
  });
  if (existing?.confirmedAt) return;
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
      data: { confirmTokenHash: hash, confirmExpiresAt: expiresAt },
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

/** Confirms a pending subscription; a used, expired or unknown link is one field error. */
export async function confirmSubscription(ctx: GraphQLContext, token: string): Promise<{ slug: string }> {
  const found = await ctx.db.statusPageSubscriber.findUnique({
    where: { confirmTokenHash: hashToken(token.trim()) },
    select: { id: true, confirmExpiresAt: true, page: { select: { workspace: { select: { slug: true } } } } },
  });
  if (!found || !found.confirmExpiresAt || found.confirmExpiresAt <= new Date())
    throw ValidationError.field(
      "input.token",
      "This confirmation link is invalid or has expired: subscribe again",
    );
  await ctx.db.statusPageSubscriber.update({
    where: { id: found.id },
    data: { confirmedAt: new Date(), confirmTokenHash: null, confirmExpiresAt: null },
  });
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
    select: { id: true, email: true, createdAt: true, confirmedAt: true },
  });
  const nodes = rows.slice(0, first).map((r) => ({ ...r, confirmed: r.confirmedAt !== null }));
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

// Dashboard side of status pages: read and change a workspace's page (workspace:read to see the
// settings, workspace:update to change them), each change audited. The public side is
// status-page.store.ts, reached only through the public `statusPage(slug)` field.

import { hashPassword } from "../auth/credentials.ts";
import type { GraphQLContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { newFeedToken, readFeedToken } from "./feed-token.ts";
import { ACCESS_PASSWORD_MAX, ACCESS_PASSWORD_MIN } from "./page-access.ts";
import { queueMailing } from "./subscriber-mailing.ts";

export interface StatusPageSettings {
  workspaceId: string;
  slug: string;
  enabled: boolean;
  public: boolean;
  title: string;
  description: string;
  allowSubscriptions: boolean;
  /** Visitors must enter an access password (never returned). */
  passwordProtected: boolean;
  nodes: { nodeId: string; displayName: string; position: number }[];
  notices: { id: string; startsAt: Date; endsAt: Date; message: string }[];
}

const MAX_NODES = 100;

/** The page's settings; a workspace that never saved one reads as a disabled, private page. */
export async function statusPageSettings(
  ctx: GraphQLContext,
  workspaceId: string,
): Promise<StatusPageSettings> {
  await ctx.access.require(workspaceId, "workspace:read");
  const workspace = await ctx.db.workspace.findUnique({
    where: { id: workspaceId },
    select: {
      slug: true,
      name: true,
      statusPage: {
        include: {
          nodes: { orderBy: { position: "asc" } },
          notices: { where: { endsAt: { gt: new Date() } }, orderBy: { startsAt: "asc" } },
        },
      },
    },
  });
  if (!workspace) throw new NotFoundError("Workspace");
  const page = workspace.statusPage;
  return {
    workspaceId,
    slug: workspace.slug,
    enabled: page?.enabled ?? false,
    public: page?.public ?? false,
    title: page?.title ?? workspace.name,
    description: page?.description ?? "",
    allowSubscriptions: page?.allowSubscriptions ?? false,
    passwordProtected: Boolean(page?.accessPasswordHash),
    nodes: page?.nodes ?? [],
    notices: page?.notices ?? [],
  };
}

export interface UpdateStatusPage {
  workspaceId: string;
  enabled: boolean;
  public: boolean;
  title: string;
  description: string;
  /** Absent: unchanged. */
  allowSubscriptions?: boolean | null;
  /** A new access password; null: none; absent: unchanged. */
  accessPassword?: string | null;
  /** In display order. */
  nodes: { nodeId: string; displayName: string }[];
}

export async function updateStatusPage(ctx: GraphQLContext, input: UpdateStatusPage) {
  await ctx.access.require(input.workspaceId, "workspace:update");
  const ids = input.nodes.map((n) => n.nodeId);
  if (ids.length > MAX_NODES) throw ValidationError.field("input.nodes", `at most ${MAX_NODES} nodes`);
  if (new Set(ids).size !== ids.length) throw ValidationError.field("input.nodes", "a node is listed twice");
  const owned = await ctx.db.node.count({ where: { id: { in: ids }, workspaceId: input.workspaceId } });
  // Another tenant's node reads exactly like a missing one.
  if (owned !== ids.length) throw new NotFoundError("MonitoredNode");
  const password = input.accessPassword;
  if (typeof password === "string") {
    if (password.length < ACCESS_PASSWORD_MIN || password.length > ACCESS_PASSWORD_MAX)
      throw ValidationError.field(
        "input.accessPassword",
        `must be ${ACCESS_PASSWORD_MIN} to ${ACCESS_PASSWORD_MAX} characters`,
      );
    // A visitor's proof is sealed with the key: without one, nobody could ever be let in.
    if (!ctx.secrets.available)
      throw ValidationError.field(
        "input.accessPassword",
        "an access password needs LEVEE_SECRET_KEY on the API (visitors' access is sealed with it)",
      );
  }
  // Hashed before the transaction: scrypt takes ~130 ms and must not hold a connection.
  const newHash = typeof password === "string" ? await hashPassword(password) : password;
  await ctx.mutate(async (tx, audit) => {
    const before = await tx.statusPage.findUnique({
      where: { workspaceId: input.workspaceId },
      include: { nodes: { orderBy: { position: "asc" } } },
    });
    const data = {
      enabled: input.enabled,
      public: input.public,
      title: input.title,
      description: input.description,
      allowSubscriptions: input.allowSubscriptions ?? before?.allowSubscriptions ?? false,
      accessPasswordHash: newHash === undefined ? (before?.accessPasswordHash ?? null) : newHash,
    };
    // A new password voids the feed link with everything else given under the old one, and comes
    // with a new link; a removed one leaves the feed public, with no link to keep.
    const feedLink =
      newHash === undefined
        ? {}
        : newHash === null
          ? { feedTokenHash: null, feedTokenSealed: null }
          : newFeedToken(ctx.secrets, input.workspaceId, newHash).row;
    await tx.statusPage.upsert({
      where: { workspaceId: input.workspaceId },
      create: { workspaceId: input.workspaceId, ...data, ...feedLink },
      update: { ...data, ...feedLink },
    });
    await tx.statusPageNode.deleteMany({ where: { workspaceId: input.workspaceId } });
    await tx.statusPageNode.createMany({
      data: input.nodes.map((n, position) => ({ workspaceId: input.workspaceId, ...n, position })),
    });
    const summary = (p: typeof data & { nodes: { nodeId: string; displayName: string }[] }) => ({
      enabled: p.enabled,
      public: p.public,
      title: p.title,
      description: p.description,
      allowSubscriptions: p.allowSubscriptions,
      // Whether there is one, never the password nor its hash.
      passwordProtected: p.accessPasswordHash !== null,
      nodes: p.nodes.map((n) => ({ nodeId: n.nodeId, displayName: n.displayName })),
    });
    await audit({
      action: "status-page.update",
      workspaceId: input.workspaceId,
      target: { type: "StatusPage", id: input.workspaceId },
      summary: {
        before: before ? summary(before) : null,
        after: summary({ ...data, nodes: input.nodes }),
        ...(typeof newHash === "string" ? { accessPasswordChanged: true } : {}),
      },
    });
  });
  publicPageChanged(ctx, input.workspaceId);
  return statusPageSettings(ctx, input.workspaceId);
}

/**
 * The protected page's feed token, for whoever may edit the page (workspace:update: it opens the
 * page's data as the password does); null while the page has no password or no link.
 */
export async function statusPageFeedToken(ctx: GraphQLContext, workspaceId: string): Promise<string | null> {
  await ctx.access.require(workspaceId, "workspace:update");
  const page = await ctx.db.statusPage.findUnique({
    where: { workspaceId },
    select: { workspaceId: true, accessPasswordHash: true, feedTokenSealed: true },
  });
  return page ? readFeedToken(ctx.secrets, page) : null;
}

/** A new feed link for the protected page: the old one stops opening at once. Audited without either. */
export async function renewStatusPageFeedToken(ctx: GraphQLContext, workspaceId: string) {
  await ctx.access.require(workspaceId, "workspace:update");
  if (!ctx.secrets.available)
    throw ValidationError.field("input.workspaceId", "a feed link needs LEVEE_SECRET_KEY on the API");
  await ctx.mutate(async (tx, audit) => {
    const page = await tx.statusPage.findUnique({
      where: { workspaceId },
      select: { accessPasswordHash: true, feedTokenHash: true },
    });
    if (!page?.accessPasswordHash)
      throw ValidationError.field("input.workspaceId", "the page has no access password: its feed is public");
    // Only over the password it was sealed under: a password changed meanwhile made its own link, and
    // a link sealed under the old one would open the feed while its editors could not read it.
    const { count } = await tx.statusPage.updateMany({
      where: { workspaceId, accessPasswordHash: page.accessPasswordHash },
      data: newFeedToken(ctx.secrets, workspaceId, page.accessPasswordHash).row,
    });
    if (count === 0)
      throw ValidationError.field(
        "input.workspaceId",
        "the password changed meanwhile: the page has a new link",
      );
    await audit({
      action: "status-page.feed-link.renew",
      workspaceId,
      target: { type: "StatusPage", id: workspaceId },
      // Whether a link was voided; never the token, its digest or its sealed form.
      summary: { before: { feedLink: page.feedTokenHash !== null }, after: { feedLink: true } },
    });
  });
  publicPageChanged(ctx, workspaceId);
  return statusPageSettings(ctx, workspaceId);
}

export async function addStatusPageNotice(
  ctx: GraphQLContext,
  input: { workspaceId: string; startsAt: Date; endsAt: Date; message: string },
) {
  await ctx.access.require(input.workspaceId, "workspace:update");
  if (input.endsAt <= input.startsAt) throw ValidationError.field("input.endsAt", "must be after the start");
  if (input.endsAt <= new Date()) throw ValidationError.field("input.endsAt", "must be in the future");
  const notice = await ctx.mutate(async (tx, audit) => {
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: input.workspaceId } });
    await tx.statusPage.upsert({
      where: { workspaceId: input.workspaceId },
      create: { workspaceId: input.workspaceId, title: workspace.name },
      update: {},
    });
    const notice = await tx.statusPageNotice.create({ data: input });
    await audit({
      action: "status-page.notice.add",
      workspaceId: input.workspaceId,
      target: { type: "StatusPageNotice", id: notice.id },
      summary: { after: { startsAt: input.startsAt, endsAt: input.endsAt, message: input.message } },
    });
    return notice;
  });
  publicPageChanged(ctx, input.workspaceId);
  // Subscribers hear of it from a job; a failure to queue it is caught up by the sweep only once
  // the mailing row exists, so it is logged, and the notice stands.
  await queueMailing(ctx, input.workspaceId, `notice:${notice.id}`, {
    kind: "NOTICE",
    startsAt: input.startsAt.toISOString(),
    endsAt: input.endsAt.toISOString(),
    message: input.message,
  }).catch((error) => ctx.logger.warn({ err: error, notice: notice.id }, "notice not mailed to subscribers"));
  return statusPageSettings(ctx, input.workspaceId);
}

export async function deleteStatusPageNotice(ctx: GraphQLContext, noticeId: string) {
  const notice = await ctx.db.statusPageNotice.findUnique({ where: { id: noticeId } });
  if (!notice) throw new NotFoundError("StatusPageNotice");
  await ctx.access.require(notice.workspaceId, "workspace:update", "StatusPageNotice");
  await ctx.mutate(async (tx, audit) => {
    await tx.statusPageNotice.delete({ where: { id: noticeId } });
    await audit({
      action: "status-page.notice.delete",
      workspaceId: notice.workspaceId,
      target: { type: "StatusPageNotice", id: noticeId },
      summary: { before: { startsAt: notice.startsAt, endsAt: notice.endsAt, message: notice.message } },
    });
  });
  publicPageChanged(ctx, notice.workspaceId);
  return statusPageSettings(ctx, notice.workspaceId);
}

/**
 * A page's settings or notices changed: its public answer, kept a moment and shared by every
 * reader (http/public-read-cache.ts), is forgotten here at once and on every other instance when
 * they hear of it (services.ts).
 */
export function publicPageChanged(ctx: GraphQLContext, workspaceId: string): void {
  ctx.publicReads.forget();
  ctx.pubsub.publish("statusPagesChanged", { workspaceId });
}

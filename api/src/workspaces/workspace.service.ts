import { canonicalZone, isValidTimeZone } from "@levee/shared/time-zones";
import type { AuditRecord, Tx } from "../audit/audit-recorder.ts";
import { announceCredentialsChanged } from "../auth/api-key-cache.ts";
import type { GraphQLContext } from "../context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { publishNodesDeleted } from "../nodes/node-events.ts";
import { assertSlugAvailable, assertValidSlug } from "./slug.ts";

export async function createWorkspace(
  ctx: GraphQLContext,
  input: { name: string; slug: string; parentId?: string | null },
) {
  const user = await checkNewWorkspace(ctx, input);
  return ctx.mutate((tx, audit) => insertWorkspace(tx, audit, user.userId, input));
}

/** Who creates it, once the slug is valid and free and the caller may create under the parent. */
export async function checkNewWorkspace(
  ctx: GraphQLContext,
  input: { slug: string; parentId?: string | null },
) {
  const user = ctx.access.requireUser();
  assertValidSlug(input.slug);
  if (input.parentId) await ctx.access.require(input.parentId, "workspace:create-child");
  await assertSlugAvailable(input.slug, async (slug) =>
    Boolean(await ctx.db.workspace.findUnique({ where: { slug }, select: { id: true } })),
  );
  return user;
}

/** The workspace, its creator as OWNER and the audit entries (the parent's too), inside `tx`. */
export async function insertWorkspace(
  tx: Tx,
  audit: (record: AuditRecord) => Promise<void>,
  userId: string,
  input: { name: string; slug: string; parentId?: string | null },
) {
  // A customer workspace starts in its MSP's time zone (the seasonal baselines' local hour).
  const parent = input.parentId
    ? await tx.workspace.findUnique({ where: { id: input.parentId }, select: { timeZone: true } })
    : null;
  const workspace = await tx.workspace.create({
    data: {
      name: input.name,
      slug: input.slug,
      parentId: input.parentId ?? null,
      ...(parent ? { timeZone: parent.timeZone } : {}),
    },
  });
  await tx.membership.create({ data: { workspaceId: workspace.id, userId, role: "OWNER" } });
  const target = { type: "Workspace", id: workspace.id };
  const after = { name: workspace.name, slug: workspace.slug, parentId: workspace.parentId };
  await audit({ action: "workspace.create", workspaceId: workspace.id, target, summary: { after } });
  if (input.parentId)
    await audit({
      action: "workspace.create-child",
      workspaceId: input.parentId,
      target,
      summary: { after },
    });
  return workspace;
}

export async function updateWorkspace(
  ctx: GraphQLContext,
  input: {
    workspaceId: string;
    name?: string | null;
    evidenceRetentionDays?: number | null;
    timeZone?: string | null;
  },
) {
  await ctx.access.require(input.workspaceId, "workspace:update");
  // Stored as the zone list spells it (" europe/berlin" → Europe/Berlin, "utc" → UTC), as the forms send it.
  const timeZone =
    input.timeZone === undefined || input.timeZone === null
      ? undefined
      : (canonicalZone(input.timeZone) ?? input.timeZone.trim());
  if (timeZone !== undefined && !(await isIanaTimeZone(ctx, timeZone)))
    throw ValidationError.field("input.timeZone", "is not an IANA time zone (such as Europe/Berlin, or UTC)");
  return ctx.mutate(async (tx, audit) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: input.workspaceId } });
    const workspace = await tx.workspace.update({
      where: { id: input.workspaceId },
      data: {
        name: input.name ?? undefined,
        evidenceRetentionDays: input.evidenceRetentionDays ?? undefined,
        timeZone,
      },
    });
    if (workspace.evidenceRetentionDays !== before.evidenceRetentionDays) {
      // Existing captures follow the new retention (kept longer, or deleted by the next sweep).
      await tx.$executeRaw`UPDATE incident_capture
        SET expires_at = created_at + make_interval(days => ${workspace.evidenceRetentionDays}::int)
        WHERE workspace_id = ${workspace.id}::uuid`;
    }
    const settings = (w: typeof before) => ({
      name: w.name,
      evidenceRetentionDays: w.evidenceRetentionDays,
      timeZone: w.timeZone,
    });
    await audit({
      action: "workspace.update",
      workspaceId: workspace.id,
      target: { type: "Workspace", id: workspace.id },
      summary: { before: settings(before), after: settings(workspace) },
    });
    return workspace;
  });
}

/**
 * An IANA zone name (Europe/Berlin, Asia/Kolkata, UTC) that this Node's Intl and the database both
 * know: the seasonal hour is found with Intl (seasonalBuckets; seasonal.store.ts only reads the
 * name), and the database is asked too so that SQL may read the zone (AT TIME ZONE) without
 * failing on one it lacks. What Intl accepts besides a name (an offset such as +01:00, which
 * PostgreSQL would read as POSIX, the sign reversed) is refused.
 */
async function isIanaTimeZone(ctx: GraphQLContext, zone: string): Promise<boolean> {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone) || !isValidTimeZone(zone)) return false;
  try {
    await ctx.db.$queryRaw`SELECT now() AT TIME ZONE ${zone}`;
    return true;
  } catch {
    return false;
  }
}

export async function deleteWorkspace(ctx: GraphQLContext, workspaceId: string) {
  await ctx.access.require(workspaceId, "workspace:delete");
  /** Its nodes, gone with it: their subscriptions are told once the deletion is committed. */
  let nodeIds: string[] = [];
  // The cascade locks rows of many tables in its own order, which a writer of one of them can
  // meet the other way round (deleteNode: key, then node). Whichever side PostgreSQL aborts to end
  // the deadlock runs again once the other is through.
  const deleted = await ctx.mutate(
    async (tx, audit) => {
      const workspace = await tx.workspace.findUnique({
        where: { id: workspaceId },
        include: { _count: { select: { children: true } } },
      });
      if (!workspace) throw new NotFoundError("workspace");
      if (workspace._count.children > 0) {
        throw new ConflictError(
          `Workspace has ${workspace._count.children} customer workspace(s); delete them first`,
        );
      }
      // Rows first, audit chain last, as the writers that audit a node's change take them (the
      // ONLINE batch, a heartbeat, the offline sweep): its nodes locked in id order, then the delete
      // (which cascades to them), then the entries. Auditing first held the chain while the delete
      // waited for a node row that such a writer held while it waited for the chain: a deadlock,
      // which PostgreSQL ends by aborting one of them. The entries outlive the workspace (no
      // foreign key), as its chain always did.
      const nodes = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM node WHERE workspace_id = ${workspaceId}::uuid ORDER BY id FOR UPDATE`;
      nodeIds = nodes.map((node) => node.id);
      await tx.workspace.delete({ where: { id: workspaceId } });
      const summary = { before: { name: workspace.name, slug: workspace.slug } };
      await audit({
        action: "workspace.delete",
        workspaceId,
        target: { type: "Workspace", id: workspaceId },
        summary,
      });
      if (workspace.parentId) {
        await audit({
          action: "workspace.delete-child",
          workspaceId: workspace.parentId,
          target: { type: "Workspace", id: workspaceId },
          summary,
        });
      }
      return workspaceId;
    },
    undefined,
    { retryDeadlocks: true },
  );
  announceCredentialsChanged(ctx, "workspace.delete");
  publishNodesDeleted(ctx, nodeIds);
  ctx.pubsub.publish("workspaceDeleted", workspaceId, { at: new Date().toISOString() });
  return deleted;
}

// Operator-written updates of an incident ("Mitigating: filtering at the upstream"): posted, edited
// and deleted from the dashboard by whoever may edit the status page (workspace:update, as its
// notices), each change audited. An edit mails nobody again: a mailing not sent yet goes with the
// edited words (subscriber-mailing.ts reads the update at send time), one already sent stays as it
// went — a typo fixed after the e-mail left is no news, and the page shows the update as edited. The public side shows them on the incident's page when the page lists the
// incident (public-incident.store.ts); the subscribers get one by e-mail when asked (`notify`) and
// the page lists the incident, as its own mailing `update:<id>` (subscriber-mailing.ts).
import type { GraphQLContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { listedIncidentOf } from "./public-incident.store.ts";
import type { IncidentUpdateStatus } from "./public-view.ts";
import { publicPageChanged } from "./status-page.service.ts";
import { queueMailing, updateMailingKey, withdrawMailing } from "./subscriber-mailing.ts";

/** The longest message an update may carry (characters, after trimming). */
export const UPDATE_MESSAGE_MAX = 2000;

/**
 * The most updates one incident keeps: its public page reads them all on every (uncached) view, so
 * they are bounded like the page's history (HISTORY_LIMIT). Checked before the insert: two posts at
 * once may pass it together, by one.
 */
export const MAX_UPDATES_PER_INCIDENT = 100;

export interface PostIncidentUpdate {
  incidentId: string;
  status: IncidentUpdateStatus;
  /** Trimmed and length-checked by the input's validation. */
  message: string;
  /** Mail it to the page's confirmed subscribers (when the page lists the incident). */
  notify: boolean;
}

export async function postIncidentUpdate(ctx: GraphQLContext, input: PostIncidentUpdate) {
  const incident = await ctx.db.incident.findUnique({
    where: { id: input.incidentId },
    select: { id: true, workspaceId: true },
  });
  if (!incident) throw new NotFoundError("Incident");
  // Another tenant's incident reads exactly like a missing one; a reader of this one is FORBIDDEN.
  await ctx.access.require(incident.workspaceId, "workspace:update", "Incident");
  const count = await ctx.db.incidentPublicUpdate.count({ where: { incidentId: incident.id } });
  if (count >= MAX_UPDATES_PER_INCIDENT)
    throw ValidationError.field(
      "input.incidentId",
      `an incident keeps at most ${MAX_UPDATES_PER_INCIDENT} updates: delete one first`,
    );
  const principal = ctx.principal;
  const update = await ctx.mutate(async (tx, audit) => {
    const update = await tx.incidentPublicUpdate.create({
      data: {
        workspaceId: incident.workspaceId,
        incidentId: incident.id,
        status: input.status,
        message: input.message,
        authorId: principal.kind === "user" ? principal.userId : null,
      },
    });
    await audit({
      action: "status-page.incident-update.add",
      workspaceId: incident.workspaceId,
      target: { type: "IncidentPublicUpdate", id: update.id },
      summary: {
        after: {
          incidentId: incident.id,
          status: input.status,
          message: input.message,
          notify: input.notify,
        },
      },
    });
    return update;
  });
  publicPageChanged(ctx, incident.workspaceId);
  if (input.notify) {
    // Subscribers hear of it from a job, and only of an incident the page lists (its link must
    // open). A failure to queue it is logged: the update stands, as a notice's does.
    await mailUpdate(ctx, update).catch((error) =>
      ctx.logger.warn({ err: error, update: update.id }, "incident update not mailed to subscribers"),
    );
  }
  return update;
}

async function mailUpdate(
  ctx: GraphQLContext,
  update: {
    id: string;
    workspaceId: string;
    incidentId: string;
    status: string;
    message: string;
    createdAt: Date;
  },
): Promise<void> {
  const listed = await listedIncidentOf(ctx.database, update.workspaceId, update.incidentId);
  if (!listed) return;
  // No node on the mailing: an operator's words are news of their own, so a later "resolved" does
  // not drop a copy still waiting for its retry, and they do not count against (or get folded into)
  // a flapping node's hourly e-mails (node-digest.ts), which limit what detection sends on its own.
  // Its audience is the incident's node: only its followers (and whole-page subscribers) get it.
  await queueMailing(
    ctx,
    update.workspaceId,
    updateMailingKey(update.id),
    {
      kind: "INCIDENT_UPDATE",
      ref: listed.incident.ref,
      nodeName: listed.incident.nodeName,
      family: listed.incident.family,
      status: update.status,
      message: update.message,
      postedAt: update.createdAt.toISOString(),
    },
    listed.nodeId,
  );
}

export interface EditIncidentUpdate {
  updateId: string;
  status: IncidentUpdateStatus;
  /** Trimmed and length-checked by the input's validation, as a post's. */
  message: string;
}

export async function editIncidentUpdate(ctx: GraphQLContext, input: EditIncidentUpdate) {
  const update = await ctx.db.incidentPublicUpdate.findUnique({ where: { id: input.updateId } });
  if (!update) throw new NotFoundError("IncidentPublicUpdate");
  await ctx.access.require(update.workspaceId, "workspace:update", "IncidentPublicUpdate");
  // Saved unchanged: nothing to show as edited, nothing to audit.
  if (update.status === input.status && update.message === input.message) return update;
  const edited = await ctx.mutate(async (tx, audit) => {
    // updateMany, not update: one deleted since it was read above (another editor's Delete) is
    // NOT_FOUND, not Prisma's "record not found" surfacing as an internal error.
    const editedAt = new Date();
    const { count } = await tx.incidentPublicUpdate.updateMany({
      where: { id: update.id },
      data: { status: input.status, message: input.message, editedAt },
    });
    if (count === 0) throw new NotFoundError("IncidentPublicUpdate");
    const edited = { ...update, status: input.status, message: input.message, editedAt };
    await audit({
      action: "status-page.incident-update.edit",
      workspaceId: update.workspaceId,
      target: { type: "IncidentPublicUpdate", id: update.id },
      summary: {
        before: { status: update.status, message: update.message },
        after: { status: input.status, message: input.message },
      },
    });
    return edited;
  });
  publicPageChanged(ctx, update.workspaceId);
  return edited;
}

export async function deleteIncidentUpdate(ctx: GraphQLContext, updateId: string) {
  const update = await ctx.db.incidentPublicUpdate.findUnique({ where: { id: updateId } });
  if (!update) throw new NotFoundError("IncidentPublicUpdate");
  await ctx.access.require(update.workspaceId, "workspace:update", "IncidentPublicUpdate");
  await ctx.mutate(async (tx, audit) => {
    await tx.incidentPublicUpdate.delete({ where: { id: updateId } });
    await audit({
      action: "status-page.incident-update.delete",
      workspaceId: update.workspaceId,
      target: { type: "IncidentPublicUpdate", id: updateId },
      summary: { before: { incidentId: update.incidentId, status: update.status, message: update.message } },
    });
  });
  // Not mailed yet: it is not sent now (copies already on their way still go).
  await withdrawMailing(ctx.database.sql, updateMailingKey(updateId));
  publicPageChanged(ctx, update.workspaceId);
  return update;
}

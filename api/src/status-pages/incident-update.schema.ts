// Operator-written incident updates in GraphQL. Dashboard: Incident.publicUpdates (incident:read, as
// the incident), Incident.statusPagePath, and postIncidentUpdate / editIncidentUpdate /
// deleteIncidentUpdate (workspace:update, checked by the service). Public: PublicIncidentPage.updates (kind UPDATE).
import { z } from "zod";
import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { mutationErrors } from "../errors.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import {
  deleteIncidentUpdate,
  editIncidentUpdate,
  postIncidentUpdate,
  UPDATE_MESSAGE_MAX,
} from "./incident-update.service.ts";
import { IncidentUpdateStatusEnum } from "./public-incident.schema.ts";
import { listedIncidentOf } from "./public-incident.store.ts";

guardNodeType("IncidentPublicUpdate", {
  permission: "incident:read",
  workspaceOf: (u) => (u as { workspaceId: string }).workspaceId,
});
const IncidentPublicUpdateRef = builder.prismaObject("IncidentPublicUpdate", {
  authScopes: readableScopes("IncidentPublicUpdate"),
  description:
    "An update an operator wrote about an incident, shown on its public status page's incident page while the page lists the incident",
  fields: (t) => ({
    id: t.id({ resolve: (u) => encodeGlobalID("IncidentPublicUpdate", u.id) }),
    status: t.field({ type: IncidentUpdateStatusEnum, resolve: (u) => u.status }),
    message: t.exposeString("message", { description: "Plain text" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    editedAt: t.expose("editedAt", {
      type: "DateTime",
      nullable: true,
      description: "When it was last edited; null when never",
    }),
    authorName: t.string({
      nullable: true,
      description:
        "The user who posted it; null when an API key posted it or the account was deleted (the audit log names who)",
      select: { author: { select: { name: true } } },
      resolve: (u) => u.author?.name ?? null,
    }),
  }),
});

builder.prismaObjectFields("Incident", (t) => ({
  publicUpdates: t.relation("publicUpdates", {
    description: "The operator's updates for the public status page, oldest first",
    query: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  }),
  statusPagePath: t.string({
    nullable: true,
    description:
      "Where the workspace's public status page shows this incident (/s/<slug>/incidents/<ref>); null while it does not: the page is off or private, does not list the incident's node, or the incident is past its 7-day history. Updates are shown there only",
    resolve: async (incident, _args, ctx) => {
      const listed = await listedIncidentOf(ctx.database, incident.workspaceId, incident.id);
      return listed && `/s/${listed.slug}/incidents/${listed.incident.ref}`;
    },
  }),
}));

const updateMessage = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(UPDATE_MESSAGE_MAX, `must be at most ${UPDATE_MESSAGE_MAX} characters`);

const PostIncidentUpdateInput = builder.inputType("PostIncidentUpdateInput", {
  fields: (t) => ({
    incidentId: t.id(),
    status: t.field({ type: IncidentUpdateStatusEnum }),
    message: t.string({
      description: `Plain text, trimmed, 1 to ${UPDATE_MESSAGE_MAX} characters`,
      validate: updateMessage,
    }),
    notify: t.boolean({
      required: false,
      defaultValue: true,
      description:
        "E-mail it to the status page's confirmed subscribers (only when the page lists the incident); default true",
    }),
  }),
});

const EditIncidentUpdateInput = builder.inputType("EditIncidentUpdateInput", {
  fields: (t) => ({
    updateId: t.id(),
    status: t.field({ type: IncidentUpdateStatusEnum }),
    message: t.string({
      description: `Plain text, trimmed, 1 to ${UPDATE_MESSAGE_MAX} characters`,
      validate: updateMessage,
    }),
  }),
});

const DeleteIncidentUpdateInput = builder.inputType("DeleteIncidentUpdateInput", {
  fields: (t) => ({ updateId: t.id() }),
});

const IncidentUpdatePayload = builder
  .objectRef<{ incidentId: string; update?: { id: string } }>("IncidentUpdatePayload")
  .implement({
    fields: (t) => ({
      incident: t.prismaField({
        type: "Incident",
        description: "The incident, with its updates as they are now",
        resolve: (query, p, _args, ctx) =>
          ctx.db.incident.findUniqueOrThrow({ ...query, where: { id: p.incidentId } }),
      }),
      update: t.field({
        type: IncidentPublicUpdateRef,
        nullable: true,
        description: "The update posted or edited (null after a deletion)",
        resolve: (p, _args, ctx) =>
          p.update ? ctx.db.incidentPublicUpdate.findUnique({ where: { id: p.update.id } }) : null,
      }),
    }),
  });

builder.mutationFields((t) => ({
  postIncidentUpdate: t.field({
    type: IncidentUpdatePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    description:
      "Posts an update of an incident for the workspace's public status page (workspace:update), mailed to its subscribers when `notify`",
    args: { input: t.arg({ type: PostIncidentUpdateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const update = await postIncidentUpdate(ctx, {
        incidentId: idOf(input.incidentId, "Incident", "input.incidentId"),
        status: input.status,
        message: input.message,
        notify: input.notify ?? true,
      });
      return { incidentId: update.incidentId, update };
    },
  }),
  editIncidentUpdate: t.field({
    type: IncidentUpdatePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    description:
      "Edits an incident update's status and message (workspace:update), shown as edited. Mails nobody again: a mailing not sent yet goes with the edited words, one already sent stays as it went",
    args: { input: t.arg({ type: EditIncidentUpdateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const update = await editIncidentUpdate(ctx, {
        updateId: idOf(input.updateId, "IncidentPublicUpdate", "input.updateId"),
        status: input.status,
        message: input.message,
      });
      return { incidentId: update.incidentId, update };
    },
  }),
  deleteIncidentUpdate: t.field({
    type: IncidentUpdatePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    description: "Deletes an incident update (workspace:update); one not mailed yet is not sent",
    args: { input: t.arg({ type: DeleteIncidentUpdateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const update = await deleteIncidentUpdate(
        ctx,
        idOf(input.updateId, "IncidentPublicUpdate", "input.updateId"),
      );
      return { incidentId: update.incidentId };
    },
  }),
}));

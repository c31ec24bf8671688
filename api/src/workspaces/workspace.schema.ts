import { z } from "zod";
import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { mutationErrors, NotFoundError } from "../errors.ts";
import { Role } from "../generated/prisma/enums.ts";
import { idOf } from "../global-id.ts";
import { createWorkspace, deleteWorkspace, updateWorkspace } from "./workspace.service.ts";

export const RoleEnum = builder.enumType(Role, { name: "Role" });

export const WorkspaceRef = builder.prismaNode("Workspace", {
  id: { field: "id" },
  authScopes: readableScopes("Workspace"),
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    timeZone: t.exposeString("timeZone", {
      description:
        "IANA time zone (UTC unless set) of the seasonal baselines' hour of the week: a node's threshold at 19:00 local follows its 19:00s of earlier weeks across daylight-saving changes",
    }),
    viewerRole: t.field({
      type: RoleEnum,
      nullable: true,
      description: "Your role here (inherited from an MSP workspace when not direct); null for API keys",
      resolve: (ws, _args, ctx) => ctx.access.roleIn(ws.id),
    }),
    parent: t.prismaField({
      type: "Workspace",
      nullable: true,
      description: "The MSP workspace that owns this one, when you can see it",
      resolve: async (query, ws, _args, ctx) =>
        ws.parentId && (await ctx.access.can(ws.parentId, "workspace:read"))
          ? ctx.db.workspace.findUnique({ ...query, where: { id: ws.parentId } })
          : null,
    }),
    children: t.prismaConnection({
      type: "Workspace",
      cursor: "id",
      description:
        "Customer workspaces of this MSP workspace (empty for an API key: it reaches no other workspace)",
      resolve: async (query, ws, _args, ctx) =>
        ctx.db.workspace.findMany({
          ...query,
          where: { parentId: ws.id, ...(await ctx.access.where("id")) },
          orderBy: { id: "asc" },
        }),
      // One count over the same rows, so an MSP's paged list can say how many customers there are.
      totalCount: async (ws, _args, ctx) =>
        ctx.db.workspace.count({ where: { parentId: ws.id, ...(await ctx.access.where("id")) } }),
    }),
  }),
});

guardNodeType("Workspace", { permission: "workspace:read", workspaceOf: (ws) => (ws as { id: string }).id });

builder.queryFields((t) => ({
  workspace: t.prismaField({
    type: "Workspace",
    description:
      "A workspace by its slug (needs workspace:read); NOT_FOUND when there is none or you may not read it, alike",
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (query, _root, { slug }, ctx) => {
      const workspace = await ctx.db.workspace.findUnique({ ...query, where: { slug } });
      if (!workspace) throw new NotFoundError("workspace");
      await ctx.access.require(workspace.id, "workspace:read");
      return workspace;
    },
  }),
  workspaces: t.prismaConnection({
    type: "Workspace",
    cursor: "id",
    authScopes: { authenticated: true },
    description:
      "Every workspace you can see, including customer workspaces of your MSP workspaces (signed in; an API key sees only its own workspace)",
    resolve: async (query, _root, _args, ctx) => {
      // Only those it may read: an API key without workspace:read (an incident:read key) got its
      // workspace listed with every field FORBIDDEN, which nulled the whole answer.
      const ids = [];
      for (const id of await ctx.access.workspaceIds())
        if (await ctx.access.can(id, "workspace:read")) ids.push(id);
      return ctx.db.workspace.findMany({ ...query, where: { id: { in: ids } }, orderBy: { id: "asc" } });
    },
  }),
}));

const name = z.string().trim().min(1, "must not be empty").max(100);

const CreateWorkspaceInput = builder.inputType("CreateWorkspaceInput", {
  fields: (t) => ({
    name: t.string({ validate: name }),
    slug: t.string({ description: "URL name: 1–48 lower-case letters, digits or inner hyphens" }),
    parentWorkspaceId: t.id({
      required: false,
      description: "Create as a customer workspace of this MSP workspace",
    }),
  }),
});
const UpdateWorkspaceInput = builder.inputType("UpdateWorkspaceInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    name: t.string({ required: false, validate: name.optional().nullable() }),
    evidenceRetentionDays: t.int({
      required: false,
      description: "Days packet captures are kept, 1–365 (existing captures follow)",
      validate: z.number().int().min(1).max(365).optional().nullable(),
    }),
    timeZone: t.string({
      required: false,
      description:
        "IANA time zone such as Europe/Berlin (or UTC) of the seasonal baselines' hour of the week; nodes follow it from their next hour",
    }),
  }),
});
const DeleteWorkspaceInput = builder.inputType("DeleteWorkspaceInput", {
  fields: (t) => ({ workspaceId: t.id() }),
});

export const WorkspacePayload = builder
  .objectRef<{ workspace: { id: string } }>("WorkspacePayload")
  .implement({
    fields: (t) => ({ workspace: t.field({ type: WorkspaceRef, resolve: (p) => p.workspace as never }) }),
  });
const DeleteWorkspacePayload = builder
  .objectRef<{ deletedWorkspaceId: string }>("DeleteWorkspacePayload")
  .implement({
    fields: (t) => ({ deletedWorkspaceId: t.exposeID("deletedWorkspaceId") }),
  });

builder.mutationFields((t) => ({
  createWorkspace: t.field({
    description:
      "A new workspace with you as its OWNER; with parentWorkspaceId, a customer workspace of that MSP workspace (needs workspace:create-child there). Signed-in users only",
    type: WorkspacePayload,
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: CreateWorkspaceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parentId = input.parentWorkspaceId
        ? idOf(input.parentWorkspaceId, "Workspace", "input.parentWorkspaceId")
        : null;
      return { workspace: await createWorkspace(ctx, { name: input.name, slug: input.slug, parentId }) };
    },
  }),
  updateWorkspace: t.field({
    description:
      "Renames the workspace or changes its time zone or capture retention (the fields given). Needs workspace:update (ADMIN and OWNER; signed-in members only)",
    type: WorkspacePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateWorkspaceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      workspace: await updateWorkspace(ctx, {
        workspaceId: idOf(input.workspaceId, "Workspace"),
        name: input.name,
        evidenceRetentionDays: input.evidenceRetentionDays,
        timeZone: input.timeZone,
      }),
    }),
  }),
  deleteWorkspace: t.field({
    description:
      "Deletes the workspace and what is in it (nodes, incidents, keys, alerting, its status page); refused (CONFLICT) while it has customer workspaces. Needs workspace:delete (OWNER only; signed-in members only)",
    type: DeleteWorkspacePayload,
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: DeleteWorkspaceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await deleteWorkspace(ctx, idOf(input.workspaceId, "Workspace"));
      return { deletedWorkspaceId: input.workspaceId };
    },
  }),
}));

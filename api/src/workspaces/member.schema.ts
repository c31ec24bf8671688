import { z } from "zod";
import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { mutationErrors } from "../errors.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import { acceptInvitation, changeMemberRole, inviteMember, removeMember } from "./member.service.ts";
import { RoleEnum } from "./workspace.schema.ts";

export const MembershipRef = builder.prismaNode("Membership", {
  id: { field: "id" },
  authScopes: readableScopes("Membership"),
  fields: (t) => ({
    role: t.expose("role", { type: RoleEnum }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    user: t.relation("user"),
    workspace: t.relation("workspace"),
  }),
});
guardNodeType("Membership", {
  permission: "member:read",
  workspaceOf: (m) => (m as { workspaceId: string }).workspaceId,
});

guardNodeType("Invitation", {
  permission: "member:manage",
  workspaceOf: (i) => (i as { workspaceId: string }).workspaceId,
});
const InvitationRef = builder.prismaObject("Invitation", {
  authScopes: readableScopes("Invitation"),
  fields: (t) => ({
    id: t.exposeID("id"),
    email: t.exposeString("email"),
    role: t.expose("role", { type: RoleEnum }),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectFields("Workspace", (t) => ({
  members: t.relatedConnection("memberships", {
    cursor: "id",
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "member:read" } }),
    query: { orderBy: { id: "asc" } },
  }),
  pendingInvitations: t.relation("invitations", {
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "member:manage" } }),
    query: () => ({
      where: { acceptedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
    }),
  }),
}));

const InviteMemberInput = builder.inputType("InviteMemberInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    email: t.string({ validate: z.email("must be an e-mail address").max(254) }),
    role: t.field({ type: RoleEnum }),
  }),
});
const AcceptInvitationInput = builder.inputType("AcceptInvitationInput", {
  fields: (t) => ({ token: t.string() }),
});
const ChangeMemberRoleInput = builder.inputType("ChangeMemberRoleInput", {
  fields: (t) => ({ membershipId: t.id(), role: t.field({ type: RoleEnum }) }),
});
const RemoveMemberInput = builder.inputType("RemoveMemberInput", {
  fields: (t) => ({ membershipId: t.id() }),
});

const InviteMemberPayload = builder
  .objectRef<{ invitation: { id: string }; token: string }>("InviteMemberPayload")
  .implement({
    fields: (t) => ({
      invitation: t.field({ type: InvitationRef, resolve: (p) => p.invitation as never }),
      token: t.exposeString("token", { description: "Shown once: send it to the invitee (valid 7 days)" }),
    }),
  });
const MembershipPayload = builder.objectRef<{ membership: { id: string } }>("MembershipPayload").implement({
  fields: (t) => ({ membership: t.field({ type: MembershipRef, resolve: (p) => p.membership as never }) }),
});
const RemoveMemberPayload = builder
  .objectRef<{ removedMembershipId: string }>("RemoveMemberPayload")
  .implement({
    fields: (t) => ({ removedMembershipId: t.exposeID("removedMembershipId") }),
  });

builder.mutationFields((t) => ({
  inviteMember: t.field({
    description:
      "Invites an e-mail address with a role up to your own: the answer's token (valid 7 days) is shown once, and the invitation is e-mailed when the workspace can send mail. Needs member:manage (ADMIN and OWNER; signed-in members only)",
    type: InviteMemberPayload,
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: InviteMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inviteMember(ctx, {
        workspaceId: idOf(input.workspaceId, "Workspace"),
        email: input.email,
        role: input.role,
      }),
  }),
  acceptInvitation: t.field({
    description:
      "Joins the workspace with the invitation's role; the invitation must be for your account's e-mail. Signed-in users only",
    type: MembershipPayload,
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: AcceptInvitationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ membership: await acceptInvitation(ctx, input.token) }),
  }),
  changeMemberRole: t.field({
    description:
      "Changes a member's role; nobody grants or changes a role above their own, and a workspace keeps at least one OWNER. Needs member:manage (ADMIN and OWNER; signed-in members only)",
    type: MembershipPayload,
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: ChangeMemberRoleInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      membership: await changeMemberRole(ctx, {
        membershipId: idOf(input.membershipId, "Membership"),
        role: input.role,
      }),
    }),
  }),
  removeMember: t.field({
    description:
      "Removes a member (needs member:manage, and a role at least theirs), or leaves the workspace (your own membership, any role); the last OWNER stays. Their open subscriptions of the workspace end. Signed-in members only",
    type: RemoveMemberPayload,
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: RemoveMemberInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      removedMembershipId: encodeGlobalID(
        "Membership",
        await removeMember(ctx, idOf(input.membershipId, "Membership")),
      ),
    }),
  }),
}));

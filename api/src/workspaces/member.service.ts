import { queueInvitationMail } from "../alerts/invitation-mail.ts";
import type { AuditRecord, Tx } from "../audit/audit-recorder.ts";
import { announceUserCredentialsChanged } from "../auth/api-key-cache.ts";
import { hashToken, issueToken } from "../auth/credentials.ts";
import { outranks } from "../auth/permissions.ts";
import type { GraphQLContext } from "../context.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import type { Invitation } from "../generated/prisma/client.ts";
import type { Role } from "../generated/prisma/enums.ts";

const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

/** Nobody grants or touches a role above their own; ADMINs leave OWNERs alone. */
async function assertCanAssign(ctx: GraphQLContext, workspaceId: string, role: Role, current?: Role) {
  const mine = await ctx.access.roleIn(workspaceId);
  if (!mine) return; // integration keys never hold member:manage; require() has already refused them
  if (outranks(role, mine) || (current && outranks(current, mine))) {
    throw new ForbiddenError(
      `An ${mine} cannot grant or change the ${outranks(role, mine) ? role : current} role`,
    );
  }
}

export async function inviteMember(
  ctx: GraphQLContext,
  input: { workspaceId: string; email: string; role: Role },
) {
  const user = ctx.access.requireUser();
  await ctx.access.require(input.workspaceId, "member:manage");
  await assertCanAssign(ctx, input.workspaceId, input.role);
  const email = input.email.trim().toLowerCase();
  const existing = await ctx.db.membership.findFirst({
    where: { workspaceId: input.workspaceId, user: { email } },
  });
  if (existing) throw new ConflictError(`${email} is already a member`);
  const { token, hash } = issueToken("invitation");
  const invitation = await ctx.mutate(async (tx, audit) => {
    const created = await tx.invitation.create({
      data: {
        workspaceId: input.workspaceId,
        email,
        role: input.role,
        tokenHash: hash,
        invitedById: user.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
    });
    await audit({
      action: "member.invite",
      workspaceId: input.workspaceId,
      target: { type: "Invitation", id: created.id },
      summary: { after: { email, role: input.role } },
    });
    return created;
  });
  await queueInvitationMail(ctx, invitation, user.name, token);
  return { invitation, token };
}

/** An invitation that can still be accepted, by its token; anything else is NOT_FOUND. */
export async function findOpenInvitation(ctx: GraphQLContext, token: string) {
  const invitation = await ctx.db.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt <= new Date()) {
    throw new NotFoundError("invitation");
  }
  return invitation;
}

/** Inside a transaction: claims the invitation once and makes the user a member with its role. */
export async function joinByInvitation(
  tx: Tx,
  audit: (record: AuditRecord) => Promise<void>,
  invitation: Invitation,
  user: { userId: string; email: string },
) {
  if (invitation.email !== user.email) {
    throw new ForbiddenError("This invitation was sent to another e-mail address; sign in as that user");
  }
  // The address's open invitations to this workspace locked in id order first: two of them
  // accepted at once each claimed its own row, then each waited for the other's (the membership's
  // unique key one way, spending the other invitation the other way), a deadlock. Now the second
  // waits for the first and finds its invitation spent (or the user a member).
  await tx.$queryRaw`SELECT count(*)::int AS locked FROM (
    SELECT id FROM invitation WHERE workspace_id = ${invitation.workspaceId}::uuid
      AND email = ${invitation.email} AND accepted_at IS NULL ORDER BY id FOR UPDATE) AS i`;
  const now = new Date();
  const claimed = await tx.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  if (claimed.count !== 1) throw new NotFoundError("invitation");
  const { workspaceId, role } = invitation;
  if (
    await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: user.userId } } })
  ) {
    throw new ConflictError("You are already a member of this workspace");
  }
  const membership = await tx.membership.create({ data: { workspaceId, userId: user.userId, role } });
  // Other invitations of the same address to this workspace (sent twice, say) are spent now: they
  // stayed "pending" for someone already a member. Expired rather than marked accepted, which
  // only the claimed one was.
  const spent = await tx.invitation.updateMany({
    where: {
      workspaceId,
      email: invitation.email,
      acceptedAt: null,
      expiresAt: { gt: now },
      id: { not: invitation.id },
    },
    data: { expiresAt: now },
  });
  await audit({
    action: "member.join",
    workspaceId,
    target: { type: "Membership", id: membership.id },
    summary: {
      after: { email: user.email, role },
      ...(spent.count > 0 ? { invitationsClosed: spent.count } : {}),
    },
  });
  return membership;
}

export async function acceptInvitation(ctx: GraphQLContext, token: string) {
  const user = ctx.access.requireUser();
  const invitation = await findOpenInvitation(ctx, token);
  return ctx.mutate((tx, audit) => joinByInvitation(tx, audit, invitation, user));
}

async function loadMembership(ctx: GraphQLContext, membershipId: string) {
  const membership = await ctx.db.membership.findUnique({
    where: { id: membershipId },
    include: { user: true },
  });
  if (!membership || !(await ctx.access.can(membership.workspaceId, "member:read")))
    throw new NotFoundError("membership");
  return membership;
}

async function assertNotLastOwner(ctx: GraphQLContext, workspaceId: string, membershipId: string) {
  const owners = await ctx.db.membership.count({
    where: { workspaceId, role: "OWNER", id: { not: membershipId } },
  });
  if (owners === 0)
    throw new ConflictError("A workspace keeps at least one OWNER; make someone else OWNER first");
}

export async function changeMemberRole(ctx: GraphQLContext, input: { membershipId: string; role: Role }) {
  const membership = await loadMembership(ctx, input.membershipId);
  await ctx.access.require(membership.workspaceId, "member:manage");
  await assertCanAssign(ctx, membership.workspaceId, input.role, membership.role);
  if (membership.role === "OWNER" && input.role !== "OWNER")
    await assertNotLastOwner(ctx, membership.workspaceId, membership.id);
  const updated = await ctx.mutate(async (tx, audit) => {
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role: input.role } });
    await audit({
      action: "member.change-role",
      workspaceId: membership.workspaceId,
      target: { type: "Membership", id: membership.id },
      summary: {
        email: membership.user.email,
        before: { role: membership.role },
        after: { role: input.role },
      },
    });
    return updated;
  });
  // A role with less may no longer see what the member's open streams carry: they re-check now.
  announceUserCredentialsChanged(ctx, "member.change-role", membership.userId);
  return updated;
}

/** Managers remove members; anyone may leave (remove their own membership). */
export async function removeMember(ctx: GraphQLContext, membershipId: string) {
  const membership = await loadMembership(ctx, membershipId);
  const self = ctx.principal.kind === "user" && ctx.principal.userId === membership.userId;
  if (!self) {
    await ctx.access.require(membership.workspaceId, "member:manage");
    await assertCanAssign(ctx, membership.workspaceId, membership.role, membership.role);
  }
  if (membership.role === "OWNER") await assertNotLastOwner(ctx, membership.workspaceId, membership.id);
  await ctx.mutate(async (tx, audit) => {
    await tx.membership.delete({ where: { id: membership.id } });
    await audit({
      action: self ? "member.leave" : "member.remove",
      workspaceId: membership.workspaceId,
      target: { type: "Membership", id: membership.id },
      summary: { before: { email: membership.user.email, role: membership.role } },
    });
  });
  // The member's open streams of the workspace end now, not at their next event.
  announceUserCredentialsChanged(ctx, "member.remove", membership.userId);
  return membershipId;
}

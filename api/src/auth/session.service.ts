import type { GraphQLContext } from "../context.ts";
import { AuthenticationError, ForbiddenError, ValidationError } from "../errors.ts";
import { findOpenInvitation, joinByInvitation } from "../workspaces/member.service.ts";
import { announceUserCredentialsChanged } from "./api-key-cache.ts";
import { SESSION_COOKIE } from "./authenticate.ts";
import { assertStrongPassword, hashPassword, hashToken, issueToken, verifyPassword } from "./credentials.ts";
import { grantRead } from "./node-guard.ts";
import { admit } from "./rate-limiter.ts";

// Compared against when the e-mail is unknown, so both paths cost one scrypt.
const decoyHash = hashPassword("levee-decoy-password");

/**
 * Creates an account and signs in. With an invitation token the new user also joins that
 * workspace; with SIGNUP_MODE=invite a token is required.
 */
export async function signup(
  ctx: GraphQLContext,
  input: { email: string; name: string; password: string; invitationToken?: string | null },
) {
  const email = input.email.trim().toLowerCase();
  const invitation = input.invitationToken ? await findOpenInvitation(ctx, input.invitationToken) : undefined;
  if (!invitation && ctx.config.signupMode === "invite") {
    throw new ForbiddenError(
      "Sign-up is by invitation only on this server; ask a workspace owner to invite you",
    );
  }
  assertStrongPassword(input.password, email);
  await throttleSignIn(ctx, email);
  const existing = await ctx.db.user.findUnique({ where: { email } });
  if (existing) {
    // The account's owner (who knows its password) gets exactly what a new sign-up gets; anyone
    // else learns no more than a failed sign-in tells, at the same cost (one scrypt) and under
    // the same per-account and per-address throttle. Hiding it entirely needs e-mail verification.
    if (!(await verifyPassword(input.password, existing.passwordHash)))
      throw new ForbiddenError("Could not create an account with these details; if you have one, sign in");
    const { expiresAt } = await startSession(ctx, existing.id, existing.email);
    return { user: existing, expiresAt };
  }
  const passwordHash = await hashPassword(input.password);
  const user = await ctx.mutate(async (tx, audit) => {
    const created = await tx.user.create({ data: { email, name: input.name.trim(), passwordHash } });
    await audit({
      action: "user.signup",
      workspaceId: null,
      target: { type: "User", id: created.id },
      summary: { email },
    });
    if (invitation) await joinByInvitation(tx, audit, invitation, { userId: created.id, email });
    return created;
  });
  const { expiresAt } = await startSession(ctx, user.id, user.email);
  return { user, expiresAt };
}

export async function login(ctx: GraphQLContext, input: { email: string; password: string }) {
  const email = input.email.trim().toLowerCase();
  await throttleSignIn(ctx, email);
  const user = await ctx.db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash));
  if (!user || !valid) throw new AuthenticationError("E-mail or password is wrong");
  const { expiresAt } = await startSession(ctx, user.id, user.email);
  return { user, expiresAt };
}

/**
 * Every attempt counts (sign-in and sign-up, each alias of one request too) before a password
 * is looked at: past the limit even the right password gets RATE_LIMITED until the window ends.
 */
async function throttleSignIn(ctx: GraphQLContext, email: string) {
  await admit(ctx.rateLimits.logins, hashToken(email));
  if (ctx.request.ip) await admit(ctx.rateLimits.loginsPerAddress, ctx.request.ip);
}

/** Replaces the password after checking the current one; every other session of the user ends. */
export async function changePassword(
  ctx: GraphQLContext,
  input: { currentPassword: string; newPassword: string },
) {
  const principal = ctx.access.requireUser();
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: principal.userId } });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AuthenticationError("Current password is wrong");
  }
  assertStrongPassword(input.newPassword, user.email);
  if (input.newPassword === input.currentPassword) {
    throw ValidationError.field("input.newPassword", "must differ from the current password");
  }
  const passwordHash = await hashPassword(input.newPassword);
  const ended = await ctx.mutate(async (tx, audit) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    // A reset link still in someone's hands (a mailbox read briefly by another) would undo this.
    await tx.passwordReset.deleteMany({ where: { userId: user.id, usedAt: null } });
    const { count } = await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null, id: { not: principal.sessionId } },
      data: { revokedAt: new Date() },
    });
    await audit({
      action: "user.change-password",
      workspaceId: null,
      target: { type: "User", id: user.id },
      summary: { otherSessionsEnded: count },
    });
    return count;
  });
  // The ended sessions' open streams and sockets end now, not at their next event.
  if (ended > 0) announceUserCredentialsChanged(ctx, "user.change-password", user.id);
  return { user, otherSessionsEnded: ended };
}

/** Renames the signed-in user; the name is trimmed (the input's validation bounds it to 1–100, as at sign-up). */
export async function updateProfile(ctx: GraphQLContext, input: { name: string }) {
  const principal = ctx.access.requireUser();
  const name = input.name.trim();
  return ctx.mutate(async (tx, audit) => {
    const before = await tx.user.findUniqueOrThrow({
      where: { id: principal.userId },
      select: { name: true },
    });
    const user = await tx.user.update({ where: { id: principal.userId }, data: { name } });
    if (before.name !== name)
      await audit({
        action: "user.update-profile",
        workspaceId: null,
        target: { type: "User", id: user.id },
        summary: { before: { name: before.name }, after: { name } },
      });
    return { user };
  });
}

export async function logout(ctx: GraphQLContext): Promise<boolean> {
  const { principal } = ctx;
  ctx.setCookie(sessionCookie(ctx, "", 0));
  if (principal.kind !== "user") return false;
  await ctx.mutate(async (tx, audit) => {
    await tx.session.update({ where: { id: principal.sessionId }, data: { revokedAt: new Date() } });
    await audit({ action: "session.end", workspaceId: null, target: { type: "User", id: principal.userId } });
  });
  // The session's open streams and sockets (other tabs of the browser) end now, not at their next event.
  announceUserCredentialsChanged(ctx, "session.end", principal.userId);
  return true;
}

/** Creates a session row (hash only) and sets the HTTP-only cookie carrying the token. */
export async function startSession(ctx: GraphQLContext, userId: string, email: string) {
  const { token, hash } = issueToken("session");
  const expiresAt = new Date(Date.now() + ctx.config.sessionTtlMs);
  await ctx.mutate(async (tx, audit) => {
    await tx.session.create({
      data: {
        userId,
        tokenHash: hash,
        expiresAt,
        ip: ctx.request.ip,
        userAgent: ctx.request.userAgent?.slice(0, 512),
      },
    });
    await audit({
      action: "session.start",
      workspaceId: null,
      target: { type: "User", id: userId },
      summary: { email },
    });
  });
  ctx.setCookie(sessionCookie(ctx, token, Math.floor(ctx.config.sessionTtlMs / 1000)));
  grantRead(ctx, "User", userId); // this request is still anonymous; the answer shows who signed in
  return { token, expiresAt };
}

function sessionCookie(ctx: GraphQLContext, value: string, maxAgeSeconds: number): string {
  const secure = ctx.config.cookieSecure ? "; Secure" : "";
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

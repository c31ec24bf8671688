import { z } from "zod";
import { builder } from "../builder.ts";
import { AuthenticationError, mutationErrors, RateLimitedError, UnavailableError } from "../errors.ts";
import { guardNodeType, readableScopes } from "./node-guard.ts";
import { requestPasswordReset, resetPassword } from "./password-reset.ts";
import { changePassword, login, logout, signup, updateProfile } from "./session.service.ts";

export const UserRef = builder.prismaNode("User", {
  id: { field: "id" },
  authScopes: readableScopes("User"),
  fields: (t) => ({
    email: t.exposeString("email"),
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    memberships: t.prismaField({
      type: ["Membership"],
      description: "Memberships in workspaces the viewer can see",
      resolve: async (query, user, _args, ctx) =>
        ctx.db.membership.findMany({
          ...query,
          where: { userId: user.id, ...(await ctx.access.where()) },
          orderBy: { createdAt: "asc" },
        }),
    }),
  }),
});

// A user is visible to callers who share a workspace with them (or to themselves).
guardNodeType("User", {
  permission: "member:read",
  ownedBy: (user, principal) => principal.kind === "user" && principal.userId === (user as { id: string }).id,
  workspaceOf: async (user, ctx) => {
    const { id } = user as { id: string };
    if (ctx.principal.kind === "user" && ctx.principal.userId === id) return ctx.access.workspaceIds();
    const rows = await ctx.db.membership.findMany({ where: { userId: id }, select: { workspaceId: true } });
    return rows.map((row) => row.workspaceId);
  },
});

const email = z.email("must be an e-mail address").max(254);

const SignupInput = builder.inputType("SignupInput", {
  fields: (t) => ({
    email: t.string({ validate: email }),
    name: t.string({ validate: z.string().trim().min(1, "must not be empty").max(100) }),
    password: t.string({
      description: "At least 12 characters, not common, not containing your e-mail name",
    }),
    invitationToken: t.string({
      required: false,
      description: "Join the inviting workspace at once (required when the server's SIGNUP_MODE is invite)",
    }),
  }),
});

const LoginInput = builder.inputType("LoginInput", {
  fields: (t) => ({
    email: t.string({ validate: z.string().max(254) }),
    password: t.string({ validate: z.string().max(256) }),
  }),
});

const SessionPayload = builder
  .objectRef<{ user: { id: string }; expiresAt: Date }>("SessionPayload")
  .implement({
    description: "A signed-in session; the token travels only in the HTTP-only levee_session cookie",
    fields: (t) => ({
      user: t.field({ type: UserRef, resolve: (p) => p.user as never }),
      expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    }),
  });

const ChangePasswordInput = builder.inputType("ChangePasswordInput", {
  fields: (t) => ({
    currentPassword: t.string({ validate: z.string().max(256) }),
    newPassword: t.string({ description: "Same rules as at sign-up" }),
  }),
});

const ChangePasswordPayload = builder
  .objectRef<{ user: { id: string }; otherSessionsEnded: number }>("ChangePasswordPayload")
  .implement({
    fields: (t) => ({
      user: t.field({ type: UserRef, resolve: (p) => p.user as never }),
      otherSessionsEnded: t.exposeInt("otherSessionsEnded", { description: "Sessions signed out elsewhere" }),
    }),
  });

const UpdateProfileInput = builder.inputType("UpdateProfileInput", {
  fields: (t) => ({
    name: t.string({
      description:
        "The display name others see (members, invitations, updates): 1–100 characters (as at sign-up)",
      validate: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
    }),
  }),
});

const UpdateProfilePayload = builder.objectRef<{ user: { id: string } }>("UpdateProfilePayload").implement({
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (p) => p.user as never }),
  }),
});

const RequestPasswordResetInput = builder.inputType("RequestPasswordResetInput", {
  fields: (t) => ({
    email: t.string({ validate: email }),
  }),
});

const RequestPasswordResetPayload = builder
  .objectRef<{ accepted: true }>("RequestPasswordResetPayload")
  .implement({
    description:
      "The same answer whether or not the address has an account: when it has one, a link is mailed to it",
    fields: (t) => ({ accepted: t.exposeBoolean("accepted") }),
  });

const ResetPasswordInput = builder.inputType("ResetPasswordInput", {
  fields: (t) => ({
    token: t.string({ description: "The token of the mailed link", validate: z.string().max(256) }),
    password: t.string({ description: "The new password: same rules as at sign-up" }),
  }),
});

const ResetPasswordPayload = builder.objectRef<{ sessionsEnded: number }>("ResetPasswordPayload").implement({
  description: "The password is set; nobody is signed in (sign in with the new password)",
  fields: (t) => ({
    sessionsEnded: t.exposeInt("sessionsEnded", { description: "The account's sessions signed out" }),
  }),
});

builder.queryField("me", (t) =>
  t.prismaField({
    type: "User",
    nullable: true,
    description: "The signed-in user, or null when signed out",
    resolve: (query, _root, _args, ctx) =>
      ctx.principal.kind === "user"
        ? ctx.db.user.findUnique({ ...query, where: { id: ctx.principal.userId } })
        : null,
  }),
);

builder.mutationFields((t) => ({
  signup: t.field({
    type: SessionPayload,
    description: "Creates an account and signs in",
    errors: { types: [RateLimitedError, ...mutationErrors] },
    args: { input: t.arg({ type: SignupInput, required: true }) },
    resolve: (_root, { input }, ctx) => signup(ctx, input),
  }),
  login: t.field({
    type: SessionPayload,
    description:
      "Signs in with e-mail and password: the session is an HTTP-only cookie on the answer (LOGIN_MAX_ATTEMPTS per account, then RATE_LIMITED)",
    // RATE_LIMITED is a member here: each aliased guess past the limit gets it, the others still answer.
    errors: { types: [AuthenticationError, RateLimitedError, ...mutationErrors] },
    args: { input: t.arg({ type: LoginInput, required: true }) },
    resolve: (_root, { input }, ctx) => login(ctx, input),
  }),
  changePassword: t.field({
    type: ChangePasswordPayload,
    description: "Sets a new password and signs out every other session",
    errors: { types: [AuthenticationError, ...mutationErrors] },
    authScopes: { user: true },
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    resolve: (_root, { input }, ctx) => changePassword(ctx, input),
  }),
  updateProfile: t.field({
    type: UpdateProfilePayload,
    description: "Renames the signed-in user (audited as user.update-profile)",
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: UpdateProfileInput, required: true }) },
    resolve: (_root, { input }, ctx) => updateProfile(ctx, input),
  }),
  requestPasswordReset: t.field({
    type: RequestPasswordResetPayload,
    description:
      "Public: mails a single-use link (valid 1 hour) to set a new password, if the address has an account; the same answer either way. UNAVAILABLE when this server cannot send e-mail (SMTP_URL); RATE_LIMITED per client address and per address asked for",
    errors: { types: [RateLimitedError, UnavailableError, ...mutationErrors] },
    args: { input: t.arg({ type: RequestPasswordResetInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await requestPasswordReset(ctx, input);
      return { accepted: true as const };
    },
  }),
  resetPassword: t.field({
    type: ResetPasswordPayload,
    description:
      "Public: sets a new password with a reset link's token (single use, 1 hour) and signs out every session of the account (audited as user.reset-password)",
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: ResetPasswordInput, required: true }) },
    resolve: (_root, { input }, ctx) => resetPassword(ctx, input),
  }),
  logout: t.boolean({
    description: "Ends the current session; true when one was ended",
    resolve: (_root, _args, ctx) => logout(ctx),
  }),
}));

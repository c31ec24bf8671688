import { z } from "zod";
import { builder } from "../builder.ts";
import { AuthenticationError, mutationErrors, RateLimitedError } from "../errors.ts";
import { guardNodeType, readableScopes } from "./node-guard.ts";
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
  logout: t.boolean({
    description: "Ends the current session; true when one was ended",
    resolve: (_root, _args, ctx) => logout(ctx),
  }),
}));

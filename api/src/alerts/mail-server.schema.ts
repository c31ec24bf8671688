import { builder } from "../builder.ts";
import { mutationErrors } from "../errors.ts";
import { idOf } from "../global-id.ts";
import {
  clearMailServer,
  type MailServerView,
  mailRouteOf,
  readMailServer,
  setMailServer,
} from "./mail-server.ts";

const MailSecurityEnum = builder.enumType("MailSecurity", {
  values: {
    TLS: { description: "Implicit TLS from the first byte (port 465)" },
    STARTTLS: { description: "Plain connection upgraded with STARTTLS, which must succeed (port 587)" },
    NONE: { description: "No encryption (port 25 on a trusted network); no password is allowed" },
  },
});
const MailRouteEnum = builder.enumType("MailRoute", {
  description:
    "What sends a workspace's e-mail (alert channels, invitations, status page subscribers' e-mails)",
  values: {
    WORKSPACE: { description: "Its own relay (mailServer)" },
    PARENT: { description: "The relay of its nearest MSP parent that has one" },
    PLATFORM: { description: "The server's SMTP_URL" },
    NONE: { description: "Nothing: e-mail channels cannot be created or enabled" },
  },
});

const WorkspaceMailServerRef = builder.objectRef<MailServerView>("WorkspaceMailServer").implement({
  description:
    "A workspace's own SMTP relay for its e-mail. The password is sealed at rest and never returned: passwordSet says whether one is stored",
  fields: (t) => ({
    host: t.exposeString("host"),
    port: t.exposeInt("port"),
    security: t.field({ type: MailSecurityEnum, resolve: (m) => m.security }),
    username: t.exposeString("username", { nullable: true }),
    passwordSet: t.exposeBoolean("passwordSet"),
    fromAddress: t.exposeString("fromAddress", {
      description: "The sender address; the display name is the workspace's product name",
    }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectFields("Workspace", (t) => ({
  mailServer: t.field({
    type: WorkspaceMailServerRef,
    nullable: true,
    description: "The workspace's own SMTP relay, if it has one (see mailRoute for what sends its e-mail)",
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "alert:read" } }),
    resolve: (ws, _args, ctx) => readMailServer(ctx, ws.id),
  }),
  mailRoute: t.field({
    type: MailRouteEnum,
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "alert:read" } }),
    resolve: (ws, _args, ctx) => mailRouteOf(ctx, ws.id),
  }),
}));

const SetWorkspaceMailServerInput = builder.inputType("SetWorkspaceMailServerInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    host: t.string({ description: "Host name or IP address, checked as alert channel URLs are" }),
    port: t.int(),
    security: t.field({ type: MailSecurityEnum }),
    username: t.string({ required: false }),
    password: t.string({
      required: false,
      description: "Left out: the stored one is kept (for the same username). Null or empty: none",
    }),
    fromAddress: t.string({ description: "Sender address, e.g. alerts@example.com" }),
  }),
});
const ClearWorkspaceMailServerInput = builder.inputType("ClearWorkspaceMailServerInput", {
  fields: (t) => ({ workspaceId: t.id() }),
});
const WorkspaceMailServerPayload = builder
  .objectRef<{ workspaceId: string }>("WorkspaceMailServerPayload")
  .implement({
    fields: (t) => ({
      workspace: t.prismaField({
        type: "Workspace",
        resolve: (query, p, _args, ctx) =>
          ctx.db.workspace.findUniqueOrThrow({ ...query, where: { id: p.workspaceId } }),
      }),
    }),
  });

builder.mutationFields((t) => ({
  setWorkspaceMailServer: t.field({
    type: WorkspaceMailServerPayload,
    description:
      "Send this workspace's e-mail (and its customers' without one) through its own relay (alert:manage)",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SetWorkspaceMailServerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const workspaceId = idOf(input.workspaceId, "Workspace", "input.workspaceId");
      await setMailServer(ctx, {
        workspaceId,
        host: input.host,
        port: input.port,
        security: input.security,
        username: input.username,
        ...(input.password !== undefined && { password: input.password }),
        fromAddress: input.fromAddress,
      });
      return { workspaceId };
    },
  }),
  clearWorkspaceMailServer: t.field({
    type: WorkspaceMailServerPayload,
    description: "Remove the workspace's own relay: its e-mail goes by its MSP parent's or SMTP_URL again",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: ClearWorkspaceMailServerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const workspaceId = idOf(input.workspaceId, "Workspace", "input.workspaceId");
      await clearMailServer(ctx, workspaceId);
      return { workspaceId };
    },
  }),
}));

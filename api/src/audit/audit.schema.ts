import { z } from "zod";
import { workspacePermission } from "../auth/field-permission.ts";
import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { likeLiteral } from "../db/like-literal.ts";
import { idOf } from "../global-id.ts";
import { ChainVerifier } from "./audit-chain.ts";
import { chainOf } from "./audit-recorder.ts";

const PAGE = 1000;

const AuditActorRef = builder
  .objectRef<{ actorType: string; actorId: string | null; actorLabel: string }>("AuditActor")
  .implement({
    fields: (t) => ({
      type: t.exposeString("actorType", { description: "USER, INTEGRATION, AGENT or SYSTEM" }),
      id: t.exposeString("actorId", { nullable: true }),
      label: t.exposeString("actorLabel"),
    }),
  });

guardNodeType("AuditLogEntry", {
  permission: "audit:read",
  workspaceOf: (e) => (e as { workspaceId: string | null }).workspaceId,
});
builder.prismaObject("AuditLog", {
  name: "AuditLogEntry",
  authScopes: readableScopes("AuditLogEntry"),
  fields: (t) => ({
    id: t.exposeID("id"),
    seq: t.exposeInt("seq", { description: "Position in the workspace's hash chain, from 1" }),
    action: t.exposeString("action"),
    actor: t.field({ type: AuditActorRef, resolve: (e) => e }),
    targetType: t.exposeString("targetType", { nullable: true }),
    targetId: t.exposeString("targetId", { nullable: true }),
    summary: t.expose("summary", { type: "JSON", description: "Before/after summary of the change" }),
    ip: t.exposeString("ip", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    prevHash: t.exposeString("prevHash"),
    hash: t.exposeString("hash", { description: "sha256(prevHash ‖ canonical entry)" }),
  }),
});

const BrokenLinkRef = builder
  .objectRef<{ id: string; seq: number; reason: string }>("AuditChainBreak")
  .implement({
    fields: (t) => ({
      entryId: t.exposeID("id"),
      seq: t.exposeInt("seq"),
      reason: t.exposeString("reason", { description: "sequence-gap, prev-hash-mismatch or hash-mismatch" }),
    }),
  });

const AuditChainReportRef = builder
  .objectRef<{ valid: boolean; checked: number; brokenAt?: { id: string; seq: number; reason: string } }>(
    "AuditChainReport",
  )
  .implement({
    fields: (t) => ({
      valid: t.exposeBoolean("valid"),
      entriesChecked: t.exposeInt("checked"),
      firstBrokenLink: t.field({ type: BrokenLinkRef, nullable: true, resolve: (r) => r.brokenAt ?? null }),
    }),
  });

builder.queryFields((t) => ({
  auditLog: t.prismaConnection({
    type: "AuditLog",
    cursor: "id",
    description: "A workspace's audit trail, newest first",
    authScopes: workspacePermission("audit:read"),
    args: {
      workspaceId: t.arg.id({ required: true }),
      action: t.arg.string({
        required: false,
        description: "Only entries whose action starts with this (e.g. node.)",
        validate: z.string().max(64),
      }),
    },
    resolve: async (query, _root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      return ctx.db.auditLog.findMany({
        ...query,
        where: {
          chain: chainOf(workspaceId),
          ...(args.action ? { action: { startsWith: likeLiteral(args.action) } } : {}),
        },
        orderBy: { id: "desc" },
      });
    },
  }),
  verifyAuditChain: t.field({
    type: AuditChainReportRef,
    description: "Re-computes every hash of the workspace's chain and reports the first broken link",
    authScopes: workspacePermission("audit:read"),
    args: { workspaceId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      const verifier = new ChainVerifier();
      for (let after = 0; ; after += PAGE) {
        const page = await ctx.db.auditLog.findMany({
          where: { chain: chainOf(workspaceId), seq: { gt: after } },
          orderBy: { seq: "asc" },
          take: PAGE,
        });
        if (!verifier.feed(page) || page.length < PAGE) break;
      }
      return verifier.verdict();
    },
  }),
}));

import { ACTION_DEFINITIONS, exampleParams } from "@levee/shared/firewall";
import { workspacePermission } from "../../auth/field-permission.ts";
import { subscribeInWorkspace } from "../../auth/live-access.ts";
import { guardNodeType, readableScopes } from "../../auth/node-guard.ts";
import { builder } from "../../builder.ts";
import type { MitigationEvent } from "../../generated/prisma/client.ts";
import { MitigationActionState, MitigationTrigger } from "../../generated/prisma/enums.ts";
import { encodeGlobalID, idOf } from "../../global-id.ts";
import { SeverityEnum } from "../../incidents/incident.schema.ts";
import { type RecordedCommand, safelistOf } from "./mitigation.store.ts";
import type { MitigationEventPayload } from "./mitigation-topic.ts";
import "./mitigation-mutations.schema.ts";
import "./mitigation-agent.schema.ts";

// Node firewall mitigation, read side: rules, actions with their timeline, action types,
// previews, and the live event stream. Mutations and the agent's fields are beside this file.

export const MitigationTriggerEnum = builder.enumType(MitigationTrigger, { name: "MitigationTrigger" });
export const MitigationActionStateEnum = builder.enumType(MitigationActionState, {
  name: "MitigationActionState",
});

const CommandRef = builder.objectRef<RecordedCommand>("MitigationCommand").implement({
  description: "One program run (argument vector, never a shell string) and what it answered",
  fields: (t) => ({
    argv: t.exposeStringList("argv"),
    exitCode: t.exposeInt("exitCode", { nullable: true, description: "null: planned, not run yet" }),
    stderr: t.exposeString("stderr"),
  }),
});

guardNodeType("MitigationEvent", {
  permission: "mitigation:read",
  workspaceOf: (e) => (e as { workspaceId: string }).workspaceId,
});
export const MitigationEventRef = builder.objectRef<MitigationEvent>("MitigationEvent").implement({
  authScopes: readableScopes("MitigationEvent"),
  description:
    "A step in an action's life: REQUESTED, REFUSED, APPLIED, FAILED, UNDO_REQUESTED, UNDONE, DRIFT_REPAIRED",
  fields: (t) => ({
    kind: t.exposeString("kind"),
    at: t.expose("createdAt", { type: "DateTime" }),
    actionId: t.id({ resolve: (e) => encodeGlobalID("MitigationAction", e.actionId) }),
    commands: t.field({
      type: [CommandRef],
      resolve: (e) => (e.commands as unknown as RecordedCommand[]) ?? [],
    }),
    packets: t.exposeFloat("packets", { nullable: true, description: "Packets dropped/limited so far" }),
    bytes: t.exposeFloat("bytes", { nullable: true }),
    message: t.exposeString("message", { nullable: true }),
  }),
});

export const MitigationActionRef = builder.prismaNode("MitigationAction", {
  id: { field: "id" },
  authScopes: readableScopes("MitigationAction"),
  description: "A typed firewall intent for one node, and what the node's agent did with it",
  fields: (t) => ({
    actionType: t.exposeString("actionType"),
    params: t.expose("params", { type: "JSON" }),
    state: t.field({ type: MitigationActionStateEnum, resolve: (a) => a.state }),
    permanent: t.exposeBoolean("permanent"),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true }),
    warnings: t.exposeStringList("warnings"),
    packets: t.exposeFloat("packets", {
      nullable: true,
      description: "Packets dropped/limited (last reading)",
    }),
    bytes: t.exposeFloat("bytes", { nullable: true }),
    message: t.exposeString("message", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    appliedAt: t.expose("appliedAt", { type: "DateTime", nullable: true }),
    undoneAt: t.expose("undoneAt", { type: "DateTime", nullable: true }),
    nodeId: t.id({ resolve: (a) => encodeGlobalID("MonitoredNode", a.nodeId) }),
    incidentId: t.id({
      nullable: true,
      resolve: (a) => (a.incidentId ? encodeGlobalID("Incident", a.incidentId) : null),
    }),
    ruleId: t.id({
      nullable: true,
      resolve: (a) => (a.ruleId ? encodeGlobalID("MitigationRule", a.ruleId) : null),
    }),
    events: t.field({
      type: [MitigationEventRef],
      resolve: (a, _args, ctx) =>
        ctx.db.mitigationEvent.findMany({
          where: { actionId: a.id },
          orderBy: { createdAt: "asc" },
          take: 500,
        }),
    }),
  }),
});
guardNodeType("MitigationAction", {
  permission: "mitigation:read",
  workspaceOf: (a) => (a as { workspaceId: string }).workspaceId,
});

export const MitigationRuleRef = builder.prismaNode("MitigationRule", {
  id: { field: "id" },
  authScopes: readableScopes("MitigationRule"),
  description:
    "Applies an action when an incident matches the trigger (parameters may use incident variables)",
  fields: (t) => ({
    name: t.exposeString("name"),
    nodeId: t.id({
      nullable: true,
      resolve: (r) => (r.nodeId ? encodeGlobalID("MonitoredNode", r.nodeId) : null),
    }),
    actionType: t.exposeString("actionType"),
    params: t.expose("params", { type: "JSON" }),
    trigger: t.field({ type: MitigationTriggerEnum, resolve: (r) => r.trigger }),
    minSeverity: t.field({ type: SeverityEnum, nullable: true, resolve: (r) => r.minSeverity }),
    family: t.exposeString("family", { nullable: true }),
    ttlSeconds: t.exposeInt("ttlSeconds"),
    permanent: t.exposeBoolean("permanent"),
    enabled: t.exposeBoolean("enabled"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});
guardNodeType("MitigationRule", {
  permission: "mitigation:read",
  workspaceOf: (r) => (r as { workspaceId: string }).workspaceId,
});

builder.prismaObjectFields("Incident", (t) => ({
  mitigationTimeline: t.field({
    type: [MitigationEventRef],
    description: "Every mitigation step taken for this incident, oldest first (needs mitigation:read)",
    // Refused like Incident.alertDeliveries, not an empty list: an empty timeline would claim nothing was done.
    authScopes: (incident) => ({
      permission: { workspaceId: incident.workspaceId, permission: "mitigation:read" },
    }),
    resolve: (incident, _args, ctx) =>
      ctx.db.mitigationEvent.findMany({
        where: { incidentId: incident.id },
        orderBy: { createdAt: "asc" },
        take: 1000,
      }),
  }),
}));

const ActionTypeRef = builder
  .objectRef<{ type: string; backend: string; title: string }>("MitigationActionType")
  .implement({
    fields: (t) => ({
      type: t.exposeString("type"),
      backend: t.exposeString("backend"),
      title: t.exposeString("title"),
      example: t.field({
        type: "JSON",
        nullable: true,
        description: "A valid parameter set (documentation addresses), for forms to start from",
        resolve: (a) => exampleParams()[a.type] ?? null,
      }),
    }),
  });

const ActionFilter = builder.inputType("MitigationActionFilter", {
  fields: (t) => ({
    nodeId: t.id({ required: false }),
    incidentId: t.id({ required: false }),
    states: t.field({ type: [MitigationActionStateEnum], required: false }),
  }),
});

builder.queryFields((t) => ({
  mitigationActionTypes: t.field({
    type: [ActionTypeRef],
    description: "Every firewall action type a node can apply",
    authScopes: { authenticated: true },
    resolve: () =>
      [...ACTION_DEFINITIONS.values()].map(({ type, backend, title }) => ({ type, backend, title })),
  }),
  mitigationRules: t.prismaField({
    type: ["MitigationRule"],
    description: "A workspace's firewall mitigation rules, oldest first (needs mitigation:read)",
    authScopes: workspacePermission("mitigation:read"),
    args: { workspaceId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      return ctx.db.mitigationRule.findMany({
        ...query,
        where: { workspaceId },
        orderBy: { createdAt: "asc" },
      });
    },
  }),
  mitigationSafelist: t.stringList({
    description:
      "Addresses and prefixes no firewall action of this workspace may drop or limit, as setMitigationSafelist stored them",
    authScopes: workspacePermission("mitigation:read"),
    args: { workspaceId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => safelistOf(ctx.db, idOf(args.workspaceId, "Workspace", "workspaceId")),
  }),
  mitigationActions: t.prismaField({
    type: ["MitigationAction"],
    description: "A workspace's firewall actions, newest first (at most 200)",
    authScopes: workspacePermission("mitigation:read"),
    args: {
      workspaceId: t.arg.id({ required: true }),
      filter: t.arg({ type: ActionFilter, required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      const filter = args.filter ?? {};
      return ctx.db.mitigationAction.findMany({
        ...query,
        where: {
          workspaceId,
          ...(filter.nodeId ? { nodeId: idOf(filter.nodeId, "MonitoredNode", "filter.nodeId") } : {}),
          ...(filter.incidentId
            ? { incidentId: idOf(filter.incidentId, "Incident", "filter.incidentId") }
            : {}),
          ...(filter.states?.length ? { state: { in: filter.states } } : {}),
        },
        orderBy: { createdAt: "desc" },
        take: 200,
      });
    },
  }),
}));

const EventNoticeRef = builder.objectRef<MitigationEventPayload>("MitigationEventNotice").implement({
  fields: (t) => ({
    kind: t.exposeString("kind"),
    at: t.field({ type: "DateTime", resolve: (e) => new Date(e.at) }),
    nodeId: t.id({ resolve: (e) => encodeGlobalID("MonitoredNode", e.nodeId) }),
    incidentId: t.id({
      nullable: true,
      resolve: (e) => (e.incidentId ? encodeGlobalID("Incident", e.incidentId) : null),
    }),
    action: t.prismaField({
      type: "MitigationAction",
      nullable: true,
      resolve: (query, e, _args, ctx) =>
        ctx.db.mitigationAction.findUnique({ ...query, where: { id: e.actionId } }),
    }),
  }),
});

builder.subscriptionField("mitigationEvents", (t) =>
  t.field({
    type: EventNoticeRef,
    description: "Firewall actions of a workspace requested, applied, undone, refused, failing or repaired",
    args: { workspaceId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      return subscribeInWorkspace(ctx, "mitigationEvents", workspaceId, workspaceId, "mitigation:read");
    },
    resolve: (event) => event,
  }),
);

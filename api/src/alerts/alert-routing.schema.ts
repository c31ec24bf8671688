import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { mutationErrors } from "../errors.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import {
  createEscalationPolicy,
  deleteEscalationPolicy,
  updateEscalationPolicy,
} from "./escalation.service.ts";
import type { EscalationStep, NodeLabel } from "./escalation.ts";
import {
  createMaintenanceWindow,
  deleteMaintenanceWindow,
  updateMaintenanceWindow,
} from "./maintenance.service.ts";

const StepRef = builder.objectRef<EscalationStep>("EscalationStep").implement({
  fields: (t) => ({
    channelIds: t.idList({ resolve: (s) => s.channelIds.map((id) => encodeGlobalID("AlertChannel", id)) }),
    delaySeconds: t.exposeInt("delaySeconds", {
      description: "After the previous step (the first: after the event)",
    }),
  }),
});
const LabelRef = builder.objectRef<NodeLabel>("EscalationNodeLabel").implement({
  fields: (t) => ({ key: t.exposeString("key"), value: t.exposeString("value") }),
});

guardNodeType("EscalationPolicy", {
  permission: "alert:read",
  workspaceOf: (p) => (p as { workspaceId: string }).workspaceId,
});
builder.prismaObject("EscalationPolicy", {
  authScopes: readableScopes("EscalationPolicy"),
  description: "Ordered steps of channels for the incidents it matches (empty lists match any)",
  fields: (t) => ({
    id: t.id({ resolve: (p) => encodeGlobalID("EscalationPolicy", p.id) }),
    name: t.exposeString("name"),
    position: t.exposeInt("position"),
    sharedWithCustomers: t.exposeBoolean("sharedWithCustomers"),
    severities: t.exposeStringList("severities"),
    families: t.exposeStringList("families"),
    nodeLabels: t.field({ type: [LabelRef], resolve: (p) => p.nodeLabels as unknown as NodeLabel[] }),
    steps: t.field({ type: [StepRef], resolve: (p) => p.steps as unknown as EscalationStep[] }),
    repeat: t.exposeInt("repeat"),
    repeatAfterSeconds: t.exposeInt("repeatAfterSeconds"),
  }),
});

guardNodeType("MaintenanceWindow", {
  permission: "alert:read",
  workspaceOf: (w) => (w as { workspaceId: string }).workspaceId,
});
builder.prismaObject("MaintenanceWindow", {
  authScopes: readableScopes("MaintenanceWindow"),
  description: "Alerts of the workspace (or one node) are suppressed, and logged as SUPPRESSED, while active",
  fields: (t) => ({
    id: t.id({ resolve: (w) => encodeGlobalID("MaintenanceWindow", w.id) }),
    name: t.exposeString("name"),
    nodeId: t.id({
      nullable: true,
      resolve: (w) => (w.nodeId ? encodeGlobalID("MonitoredNode", w.nodeId) : null),
    }),
    startsAt: t.expose("startsAt", { type: "DateTime" }),
    endsAt: t.expose("endsAt", { type: "DateTime" }),
    weekly: t.exposeBoolean("weekly", { description: "Repeats every week at the same local time" }),
    timeZone: t.exposeString("timeZone"),
  }),
});

builder.prismaObjectFields("Workspace", (t) => ({
  escalationPolicies: t.relation("escalationPolicies", {
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "alert:read" } }),
    query: { orderBy: [{ position: "asc" }, { name: "asc" }] },
  }),
  maintenanceWindows: t.relation("maintenanceWindows", {
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "alert:read" } }),
    query: { orderBy: { startsAt: "asc" } },
  }),
}));

const StepInput = builder.inputType("EscalationStepInput", {
  fields: (t) => ({ channelIds: t.idList(), delaySeconds: t.int() }),
});
const LabelInput = builder.inputType("EscalationNodeLabelInput", {
  fields: (t) => ({ key: t.string(), value: t.string() }),
});
const PolicyInput = builder.inputType("CreateEscalationPolicyInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    name: t.string(),
    position: t.int({ required: false, description: "Lower first; the first matching policy routes" }),
    sharedWithCustomers: t.boolean({ required: false }),
    severities: t.stringList({ required: false }),
    families: t.stringList({ required: false }),
    nodeLabels: t.field({ type: [LabelInput], required: false }),
    steps: t.field({ type: [StepInput] }),
    repeat: t.int({ required: false, description: "Extra rounds of all steps (0–10)" }),
    repeatAfterSeconds: t.int({ required: false }),
  }),
});
const WindowInput = builder.inputType("CreateMaintenanceWindowInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    nodeId: t.id({ required: false, description: "Only this node; omitted: the whole workspace" }),
    name: t.string(),
    startsAt: t.field({ type: "DateTime" }),
    endsAt: t.field({ type: "DateTime" }),
    weekly: t.boolean({ required: false }),
    timeZone: t.string({ required: false, description: "IANA zone of the weekly recurrence, default UTC" }),
  }),
});
const PolicyChangeInput = builder.inputType("UpdateEscalationPolicyInput", {
  description:
    "Every field but policyId: left out or null keeps its value; the policy as it would be saved is checked again",
  fields: (t) => ({
    policyId: t.id(),
    name: t.string({ required: false }),
    position: t.int({ required: false, description: "Lower first; the first matching policy routes" }),
    sharedWithCustomers: t.boolean({
      required: false,
      description: "Shared, its steps may only name shared channels",
    }),
    severities: t.stringList({ required: false, description: "Empty list: any severity" }),
    families: t.stringList({ required: false, description: "Empty list: any family" }),
    nodeLabels: t.field({ type: [LabelInput], required: false, description: "Empty list: any node" }),
    steps: t.field({
      type: [StepInput],
      required: false,
      description: "Replaces every step; incidents already escalating keep their plan",
    }),
    repeat: t.int({ required: false, description: "Extra rounds of all steps (0–10)" }),
    repeatAfterSeconds: t.int({ required: false }),
  }),
});
const WindowChangeInput = builder.inputType("UpdateMaintenanceWindowInput", {
  description:
    "Every field but windowId and nodeId: left out or null keeps its value; the window as it would be saved is checked again",
  fields: (t) => ({
    windowId: t.id(),
    nodeId: t.id({
      required: false,
      description: "Only this node; null: the whole workspace; left out: unchanged",
    }),
    name: t.string({ required: false }),
    startsAt: t.field({ type: "DateTime", required: false }),
    endsAt: t.field({
      type: "DateTime",
      required: false,
      description: "Now ends a one-off window under way; a weekly window's sets every occurrence's length",
    }),
    weekly: t.boolean({ required: false }),
    timeZone: t.string({
      required: false,
      description: "IANA zone of the weekly recurrence (startsAt stays the same instant)",
    }),
  }),
});

const PolicyPayload = builder.objectRef<{ policy: object }>("EscalationPolicyPayload").implement({
  fields: (t) => ({
    policy: t.field({ type: "EscalationPolicy" as never, resolve: (p) => p.policy as never }),
  }),
});
const WindowPayload = builder.objectRef<{ window: object }>("MaintenanceWindowPayload").implement({
  fields: (t) => ({
    window: t.field({ type: "MaintenanceWindow" as never, resolve: (p) => p.window as never }),
  }),
});
const DeletedPayload = builder.objectRef<{ deletedId: string }>("DeletedPayload").implement({
  fields: (t) => ({ deletedId: t.exposeID("deletedId") }),
});
const byId = (name: string, field: string) =>
  builder.inputType(name, {
    fields: (t) => ({ [field]: t.id() }) as { [k: string]: ReturnType<typeof t.id> },
  });

/** Steps as the API's ids name them, into the stored channel ids (a wrong id names its step). */
const stepsOf = (steps: { channelIds: (string | number)[]; delaySeconds: number }[]) =>
  steps.map((step, i) => ({
    delaySeconds: step.delaySeconds,
    channelIds: step.channelIds.map((id) => idOf(String(id), "AlertChannel", `input.steps.${i}.channelIds`)),
  }));

builder.mutationFields((t) => ({
  createEscalationPolicy: t.field({
    description:
      "Which channels an incident's alerts go to, and when: the first policy whose severities, families and node labels match an incident (the workspace's own before an MSP's shared ones, then by position) routes it, step by step, until it is acknowledged or resolved. Needs alert:manage (ADMIN and OWNER; signed-in members only)",
    type: PolicyPayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: PolicyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      policy: await createEscalationPolicy(ctx, idOf(input.workspaceId, "Workspace", "input.workspaceId"), {
        ...input,
        steps: stepsOf(input.steps),
      }),
    }),
  }),
  updateEscalationPolicy: t.field({
    description:
      "Changes an escalation policy (the fields given; incidents already escalating keep their plan). Needs alert:manage (ADMIN and OWNER; signed-in members only)",
    type: PolicyPayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: PolicyChangeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { policyId, steps, ...change } = input;
      return {
        policy: await updateEscalationPolicy(
          ctx,
          idOf(String(policyId), "EscalationPolicy", "input.policyId"),
          { ...change, steps: steps ? stepsOf(steps) : undefined },
        ),
      };
    },
  }),
  deleteEscalationPolicy: t.field({
    description: "Deletes an escalation policy. Needs alert:manage (ADMIN and OWNER; signed-in members only)",
    type: DeletedPayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: byId("DeleteEscalationPolicyInput", "policyId"), required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      deletedId: encodeGlobalID(
        "EscalationPolicy",
        await deleteEscalationPolicy(ctx, idOf(String(input.policyId), "EscalationPolicy", "input.policyId")),
      ),
    }),
  }),
  createMaintenanceWindow: t.field({
    description:
      "A time (one-off, or weekly in an IANA zone) during which alerts of the workspace, or of one node, are suppressed and logged as SUPPRESSED; detection and incidents go on. Needs alert:manage (ADMIN and OWNER; signed-in members only)",
    type: WindowPayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: WindowInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      window: await createMaintenanceWindow(ctx, idOf(input.workspaceId, "Workspace", "input.workspaceId"), {
        ...input,
        nodeId: input.nodeId ? idOf(input.nodeId, "MonitoredNode", "input.nodeId") : null,
      }),
    }),
  }),
  updateMaintenanceWindow: t.field({
    description:
      "Changes a maintenance window (the fields given; endsAt now ends a one-off window under way). Needs alert:manage (ADMIN and OWNER; signed-in members only)",
    type: WindowPayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: WindowChangeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { windowId, nodeId, ...change } = input;
      return {
        window: await updateMaintenanceWindow(
          ctx,
          idOf(String(windowId), "MaintenanceWindow", "input.windowId"),
          {
            ...change,
            // Left out keeps the window's node; null (or empty, as create takes it): the whole workspace.
            nodeId:
              nodeId === undefined
                ? undefined
                : nodeId
                  ? idOf(String(nodeId), "MonitoredNode", "input.nodeId")
                  : null,
          },
        ),
      };
    },
  }),
  deleteMaintenanceWindow: t.field({
    description:
      "Deletes a maintenance window: its suppression ends. Needs alert:manage (ADMIN and OWNER; signed-in members only)",
    type: DeletedPayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: byId("DeleteMaintenanceWindowInput", "windowId"), required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      deletedId: encodeGlobalID(
        "MaintenanceWindow",
        await deleteMaintenanceWindow(
          ctx,
          idOf(String(input.windowId), "MaintenanceWindow", "input.windowId"),
        ),
      ),
    }),
  }),
}));

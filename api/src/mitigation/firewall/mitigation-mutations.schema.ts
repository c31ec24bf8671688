import { decodeGlobalID } from "@pothos/plugin-relay";
import { builder } from "../../builder.ts";
import { mutationErrors, NotFoundError, ValidationError } from "../../errors.ts";
import { MitigationTrigger } from "../../generated/prisma/enums.ts";
import { encodeGlobalID, idOf } from "../../global-id.ts";
import { SeverityEnum } from "../../incidents/incident.schema.ts";
import type { PlannedAction } from "./action-plan.ts";
import {
  createMitigationRule,
  deleteMitigationRule,
  previewMitigation,
  runMitigation,
  setMitigationSafelist,
  undoMitigation,
  updateMitigationRule,
} from "./mitigation.service.ts";

const TriggerEnum = builder.enumType(MitigationTrigger, { name: "MitigationRuleTrigger" });

const PlannedCommandRef = builder.objectRef<{ argv: string[] }>("MitigationPlannedCommand").implement({
  fields: (t) => ({ argv: t.exposeStringList("argv") }),
});

const PreviewRef = builder.objectRef<PlannedAction & { valid: boolean }>("MitigationPreview").implement({
  description: "What an action would run on the node, before it is saved or sent",
  fields: (t) => ({
    valid: t.exposeBoolean("valid", { description: "No validation issue and no refusal" }),
    issues: t.stringList({ resolve: (p) => p.issues.map((i) => `${i.path}: ${i.message}`) }),
    refused: t.exposeStringList("refused", { description: "Guardrails that forbid it outright" }),
    warnings: t.exposeStringList("warnings"),
    params: t.expose("params", { type: "JSON", nullable: true, description: "After variables and defaults" }),
    apply: t.field({
      type: [PlannedCommandRef],
      resolve: (p) => p.apply.map((argv) => ({ argv })),
      description: "Each command the agent will run, in order",
    }),
    undo: t.field({ type: [PlannedCommandRef], resolve: (p) => p.undo.map((argv) => ({ argv })) }),
  }),
});

const PLAN_PARAMS = "May name $TARGET_ADDRESS, $TOP_SOURCES, $AMPLIFIER_PORT, $PROTOCOL";
const PreviewInput = builder.inputType("PreviewMitigationInput", {
  fields: (t) => ({
    nodeId: t.id(),
    actionType: t.string(),
    params: t.field({ type: "JSON", description: PLAN_PARAMS }),
    incidentId: t.id({ required: false, description: "Fills incident variables" }),
    exampleIncident: t.boolean({
      required: false,
      description:
        "Without incidentId: fill incident variables with documentation values (as rules are checked on save)",
    }),
  }),
});
const RunInput = builder.inputType("RunMitigationInput", {
  fields: (t) => ({
    nodeId: t.id(),
    actionType: t.string(),
    params: t.field({ type: "JSON", description: PLAN_PARAMS }),
    incidentId: t.id({
      required: false,
      description: "Fills incident variables; the action is undone when it resolves",
    }),
    ttlSeconds: t.int({ description: "10 s – 30 days; the agent removes it then, API or not" }),
    permanent: t.boolean({
      required: false,
      defaultValue: false,
      description: "Kept without TTL and through the dead-man switch",
    }),
  }),
});
const CreateRuleInput = builder.inputType("CreateMitigationRuleInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    name: t.string(),
    nodeId: t.id({ required: false, description: "Only this node; omit for every node of the workspace" }),
    actionType: t.string(),
    params: t.field({ type: "JSON", description: PLAN_PARAMS }),
    trigger: t.field({ type: TriggerEnum }),
    minSeverity: t.field({ type: SeverityEnum, required: false }),
    family: t.string({ required: false, description: "Attack family for a FAMILY trigger" }),
    ttlSeconds: t.int(),
    permanent: t.boolean({ required: false }),
    enabled: t.boolean({ required: false }),
  }),
});
const UpdateRuleInput = builder.inputType("UpdateMitigationRuleInput", {
  fields: (t) => ({
    ruleId: t.id(),
    name: t.string({ required: false }),
    actionType: t.string({ required: false }),
    params: t.field({ type: "JSON", required: false }),
    trigger: t.field({ type: TriggerEnum, required: false }),
    minSeverity: t.field({ type: SeverityEnum, required: false }),
    family: t.string({ required: false }),
    ttlSeconds: t.int({ required: false }),
    permanent: t.boolean({ required: false }),
    enabled: t.boolean({ required: false }),
  }),
});
const SafelistInput = builder.inputType("SetMitigationSafelistInput", {
  fields: (t) => ({ workspaceId: t.id(), prefixes: t.stringList() }),
});

const RulePayload = builder.objectRef<{ rule: { id: string } }>("MitigationRulePayload").implement({
  fields: (t) => ({ rule: t.field({ type: "MitigationRule" as never, resolve: (p) => p.rule as never }) }),
});
const ActionPayload = builder.objectRef<{ action: { id: string } }>("MitigationActionPayload").implement({
  fields: (t) => ({
    action: t.field({ type: "MitigationAction" as never, resolve: (p) => p.action as never }),
  }),
});
const DeleteRulePayload = builder
  .objectRef<{ deletedRuleId: string }>("DeleteMitigationRulePayload")
  .implement({
    fields: (t) => ({ deletedRuleId: t.exposeID("deletedRuleId") }),
  });
const SafelistPayload = builder.objectRef<{ prefixes: string[] }>("MitigationSafelistPayload").implement({
  fields: (t) => ({ prefixes: t.exposeStringList("prefixes") }),
});

/** Action ids are not UUIDs (they name host objects): 12 of a-z0-9. Anything else is NOT_FOUND. */
function actionIdOf(globalId: string): string {
  let decoded: { typename: string; id: string } | undefined;
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw ValidationError.field("input.actionId", "is not a valid ID");
  }
  if (decoded.typename !== "MitigationAction" || !/^[a-z0-9]{12}$/.test(decoded.id))
    throw new NotFoundError("mitigation action");
  return decoded.id;
}

const nodeIdOf = (id: string) => idOf(id, "MonitoredNode", "input.nodeId");
const incidentIdOf = (id: string | null | undefined) =>
  id ? idOf(id, "Incident", "input.incidentId") : null;

builder.queryField("previewMitigation", (t) =>
  t.field({
    type: PreviewRef,
    description: "The exact argv, refusals and warnings of an action on a node (nothing is saved or sent)",
    args: { input: t.arg({ type: PreviewInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      previewMitigation(ctx, {
        ...input,
        nodeId: nodeIdOf(input.nodeId),
        incidentId: incidentIdOf(input.incidentId),
      }),
  }),
);

builder.mutationFields((t) => ({
  runMitigation: t.field({
    type: ActionPayload,
    description:
      "Queues a firewall action on a node (validated and guardrailed as previewMitigation shows); the agent applies it; needs mitigation:manage",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RunInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      action: await runMitigation(ctx, {
        ...input,
        nodeId: nodeIdOf(input.nodeId),
        incidentId: incidentIdOf(input.incidentId),
        permanent: input.permanent ?? false,
      }),
    }),
  }),
  undoMitigation: t.field({
    type: ActionPayload,
    description: "Asks the node's agent to remove a firewall action; needs mitigation:manage",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: builder.inputType("UndoMitigationInput", { fields: (f) => ({ actionId: f.id() }) }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      action: await undoMitigation(ctx, actionIdOf(input.actionId)),
    }),
  }),
  createMitigationRule: t.field({
    type: RulePayload,
    description:
      "A rule that runs a firewall action when an incident matches its trigger; needs mitigation:manage",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CreateRuleInput, required: true }) },
    resolve: async (_root, { input: { workspaceId, ...rule } }, ctx) => ({
      rule: await createMitigationRule(ctx, idOf(workspaceId, "Workspace", "input.workspaceId"), {
        ...rule,
        nodeId: rule.nodeId ? nodeIdOf(rule.nodeId) : null,
      }),
    }),
  }),
  updateMitigationRule: t.field({
    type: RulePayload,
    description: "Changes a firewall mitigation rule (the fields given); needs mitigation:manage",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateRuleInput, required: true }) },
    resolve: async (_root, { input: { ruleId, ...changes } }, ctx) => ({
      rule: await updateMitigationRule(ctx, idOf(ruleId, "MitigationRule", "input.ruleId"), {
        ...changes,
      }),
    }),
  }),
  deleteMitigationRule: t.field({
    type: DeleteRulePayload,
    description: "Deletes a firewall mitigation rule; needs mitigation:manage",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: builder.inputType("DeleteMitigationRuleInput", { fields: (f) => ({ ruleId: f.id() }) }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      deletedRuleId: encodeGlobalID(
        "MitigationRule",
        await deleteMitigationRule(ctx, idOf(input.ruleId, "MitigationRule", "input.ruleId")),
      ),
    }),
  }),
  setMitigationSafelist: t.field({
    type: SafelistPayload,
    description:
      "Replaces the addresses and prefixes no firewall action of the workspace may drop or limit; needs mitigation:manage",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SafelistInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      prefixes: await setMitigationSafelist(
        ctx,
        idOf(input.workspaceId, "Workspace", "input.workspaceId"),
        input.prefixes,
      ),
    }),
  }),
}));

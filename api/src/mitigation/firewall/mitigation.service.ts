import { actionDefinition, prefixSchema } from "@levee/shared/firewall";
import { grantRead } from "../../auth/node-guard.ts";
import type { GraphQLContext } from "../../context.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import type { MitigationTrigger, Prisma, Severity } from "../../generated/prisma/client.ts";
import { planAction, planProblems, TEMPLATE_FACTS } from "./action-plan.ts";
import { capabilityWarnings, protectedPrefixes } from "./guardrail-report.ts";
import { fireRuleOnOpenIncidents, incidentFacts } from "./incident-triggers.ts";
import { claimSlot, freeSlot, hostFacts, newActionId, recordEvent, safelistOf } from "./mitigation.store.ts";
import { publishMitigation } from "./mitigation-topic.ts";

const MAX_TTL_SECONDS = 30 * 86_400;

async function loadNode(
  ctx: GraphQLContext,
  nodeId: string,
  permission: "mitigation:read" | "mitigation:manage",
) {
  const node = await ctx.db.node.findUnique({
    where: { id: nodeId },
    select: { id: true, workspaceId: true },
  });
  if (!node || !(await ctx.access.can(node.workspaceId, "mitigation:read"))) throw new NotFoundError("node");
  await ctx.access.require(node.workspaceId, permission, "node");
  return node;
}

async function guardsFor(ctx: GraphQLContext, node: { id: string; workspaceId: string }) {
  return protectedPrefixes(await hostFacts(ctx.db, node.id), await safelistOf(ctx.db, node.workspaceId));
}

async function incidentOf(ctx: GraphQLContext, incidentId: string | null | undefined, nodeId: string) {
  if (!incidentId) return null;
  const incident = await ctx.db.incident.findUnique({ where: { id: incidentId } });
  if (!incident || incident.nodeId !== nodeId) throw new NotFoundError("incident");
  return incident;
}

export interface PlanInput {
  nodeId: string;
  actionType: string;
  params?: unknown;
  incidentId?: string | null;
  /** No incident: fill variables with TEMPLATE_FACTS, the values rules are checked against on save. */
  exampleIncident?: boolean | null;
}

/** The exact argv, refusals and warnings for an action on a node, without saving anything. */
export async function previewMitigation(ctx: GraphQLContext, input: PlanInput) {
  const node = await loadNode(ctx, input.nodeId, "mitigation:read");
  const incident = await incidentOf(ctx, input.incidentId, node.id);
  const facts = incident
    ? await incidentFacts(ctx.db, incident)
    : input.exampleIncident
      ? TEMPLATE_FACTS
      : null;
  const plan = planAction({
    id: "preview0000",
    slot: await freeSlot(ctx.db, node.id),
    actionType: input.actionType,
    params: input.params,
    incident: facts,
    protectedList: await guardsFor(ctx, node),
  });
  const host = await hostFacts(ctx.db, node.id);
  plan.warnings.push(...capabilityWarnings(actionDefinition(input.actionType), host?.capabilities));
  return { ...plan, valid: plan.issues.length === 0 && plan.refused.length === 0 };
}

/** An operator applies an action by hand (optionally tied to an incident). */
export async function runMitigation(
  ctx: GraphQLContext,
  input: PlanInput & { ttlSeconds: number; permanent: boolean },
) {
  const node = await loadNode(ctx, input.nodeId, "mitigation:manage");
  checkTtl(input.ttlSeconds, input.permanent);
  const incident = await incidentOf(ctx, input.incidentId, node.id);
  const facts = incident ? await incidentFacts(ctx.db, incident) : null;
  const protectedList = await guardsFor(ctx, node);
  const id = newActionId();
  const action = await ctx.mutate(async (tx, audit) => {
    // Planned inside the transaction: the commands name the slot claimed for it.
    const slot = await claimSlot(tx, node.id);
    const plan = planAction({
      id,
      slot,
      actionType: input.actionType,
      params: input.params,
      incident: facts,
      protectedList,
    });
    if (plan.issues.length > 0)
      throw new ValidationError(plan.issues.map((i) => ({ path: `input.${i.path}`, message: i.message })));
    if (plan.refused.length > 0)
      throw ValidationError.field("input.params", `refused: ${plan.refused.join("; ")}`);
    const created = await tx.mitigationAction.create({
      data: {
        id,
        workspaceId: node.workspaceId,
        nodeId: node.id,
        incidentId: incident?.id ?? null,
        actionType: input.actionType,
        params: plan.params as Prisma.InputJsonValue,
        slot,
        permanent: input.permanent,
        expiresAt: input.permanent ? null : new Date(Date.now() + input.ttlSeconds * 1000),
        warnings: plan.warnings,
      },
    });
    const commands = plan.apply.map((argv) => ({ argv, exitCode: null, stderr: "" }));
    await recordEvent(tx, created, "REQUESTED", { commands, message: plan.warnings.join("; ") || null });
    await audit({
      action: "mitigation.run",
      workspaceId: node.workspaceId,
      target: { type: "MitigationAction", id },
      summary: {
        nodeId: node.id,
        actionType: input.actionType,
        params: plan.params,
        argv: plan.apply,
        warnings: plan.warnings,
      },
    });
    return created;
  });
  publishMitigation(ctx, action, "REQUESTED");
  return action;
}

/** Takes an action back: the agent undoes it on its next exchange with the API. */
export async function undoMitigation(ctx: GraphQLContext, actionId: string) {
  const found = await ctx.db.mitigationAction.findUnique({ where: { id: actionId } });
  if (!found || !(await ctx.access.can(found.workspaceId, "mitigation:read")))
    throw new NotFoundError("mitigation action");
  await ctx.access.require(found.workspaceId, "mitigation:manage", "mitigation action");
  if (!["PENDING", "ACTIVE"].includes(found.state)) return found;
  const action = await ctx.mutate(async (tx, audit) => {
    const updated = await tx.mitigationAction.update({
      where: { id: actionId },
      data: { state: "UNDO_PENDING" },
    });
    await recordEvent(tx, updated, "UNDO_REQUESTED", { message: "by an operator" });
    await audit({
      action: "mitigation.undo",
      workspaceId: found.workspaceId,
      target: { type: "MitigationAction", id: actionId },
    });
    return updated;
  });
  publishMitigation(ctx, action, "UNDO_REQUESTED");
  return action;
}

export interface RuleInput {
  name: string;
  nodeId?: string | null;
  actionType: string;
  params?: unknown;
  trigger: MitigationTrigger;
  minSeverity?: Severity | null;
  family?: string | null;
  ttlSeconds: number;
  permanent?: boolean | null;
  enabled?: boolean | null;
}

function checkTtl(ttlSeconds: number, permanent: boolean | null | undefined) {
  if (!permanent && (ttlSeconds < 10 || ttlSeconds > MAX_TTL_SECONDS))
    throw ValidationError.field(
      "input.ttlSeconds",
      `must be 10–${MAX_TTL_SECONDS} (every non-permanent action expires)`,
    );
}

/** Validates a rule's template against example incident values (types, guardrails). */
async function checkRule(ctx: GraphQLContext, workspaceId: string, input: RuleInput) {
  if (!input.name.trim() || input.name.length > 100)
    throw ValidationError.field("input.name", "1–100 characters");
  checkTtl(input.ttlSeconds, input.permanent);
  if (input.trigger === "SEVERITY" && !input.minSeverity)
    throw ValidationError.field("input.minSeverity", "is required for a SEVERITY trigger");
  if (input.trigger === "FAMILY" && !input.family)
    throw ValidationError.field("input.family", "is required for a FAMILY trigger");
  const host = input.nodeId ? await hostFacts(ctx.db, input.nodeId) : null;
  const plan = planAction({
    id: "template00",
    slot: 1,
    actionType: input.actionType,
    params: input.params,
    incident: TEMPLATE_FACTS,
    protectedList: protectedPrefixes(host, await safelistOf(ctx.db, workspaceId)),
  });
  if (plan.issues.length > 0 || plan.refused.length > 0)
    throw ValidationError.field("input.params", planProblems(plan));
}

export async function createMitigationRule(ctx: GraphQLContext, workspaceId: string, input: RuleInput) {
  await ctx.access.require(workspaceId, "mitigation:manage");
  if (input.nodeId) {
    const node = await ctx.db.node.findUnique({ where: { id: input.nodeId } });
    if (!node || node.workspaceId !== workspaceId) throw new NotFoundError("node");
  }
  await checkRule(ctx, workspaceId, input);
  const created = await ctx.mutate(async (tx, audit) => {
    const rule = await tx.mitigationRule.create({
      data: { workspaceId, nodeId: input.nodeId ?? null, ...ruleColumns(input) },
    });
    await audit({
      action: "mitigation-rule.create",
      workspaceId,
      target: { type: "MitigationRule", id: rule.id },
      summary: { after: rule },
    });
    return rule;
  });
  // A key may hold mitigation:manage without mitigation:read: it still sees the rule it made.
  grantRead(ctx, "MitigationRule", created.id);
  await fireRuleOnOpenIncidents(ctx, created);
  return created;
}

/** The stored columns of a (validated) rule. */
const ruleColumns = (input: RuleInput) => ({
  name: input.name.trim(),
  actionType: input.actionType,
  params: input.params as Prisma.InputJsonValue,
  trigger: input.trigger,
  minSeverity: input.minSeverity ?? null,
  family: input.family ?? null,
  ttlSeconds: input.ttlSeconds,
  permanent: input.permanent ?? false,
  enabled: input.enabled ?? true,
});

async function loadRule(ctx: GraphQLContext, ruleId: string) {
  const rule = await ctx.db.mitigationRule.findUnique({ where: { id: ruleId } });
  if (!rule || !(await ctx.access.can(rule.workspaceId, "mitigation:read")))
    throw new NotFoundError("mitigation rule");
  await ctx.access.require(rule.workspaceId, "mitigation:manage", "mitigation rule");
  return rule;
}

export async function updateMitigationRule(
  ctx: GraphQLContext,
  ruleId: string,
  changes: { [K in Exclude<keyof RuleInput, "nodeId">]?: RuleInput[K] | null },
) {
  const rule = await loadRule(ctx, ruleId);
  const set = Object.fromEntries(
    Object.entries(changes).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<RuleInput>;
  const merged: RuleInput = { ...rule, ...set, params: set.params ?? rule.params };
  await checkRule(ctx, rule.workspaceId, merged);
  const updated = await ctx.mutate(async (tx, audit) => {
    const updated = await tx.mitigationRule.update({
      where: { id: ruleId },
      data: ruleColumns(merged),
    });
    await audit({
      action: "mitigation-rule.update",
      workspaceId: rule.workspaceId,
      target: { type: "MitigationRule", id: ruleId },
      summary: { before: rule, after: updated },
    });
    return updated;
  });
  await fireRuleOnOpenIncidents(ctx, updated);
  return updated;
}

export async function deleteMitigationRule(ctx: GraphQLContext, ruleId: string) {
  const rule = await loadRule(ctx, ruleId);
  await ctx.mutate(async (tx, audit) => {
    await tx.mitigationRule.delete({ where: { id: ruleId } });
    await audit({
      action: "mitigation-rule.delete",
      workspaceId: rule.workspaceId,
      target: { type: "MitigationRule", id: ruleId },
      summary: { before: rule },
    });
  });
  return ruleId;
}

/** Replaces the workspace's safelist (addresses no mitigation may ever drop or limit). */
export async function setMitigationSafelist(ctx: GraphQLContext, workspaceId: string, prefixes: string[]) {
  await ctx.access.require(workspaceId, "mitigation:manage");
  if (prefixes.length > 1000) throw ValidationError.field("input.prefixes", "at most 1000 entries");
  const parsed = prefixes.map((prefix, i) => {
    const result = prefixSchema.safeParse(prefix);
    if (!result.success)
      throw ValidationError.field(`input.prefixes.${i}`, result.error.issues[0]?.message ?? "not a prefix");
    return result.data;
  });
  const unique = [...new Set(parsed)].sort();
  await ctx.mutate(async (tx, audit) => {
    const before = await safelistOf(tx, workspaceId);
    await tx.mitigationSafelist.deleteMany({ where: { workspaceId } });
    await tx.mitigationSafelist.createMany({ data: unique.map((prefix) => ({ workspaceId, prefix })) });
    await audit({ action: "mitigation.safelist", workspaceId, summary: { before, after: unique } });
  });
  return unique;
}

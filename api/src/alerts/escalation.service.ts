import { ATTACK_FAMILIES } from "@levee/shared/classification/families";
import type { GraphQLContext } from "../context.ts";
import type { FieldError } from "../errors.ts";
import { ValidationError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { deleteAudited, requireAlertObject } from "./alert-access.ts";
import { type EscalationStep, type NodeLabel, POLICY_LIMITS } from "./escalation.ts";

export interface PolicyInput {
  name: string;
  position?: number | null;
  sharedWithCustomers?: boolean | null;
  severities?: string[] | null;
  families?: string[] | null;
  nodeLabels?: NodeLabel[] | null;
  steps: EscalationStep[];
  repeat?: number | null;
  repeatAfterSeconds?: number | null;
}

const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/** Steps may only name channels of the policy's own workspace (an MSP's policy: the MSP's channels). */
async function policyProblems(
  ctx: GraphQLContext,
  workspaceId: string,
  input: PolicyInput,
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  const name = input.name.trim();
  if (name.length < 1 || name.length > 80)
    problems.push({ path: "input.name", message: "must be 1–80 characters" });
  if (input.steps.length > POLICY_LIMITS.maxSteps)
    problems.push({ path: "input.steps", message: `at most ${POLICY_LIMITS.maxSteps} steps` });
  const repeat = input.repeat ?? 0;
  if (repeat < 0 || repeat > POLICY_LIMITS.maxRepeat)
    problems.push({ path: "input.repeat", message: `must be 0–${POLICY_LIMITS.maxRepeat}` });
  const after = input.repeatAfterSeconds ?? 300;
  if (after < 1 || after > POLICY_LIMITS.maxDelaySeconds)
    problems.push({ path: "input.repeatAfterSeconds", message: "must be 1 s to 7 days" });
  for (const s of input.severities ?? [])
    if (!SEVERITIES.includes(s))
      problems.push({ path: "input.severities", message: `"${s}" is not a severity` });
  for (const f of input.families ?? [])
    if (!(ATTACK_FAMILIES as readonly string[]).includes(f))
      problems.push({ path: "input.families", message: `"${f}" is not an attack family` });
  const channelIds = [...new Set(input.steps.flatMap((step) => step.channelIds))];
  const own = await ctx.db.alertChannel.findMany({
    where: { workspaceId, id: { in: channelIds } },
    select: { id: true },
  });
  const known = new Set(own.map((c) => c.id));
  input.steps.forEach((step, i) => {
    if (step.channelIds.length === 0)
      problems.push({ path: `input.steps.${i}.channelIds`, message: "needs a channel" });
    if (step.channelIds.some((id) => !known.has(id)))
      problems.push({
        path: `input.steps.${i}.channelIds`,
        message: "names a channel not in this workspace",
      });
    if (!(step.delaySeconds >= 0 && step.delaySeconds <= POLICY_LIMITS.maxDelaySeconds))
      problems.push({ path: `input.steps.${i}.delaySeconds`, message: "must be 0 s to 7 days" });
  });
  return problems;
}

/** A policy's columns as saved, from a whole input (defaults filled in). */
function rowOf(input: PolicyInput) {
  return {
    name: input.name.trim(),
    position: input.position ?? 0,
    sharedWithCustomers: input.sharedWithCustomers ?? false,
    severities: input.severities ?? [],
    families: input.families ?? [],
    nodeLabels: (input.nodeLabels ?? []) as unknown as Prisma.InputJsonValue,
    steps: input.steps as unknown as Prisma.InputJsonValue,
    repeat: input.repeat ?? 0,
    repeatAfterSeconds: input.repeatAfterSeconds ?? 300,
  };
}

export async function createEscalationPolicy(ctx: GraphQLContext, workspaceId: string, input: PolicyInput) {
  await ctx.access.require(workspaceId, "alert:manage");
  const problems = await policyProblems(ctx, workspaceId, input);
  if (problems.length > 0) throw new ValidationError(problems);
  const data = { workspaceId, ...rowOf(input) };
  return ctx.mutate(async (tx, audit) => {
    const created = await tx.escalationPolicy.create({ data });
    await audit({
      action: "escalation-policy.create",
      workspaceId,
      target: { type: "EscalationPolicy", id: created.id },
      summary: { after: data },
    });
    return created;
  });
}

/** What a change may set; a field left undefined (or null) keeps its value. */
export type PolicyChange = { [K in keyof PolicyInput]?: PolicyInput[K] | null };

/**
 * Changes a policy in place (its id, place among the workspace's policies and history kept), the
 * whole policy as it would be saved checked again. An incident's plan is made when it opens and
 * never changes (escalation.ts), so incidents already escalating keep the steps they started
 * with; the change routes the incidents that open after it.
 */
export async function updateEscalationPolicy(ctx: GraphQLContext, policyId: string, change: PolicyChange) {
  const found = await ctx.db.escalationPolicy.findUnique({ where: { id: policyId } });
  const before = await requireAlertObject(ctx, found, "escalation policy", "alert:manage");
  const saved: PolicyInput = {
    ...before,
    nodeLabels: before.nodeLabels as unknown as NodeLabel[],
    steps: before.steps as unknown as EscalationStep[],
  };
  const merged: PolicyInput = {
    name: change.name ?? saved.name,
    position: change.position ?? saved.position,
    sharedWithCustomers: change.sharedWithCustomers ?? saved.sharedWithCustomers,
    severities: change.severities ?? saved.severities,
    families: change.families ?? saved.families,
    nodeLabels: change.nodeLabels ?? saved.nodeLabels,
    steps: change.steps ?? saved.steps,
    repeat: change.repeat ?? saved.repeat,
    repeatAfterSeconds: change.repeatAfterSeconds ?? saved.repeatAfterSeconds,
  };
  const problems = await policyProblems(ctx, before.workspaceId, merged);
  if (problems.length > 0) throw new ValidationError(problems);
  const data = rowOf(merged);
  return ctx.mutate(async (tx, audit) => {
    const updated = await tx.escalationPolicy.update({ where: { id: policyId }, data });
    await audit({
      action: "escalation-policy.update",
      workspaceId: before.workspaceId,
      target: { type: "EscalationPolicy", id: policyId },
      summary: { before: rowOf(saved), after: data },
    });
    return updated;
  });
}

export async function deleteEscalationPolicy(ctx: GraphQLContext, policyId: string) {
  const found = await ctx.db.escalationPolicy.findUnique({ where: { id: policyId } });
  const policy = await requireAlertObject(ctx, found, "escalation policy", "alert:manage");
  return deleteAudited(ctx, policy, "EscalationPolicy", "escalation-policy.delete", (tx) =>
    tx.escalationPolicy.delete({ where: { id: policyId } }),
  );
}

/** Stops further escalation steps of the incident (checked when each step is due); audited. */
export async function acknowledgeIncident(ctx: GraphQLContext, incidentId: string) {
  const found = await ctx.db.incident.findUnique({ where: { id: incidentId } });
  const incident = await requireAlertObject(ctx, found, "incident", "incident:acknowledge", "incident:read");
  if (incident.acknowledgedAt) return incident;
  const p = ctx.principal;
  const by = p.kind === "user" ? `user:${p.userId}` : "apiKeyId" in p ? `key:${p.apiKeyId}` : p.kind;
  return ctx.mutate(async (tx, audit) => {
    const updated = await tx.incident.update({
      where: { id: incidentId },
      data: { acknowledgedAt: new Date(), acknowledgedBy: by },
    });
    await audit({
      action: "incident.acknowledge",
      workspaceId: incident.workspaceId,
      target: { type: "Incident", id: incidentId },
      summary: { after: { acknowledgedAt: updated.acknowledgedAt } },
    });
    return updated;
  });
}

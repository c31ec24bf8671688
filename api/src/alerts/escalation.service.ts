import { ATTACK_FAMILIES } from "@levee/shared/classification/families";
import { canonicalJson } from "../audit/audit-chain.ts";
import type { Tx } from "../audit/audit-recorder.ts";
import type { Actor } from "../auth/principal.ts";
import type { GraphQLContext } from "../context.ts";
import type { FieldError } from "../errors.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { Incident, Prisma } from "../generated/prisma/client.ts";
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

/**
 * Steps may only name channels of the policy's own workspace (an MSP's policy: the MSP's
 * channels), and a policy shared with customers only channels shared too: its customers'
 * incidents reach no other channel of the MSP, so such a policy would route them to no one (the
 * first matching policy routes; no other is tried). `check.steps` false skips the steps' channels
 * (an update that does not send steps, below).
 */
async function policyProblems(
  db: Pick<Tx, "alertChannel" | "$queryRaw">,
  workspaceId: string,
  input: PolicyInput,
  check = { steps: true },
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
  if (!check.steps) return problems;
  const channelIds = [...new Set(input.steps.flatMap((step) => step.channelIds))];
  // A shared policy's channels must stay shared until it commits: the workspace's channel rows
  // are held (FOR SHARE) so an un-share at the same moment (alert-channel.service.ts, FOR UPDATE
  // on its row) waits and then sees this policy, instead of both passing.
  if (input.sharedWithCustomers && channelIds.length > 0)
    await db.$queryRaw`SELECT id FROM alert_channel WHERE workspace_id = ${workspaceId}::uuid ORDER BY id FOR SHARE`;
  const own = await db.alertChannel.findMany({
    where: { workspaceId, id: { in: channelIds } },
    select: { id: true, name: true, sharedWithCustomers: true },
  });
  const known = new Map(own.map((c) => [c.id, c]));
  input.steps.forEach((step, i) => {
    const path = `input.steps.${i}.channelIds`;
    if (step.channelIds.length === 0) problems.push({ path, message: "needs a channel" });
    if (step.channelIds.some((id) => !known.has(id)))
      problems.push({ path, message: "names a channel not in this workspace" });
    else if (input.sharedWithCustomers) {
      const unshared = step.channelIds.map((id) => known.get(id)).filter((c) => c && !c.sharedWithCustomers);
      if (unshared.length > 0)
        problems.push({
          path,
          message: `a policy shared with customers can only name shared channels; not shared: ${unshared.map((c) => `"${c?.name}"`).join(", ")}`,
        });
    }
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

const comparable = (row: ReturnType<typeof rowOf>) =>
  canonicalJson({ ...row, severities: [...row.severities].sort(), families: [...row.families].sort() });

export async function createEscalationPolicy(ctx: GraphQLContext, workspaceId: string, input: PolicyInput) {
  await ctx.access.require(workspaceId, "alert:manage");
  await assertNameFree(ctx, workspaceId, input.name);
  const data = { workspaceId, ...rowOf(input) };
  return ctx.mutate(async (tx, audit) => {
    // Checked in the transaction: a shared policy's channels are held until it commits.
    const problems = await policyProblems(tx, workspaceId, input);
    if (problems.length > 0) throw new ValidationError(problems);
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

/** What a change may set; a field left out (or null) keeps its value. */
export type PolicyChange = { [K in keyof PolicyInput]?: PolicyInput[K] | null };

/** Policy names are unique in a workspace (the database's key); said as such, not as a race. */
async function assertNameFree(ctx: GraphQLContext, workspaceId: string, name: string, exceptId?: string) {
  const clash = await ctx.db.escalationPolicy.findFirst({
    where: { workspaceId, name: name.trim(), id: exceptId ? { not: exceptId } : undefined },
    select: { id: true },
  });
  if (clash)
    throw new ConflictError(`An escalation policy named "${name.trim()}" already exists in this workspace`);
}

/**
 * Changes a policy in place (its id, place among the workspace's policies and history kept). The
 * row is locked and read again in the transaction (and every check reads through it: the
 * embedded engine has one connection), so two changes at once apply one after the
 * other (each merged onto the other's result, each audited with what it replaced), and a change
 * racing a delete is NOT_FOUND. The merged policy is checked as create checks one, except that
 * steps are checked only when sent: a channel deleted since still stands in the stored steps
 * (dispatch skips it) and must not refuse a change of, say, the position.
 *
 * An incident's plan is made when it opens and never changes (escalation.ts), so incidents
 * already escalating keep the steps they started with; the change routes those opening after it.
 */
export async function updateEscalationPolicy(ctx: GraphQLContext, policyId: string, change: PolicyChange) {
  const found = await ctx.db.escalationPolicy.findUnique({ where: { id: policyId } });
  const { workspaceId } = await requireAlertObject(ctx, found, "escalation policy", "alert:manage");
  if (change.name != null) await assertNameFree(ctx, workspaceId, change.name, policyId);
  return ctx.mutate(async (tx, audit) => {
    const held = await tx.$queryRaw<
      unknown[]
    >`SELECT id FROM escalation_policy WHERE id = ${policyId}::uuid FOR UPDATE`;
    const before = held.length > 0 ? await tx.escalationPolicy.findUnique({ where: { id: policyId } }) : null;
    if (!before) throw new NotFoundError("escalation policy");
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
    // Steps are checked when sent, or when the policy becomes shared (their channels must be).
    const sharing = merged.sharedWithCustomers === true && !saved.sharedWithCustomers;
    const problems = await policyProblems(tx, workspaceId, merged, {
      steps: change.steps != null || sharing,
    });
    if (problems.length > 0) throw new ValidationError(problems);
    const [was, data] = [rowOf(saved), rowOf(merged)];
    // Nothing to change: nothing written, nothing audited. Compared whatever the key order (the
    // stored steps come back from jsonb with their keys reordered) and with severities and
    // families as the sets they are.
    if (comparable(was) === comparable(data)) return before;
    const updated = await tx.escalationPolicy.update({ where: { id: policyId }, data });
    await audit({
      action: "escalation-policy.update",
      workspaceId,
      target: { type: "EscalationPolicy", id: policyId },
      summary: { before: was, after: data },
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

/**
 * A name for who acknowledged (`user:<id>`, `key:<id>` or `callback:<provider>:<who>`, as
 * stored): the member's, the key's, or the provider's user as the provider reported them.
 */
export async function acknowledgerName(
  ctx: Pick<GraphQLContext, "db">,
  by: string | null,
): Promise<string | null> {
  if (by?.startsWith("callback:")) return callbackAcknowledger(by);
  const [kind, id] = by?.split(":") ?? [];
  if (!id) return null;
  if (kind === "user")
    return (await ctx.db.user.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
  if (kind === "key") {
    const key = await ctx.db.apiKey.findUnique({ where: { id }, select: { name: true } });
    return key ? `API key ${key.name}` : null;
  }
  return null;
}

/** Stops further escalation steps of the incident (checked when each step is due); audited. */
export async function acknowledgeIncident(ctx: GraphQLContext, incidentId: string) {
  const found = await ctx.db.incident.findUnique({ where: { id: incidentId } });
  const incident = await requireAlertObject(ctx, found, "incident", "incident:acknowledge", "incident:read");
  const p = ctx.principal;
  const by = p.kind === "user" ? `user:${p.userId}` : "apiKeyId" in p ? `key:${p.apiKeyId}` : p.kind;
  return recordAcknowledgement(ctx, incident, by);
}

/**
 * The acknowledgement itself, for `acknowledgeIncident` and for a provider's callback
 * (inbound/callback.route.ts), so both write the same row and audit entry. Idempotent: an
 * incident already acknowledged is returned as it is, by whoever was first. `actor` is the
 * audit entry's (the caller's by default).
 */
export async function recordAcknowledgement(
  ctx: Pick<GraphQLContext, "mutate">,
  incident: Incident,
  by: string,
  actor?: Actor,
): Promise<Incident> {
  if (incident.acknowledgedAt) return incident;
  return ctx.mutate(async (tx, audit) => {
    // Conditional, so two acknowledgements at once (a Slack click and a PagerDuty webhook) write one.
    const { count } = await tx.incident.updateMany({
      where: { id: incident.id, acknowledgedAt: null },
      data: { acknowledgedAt: new Date(), acknowledgedBy: by },
    });
    const updated = await tx.incident.findUniqueOrThrow({ where: { id: incident.id } });
    if (count === 0) return updated;
    await audit({
      action: "incident.acknowledge",
      workspaceId: incident.workspaceId,
      target: { type: "Incident", id: incident.id },
      summary: { after: { acknowledgedAt: updated.acknowledgedAt } },
    });
    return updated;
  }, actor);
}

/** `callback:<provider>:<who>` → "PagerDuty: Jane Doe (PLH1HKV)". */
function callbackAcknowledger(by: string): string {
  const rest = by.slice("callback:".length);
  const colon = rest.indexOf(":");
  return colon < 0 ? rest : `${rest.slice(0, colon)}: ${rest.slice(colon + 1)}`;
}

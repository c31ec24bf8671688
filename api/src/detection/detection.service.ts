import {
  MAX_MULTIPLIER,
  MIN_MULTIPLIER,
  UNPRIVILEGED_FLOOR_FACTOR,
  UNPRIVILEGED_MAX_MULTIPLIER,
} from "@levee/shared/detection/threshold-limits"; // node:update's ceilings, shared with the dashboard's forms
import type { GraphQLContext } from "../context.ts";
import { type FieldError, ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import type { TrafficMetric } from "./metrics.ts";
import { settingsChangeMessages } from "./settings-changes.ts";

interface ThresholdSettings {
  multiplier?: number | null;
  overrides?: { metric: TrafficMetric; threshold?: number | null }[] | null;
}

const MAX_THRESHOLD = 1e13;
function check(input: ThresholdSettings): void {
  const problems: FieldError[] = [];
  const { multiplier } = input;
  if (multiplier != null && !(multiplier >= MIN_MULTIPLIER && multiplier <= MAX_MULTIPLIER))
    problems.push({
      path: "input.multiplier",
      message: `must be between ${MIN_MULTIPLIER} and ${MAX_MULTIPLIER}`,
    });
  const seen = new Set<TrafficMetric>();
  (input.overrides ?? []).forEach((o, i) => {
    if (seen.has(o.metric)) problems.push({ path: `input.overrides.${i}.metric`, message: "appears twice" });
    seen.add(o.metric);
    if (o.threshold != null && !(o.threshold > 0 && o.threshold <= MAX_THRESHOLD))
      problems.push({
        path: `input.overrides.${i}.threshold`,
        message: `must be above 0 and at most ${MAX_THRESHOLD}`,
      });
  });
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Sets a node's multiplier and manual thresholds (audited); every API instance reloads them. */
export async function setNodeThresholds(ctx: GraphQLContext, nodeId: string, input: ThresholdSettings) {
  const node = await ctx.db.node.findUnique({ where: { id: nodeId }, include: { thresholdOverrides: true } });
  if (!node) throw new NotFoundError("node");
  await ctx.access.require(node.workspaceId, "node:update", "node");
  check(input);
  const before = {
    multiplier: node.detectionMultiplier,
    overrides: Object.fromEntries(node.thresholdOverrides.map((o) => [o.metric, o.threshold])),
  };
  const beyondCeiling = pastCeiling(input, before, ctx.config.detection.floors);
  if (beyondCeiling.length > 0 && !(await ctx.access.can(node.workspaceId, "detection:override")))
    throw new ForbiddenError(
      `Only an ADMIN or OWNER may set ${beyondCeiling.join(", ")} this high (detection:override)`,
    );
  const raised = raises(before, input);
  const updated = await ctx.mutate(async (tx, audit) => {
    for (const o of input.overrides ?? []) {
      const key = { nodeId_metric: { nodeId, metric: o.metric } };
      if (o.threshold == null)
        await tx.nodeThresholdOverride.deleteMany({ where: { nodeId, metric: o.metric } });
      else
        await tx.nodeThresholdOverride.upsert({
          where: key,
          create: { nodeId, metric: o.metric, threshold: o.threshold },
          update: { threshold: o.threshold },
        });
    }
    const saved = await tx.node.update({
      where: { id: nodeId },
      data: { detectionMultiplier: input.multiplier ?? undefined },
      include: { thresholdOverrides: true },
    });
    const after = {
      multiplier: saved.detectionMultiplier,
      overrides: Object.fromEntries(saved.thresholdOverrides.map((o) => [o.metric, o.threshold])),
    };
    await audit({
      action: "node.thresholds",
      workspaceId: node.workspaceId,
      target: { type: "Node", id: nodeId },
      summary: {
        before,
        after,
        ...(raised.length > 0 && {
          warning: `detection made less sensitive: ${raised.join(", ")} raised`,
        }),
      },
    });
    return saved;
  });
  ctx.telemetry.detection.invalidate([nodeId]); // here at once; other instances through pub/sub
  for (const message of settingsChangeMessages([nodeId]))
    ctx.pubsub.publish("detectionSettingsChanged", message);
  return updated;
}

/**
 * Sets one multiplier on every node of a workspace, in one transaction and one audit entry (the
 * dashboard's workspace setting; a workspace of any size, where a call per node stopped at the
 * first page of nodes). The ceiling is setNodeThresholds' own: past it, without
 * detection:override, the value may only keep or lower each node's multiplier, else nothing is
 * changed. Returns how many nodes changed (those already at the value are left as they are).
 */
export async function setWorkspaceMultiplier(
  ctx: GraphQLContext,
  workspaceId: string,
  multiplier: number,
): Promise<number> {
  await ctx.access.require(workspaceId, "node:update");
  check({ multiplier });
  const mayRaisePastCeiling =
    multiplier <= UNPRIVILEGED_MAX_MULTIPLIER || (await ctx.access.can(workspaceId, "detection:override"));
  const changed = await ctx.mutate(
    async (tx, audit) => {
      // Rows locked in id order, then the workspace's row, then the audit chain, as the ONLINE
      // batch and a workspace's deletion take them (another order deadlocks with theirs). The
      // workspace's row holds the multiplier new nodes start with; creating a node reads it with a
      // share lock, so once this has it no node can start at the old value, and the UPDATE after it
      // also takes the nodes created while it waited — those after the workspace's row, out of the
      // id order (rare; a deadlock it meets is retried, see retryDeadlocks below). Each row's value
      // before is read under its lock, so the ceiling is judged on what is written over.
      await tx.$queryRaw`SELECT count(*)::int AS locked FROM (
        SELECT id FROM node WHERE workspace_id = ${workspaceId}::uuid ORDER BY id FOR NO KEY UPDATE) AS n`;
      const held = await tx.$queryRaw<{ before: number }[]>`
        SELECT detection_multiplier AS before FROM workspace WHERE id = ${workspaceId}::uuid FOR NO KEY UPDATE`;
      const defaultBefore = held[0]?.before;
      if (defaultBefore === undefined) throw new NotFoundError("workspace");
      const rows = await tx.$queryRaw<{ id: string; before: number }[]>`
        WITH locked AS (
          SELECT id, detection_multiplier FROM node
           WHERE workspace_id = ${workspaceId}::uuid AND detection_multiplier <> ${multiplier}::float8
           ORDER BY id FOR NO KEY UPDATE)
        UPDATE node n SET detection_multiplier = ${multiplier}::float8, updated_at = now()
          FROM locked WHERE n.id = locked.id
        RETURNING n.id::text AS id, locked.detection_multiplier AS before`;
      const raised = rows.filter((r) => multiplier > r.before).length;
      // An empty workspace's default raised past the ceiling is the same quiet desensitising, for
      // every node enrolled later.
      const defaultRaised = multiplier > defaultBefore;
      if ((raised > 0 || defaultRaised) && !mayRaisePastCeiling)
        throw new ForbiddenError(
          raised > 0
            ? `Only an ADMIN or OWNER may raise the multiplier above ${UNPRIVILEGED_MAX_MULTIPLIER} (detection:override): ${raised} node${raised === 1 ? " is" : "s are"} below ${multiplier}`
            : `Only an ADMIN or OWNER may raise the multiplier above ${UNPRIVILEGED_MAX_MULTIPLIER} (detection:override): new nodes start at ${defaultBefore}`,
        );
      if (rows.length === 0 && defaultBefore === multiplier) return [];
      if (defaultBefore !== multiplier)
        await tx.workspace.update({ where: { id: workspaceId }, data: { detectionMultiplier: multiplier } });
      const before: Record<string, number> = {};
      for (const r of rows) before[r.before] = (before[r.before] ?? 0) + 1;
      await audit({
        action: "workspace.detection-multiplier",
        workspaceId,
        target: { type: "Workspace", id: workspaceId },
        // Nodes counted by their multiplier before: the entry stays small for a workspace of thousands.
        summary: {
          before: { byMultiplier: before, newNodes: defaultBefore },
          after: { multiplier, nodes: rows.length, newNodes: multiplier },
          ...((raised > 0 || defaultRaised) && {
            warning:
              raised > 0
                ? `detection made less sensitive: multiplier raised on ${raised} node${raised === 1 ? "" : "s"}`
                : "detection made less sensitive: multiplier raised for new nodes",
          }),
        },
      });
      return rows.map((r) => r.id);
    },
    undefined,
    // Safe to run again: nothing is sent or published inside.
    { retryDeadlocks: true },
  );
  ctx.telemetry.detection.invalidate(changed);
  for (const message of settingsChangeMessages(changed))
    ctx.pubsub.publish("detectionSettingsChanged", message);
  return changed.length;
}

/**
 * The settings of the input that only detection:override may make: a value past the ceiling that is
 * also a raise. What an ADMIN set past it may be sent again unchanged (a form saves every field) or
 * lowered by node:update alone; lowering only makes detection more sensitive.
 */
function pastCeiling(
  input: ThresholdSettings,
  before: { multiplier: number; overrides: Record<string, number> },
  floors: Record<TrafficMetric, number>,
): string[] {
  const past: string[] = [];
  const { multiplier } = input;
  if (multiplier != null && multiplier > UNPRIVILEGED_MAX_MULTIPLIER && multiplier > before.multiplier)
    past.push("the multiplier");
  for (const o of input.overrides ?? [])
    if (
      o.threshold != null &&
      o.threshold > UNPRIVILEGED_FLOOR_FACTOR * floors[o.metric] &&
      !(o.threshold <= (before.overrides[o.metric] ?? 0))
    )
      past.push(`the ${o.metric} threshold`);
  return past;
}

/** What the input raises compared with the node's settings before (lowering is never flagged). */
function raises(
  before: { multiplier: number; overrides: Record<string, number> },
  input: ThresholdSettings,
): string[] {
  const raised: string[] = [];
  if (input.multiplier != null && input.multiplier > before.multiplier) raised.push("multiplier");
  for (const o of input.overrides ?? [])
    if (
      o.threshold != null &&
      (before.overrides[o.metric] === undefined || o.threshold > (before.overrides[o.metric] ?? 0))
    )
      raised.push(`${o.metric} threshold`);
  return raised;
}

import {
  MAX_MULTIPLIER,
  MIN_MULTIPLIER,
  UNPRIVILEGED_FLOOR_FACTOR,
  UNPRIVILEGED_MAX_MULTIPLIER,
} from "@levee/shared/detection/threshold-limits"; // node:update's ceilings, shared with the dashboard's forms
import type { GraphQLContext } from "../context.ts";
import { type FieldError, ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import type { TrafficMetric } from "./metrics.ts";

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
  ctx.telemetry.detection.invalidate(nodeId); // here at once; other instances through pub/sub
  ctx.pubsub.publish("detectionSettingsChanged", { nodeId });
  return updated;
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

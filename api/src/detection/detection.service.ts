import type { GraphQLContext } from "../context.ts";
import { type FieldError, NotFoundError, ValidationError } from "../errors.ts";
import type { TrafficMetric } from "./metrics.ts";

interface ThresholdSettings {
  multiplier?: number | null;
  overrides?: { metric: TrafficMetric; threshold?: number | null }[] | null;
}

const MAX_THRESHOLD = 1e13;

function check(input: ThresholdSettings): void {
  const problems: FieldError[] = [];
  const { multiplier } = input;
  if (multiplier != null && !(multiplier >= 1.5 && multiplier <= 20))
    problems.push({ path: "input.multiplier", message: "must be between 1.5 and 20" });
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
      summary: { before, after },
    });
    return saved;
  });
  ctx.telemetry.detection.invalidate(nodeId); // here at once; other instances through pub/sub
  ctx.pubsub.publish("detectionSettingsChanged", { nodeId });
  return updated;
}

import { subscribeInWorkspace } from "../auth/live-access.ts";
import { builder } from "../builder.ts";
import { mutationErrors } from "../errors.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import { NodePayload } from "../nodes/node.schema.ts";
import type { NodeStatusPayload } from "../topics.ts";
import type { Threshold } from "./baseline.ts";
import { setNodeThresholds, setWorkspaceMultiplier } from "./detection.service.ts";
import type { DetectionView } from "./detection-engine.ts";
import { TRAFFIC_METRICS } from "./metrics.ts";
import { loadSeasonalWeek } from "./seasonal.store.ts";
import type { SeasonalHour } from "./seasonal.ts";

export const DetectionStateEnum = builder.enumType("DetectionState", {
  values: ["NORMAL", "ELEVATED", "ATTACK"] as const,
  description: "ELEVATED: a metric above DETECTION_ELEVATED_FRACTION (default 0.5) of its threshold",
});
export const TrafficMetricEnum = builder.enumType("TrafficMetric", {
  values: TRAFFIC_METRICS,
  description:
    "Inbound packets/s, bits/s, packets/s per protocol, TCP sockets: SYN_RECV (half-open), TCP_ESTABLISHED, TCP_SOCKETS (any state), and SYN_COOKIES: SYN cookies sent/s (the kernel answering SYNs with cookies while a listener's SYN backlog is full; no seasonal p99, the hourly rollups keep none)",
});
const BaselineSourceEnum = builder.enumType("BaselineSource", {
  values: ["LEARNED", "SEASONAL", "MANUAL", "FLOOR"] as const,
  description:
    "What set the threshold: LEARNED (multiplier × p99 of the trailing 300 quiet seconds), SEASONAL (multiplier × p99 of the same hour of the week over the last 4 weeks, when higher), MANUAL, or FLOOR (also while LEARNING without history)",
});

const SeasonalHourRef = builder.objectRef<SeasonalHour>("SeasonalHour").implement({
  description: "One hour of a node's week and its seasonal p99",
  fields: (t) => ({
    hourOfWeek: t.exposeInt("hourOfWeek", {
      description: "Local hour of the week in the workspace's time zone: 0 is Monday 00:00, 167 Sunday 23:00",
    }),
    p99: t.exposeFloat("p99", {
      nullable: true,
      description:
        "The p99 of that hour's p99s over the last 4 weeks (hours with attack seconds or under a minute of samples left out); null without such an hour",
    }),
  }),
});

const MetricThresholdRef = builder.objectRef<Threshold>("MetricThreshold").implement({
  fields: (t) => ({
    metric: t.field({ type: TrafficMetricEnum, resolve: (m) => m.metric }),
    threshold: t.exposeFloat("threshold"),
    elevatedAt: t.exposeFloat("elevatedAt"),
    source: t.field({ type: BaselineSourceEnum, resolve: (m) => m.source }),
  }),
});

export const NodeDetectionRef = builder.objectRef<DetectionView>("NodeDetection").implement({
  fields: (t) => ({
    state: t.field({ type: DetectionStateEnum, resolve: (d) => d.state }),
    incidentId: t.id({
      nullable: true,
      resolve: (d) => (d.incidentId ? encodeGlobalID("Incident", d.incidentId) : null),
    }),
    captureRequested: t.boolean({
      description: "True while an incident is open: the agent should capture packets",
      resolve: (d) => d.state === "ATTACK",
    }),
    thresholds: t.field({ type: [MetricThresholdRef], resolve: (d) => d.thresholds }),
  }),
});

const MetricBaselineRef = builder
  .objectRef<
    Threshold & {
      avg: number;
      p95: number;
      p99: number;
      samples: number;
      updatedAt: Date | null;
      seasonalP99: number | null;
    }
  >("MetricBaseline")
  .implement({
    description: "Learned statistics over the trailing 300 quiet seconds and the threshold in force",
    fields: (t) => ({
      metric: t.field({ type: TrafficMetricEnum, resolve: (m) => m.metric }),
      avg: t.exposeFloat("avg"),
      p95: t.exposeFloat("p95"),
      p99: t.exposeFloat("p99"),
      samples: t.exposeInt("samples"),
      seasonalP99: t.exposeFloat("seasonalP99", {
        nullable: true,
        description:
          "p99 of the same hour of the week over the last 4 weeks (hourly rollups); null without history",
      }),
      learning: t.boolean({ resolve: (m) => m.samples < 300 }),
      threshold: t.exposeFloat("threshold"),
      source: t.field({ type: BaselineSourceEnum, resolve: (m) => m.source }),
      updatedAt: t.expose("updatedAt", { type: "DateTime", nullable: true }),
    }),
  });

async function baselinesOf(nodeId: string, ctx: Parameters<typeof setNodeThresholds>[0]) {
  const view = await ctx.telemetry.detection.describe(nodeId);
  return (view?.thresholds ?? []).map((threshold) => {
    const stats = view?.stats?.[threshold.metric];
    return {
      ...threshold,
      avg: stats?.avg ?? 0,
      p95: stats?.p95 ?? 0,
      p99: stats?.p99 ?? 0,
      samples: stats?.samples ?? 0,
      updatedAt: view?.statsAt ?? null,
      seasonalP99: view?.seasonal?.[threshold.metric] ?? null,
    };
  });
}

builder.prismaObjectFields("Node", (t) => ({
  detectionMultiplier: t.exposeFloat("detectionMultiplier", { description: "threshold = multiplier × p99" }),
  detection: t.field({
    type: NodeDetectionRef,
    resolve: async (node, _args, ctx) =>
      (await ctx.telemetry.detection.describe(node.id)) ?? {
        state: "NORMAL" as const,
        incidentId: null,
        thresholds: [],
        stats: null,
        statsAt: null,
        seasonal: null,
      },
  }),
  baselines: t.field({ type: [MetricBaselineRef], resolve: (node, _args, ctx) => baselinesOf(node.id, ctx) }),
  seasonalWeek: t.field({
    type: [SeasonalHourRef],
    description:
      "The seasonal baseline over the week: for each local hour (the workspace's time zone), the seasonal p99 detection uses in that hour; its threshold there is at least multiplier × it, unless a fixed (MANUAL) threshold replaces it",
    args: { metric: t.arg({ type: TrafficMetricEnum, required: false, defaultValue: "PPS" }) },
    resolve: async (node, args, ctx) => {
      const workspace = await ctx.db.workspace.findUnique({
        where: { id: node.workspaceId },
        select: { timeZone: true },
      });
      return loadSeasonalWeek(ctx.database.sql, node.id, args.metric ?? "PPS", workspace?.timeZone ?? "UTC");
    },
  }),
  baseline: t.field({
    type: MetricBaselineRef,
    nullable: true,
    args: { metric: t.arg({ type: TrafficMetricEnum, required: false, defaultValue: "PPS" }) },
    resolve: async (node, args, ctx) =>
      (await baselinesOf(node.id, ctx)).find((b) => b.metric === (args.metric ?? "PPS")) ?? null,
  }),
}));

const ThresholdOverrideInput = builder.inputType("ThresholdOverrideInput", {
  fields: (t) => ({
    metric: t.field({ type: TrafficMetricEnum }),
    threshold: t.float({
      required: false,
      description: "null removes the override (back to learned); above 10 × the floor needs ADMIN or OWNER",
    }),
  }),
});
const SetNodeThresholdsInput = builder.inputType("SetNodeThresholdsInput", {
  fields: (t) => ({
    nodeId: t.id(),
    multiplier: t.float({
      required: false,
      description: "1.5–20; threshold = multiplier × p99 (above 10 needs ADMIN or OWNER)",
    }),
    overrides: t.field({ type: [ThresholdOverrideInput], required: false }),
  }),
});

builder.mutationField("setNodeThresholds", (t) =>
  t.field({
    type: NodePayload,
    description: "Tune detection for one node: the multiplier and fixed per-metric thresholds",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SetNodeThresholdsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      node: await setNodeThresholds(ctx, idOf(input.nodeId, "MonitoredNode", "input.nodeId"), input),
    }),
  }),
);

const MultiplierShareRef = builder
  .objectRef<{ multiplier: number; nodeCount: number }>("DetectionMultiplierShare")
  .implement({
    description: "How many of a workspace's nodes detect with one multiplier",
    fields: (t) => ({ multiplier: t.exposeFloat("multiplier"), nodeCount: t.exposeInt("nodeCount") }),
  });

builder.prismaObjectFields("Workspace", (t) => ({
  defaultDetectionMultiplier: t.exposeFloat("detectionMultiplier", {
    description:
      "The multiplier a new node of this workspace starts with: the last one setWorkspaceDetectionMultiplier set (3 until then)",
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "node:read" } }),
  }),
  detectionMultipliers: t.field({
    type: [MultiplierShareRef],
    description: "Every multiplier its nodes use, lowest first, with how many nodes use it",
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "node:read" } }),
    resolve: async (ws, _args, ctx) => {
      const groups = await ctx.db.node.groupBy({
        by: ["detectionMultiplier"],
        where: { workspaceId: ws.id },
        _count: { _all: true },
        orderBy: { detectionMultiplier: "asc" },
      });
      return groups.map((g) => ({ multiplier: g.detectionMultiplier, nodeCount: g._count._all }));
    },
  }),
}));

const SetWorkspaceDetectionMultiplierInput = builder.inputType("SetWorkspaceDetectionMultiplierInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    multiplier: t.float({
      description:
        "1.5–20, set on every node of the workspace and on the nodes created after (defaultDetectionMultiplier). Above 10 without detection:override (ADMIN or OWNER; no API key may hold it) the whole call is refused if it would raise any node",
    }),
  }),
});
const WorkspaceDetectionMultiplierPayload = builder
  .objectRef<{ workspaceId: string; nodesChanged: number }>("WorkspaceDetectionMultiplierPayload")
  .implement({
    fields: (t) => ({
      workspace: t.prismaField({
        type: "Workspace",
        resolve: (query, p, _args, ctx) =>
          ctx.db.workspace.findUniqueOrThrow({ ...query, where: { id: p.workspaceId } }),
      }),
      nodesChanged: t.exposeInt("nodesChanged", {
        description: "Nodes whose multiplier changed (those already at the value are left as they were)",
      }),
    }),
  });

builder.mutationField("setWorkspaceDetectionMultiplier", (t) =>
  t.field({
    type: WorkspaceDetectionMultiplierPayload,
    description:
      "Set one detection multiplier on every node of a workspace and the one its new nodes start with (node:update), in one audited change",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SetWorkspaceDetectionMultiplierInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const workspaceId = idOf(input.workspaceId, "Workspace", "input.workspaceId");
      return { workspaceId, nodesChanged: await setWorkspaceMultiplier(ctx, workspaceId, input.multiplier) };
    },
  }),
);

const NodeStatusChangeRef = builder.objectRef<NodeStatusPayload>("NodeStatusChange").implement({
  fields: (t) => ({
    nodeId: t.id({ resolve: (e) => encodeGlobalID("MonitoredNode", e.nodeId) }),
    status: t.exposeString("status", { description: "PENDING, ONLINE or OFFLINE" }),
    detectionState: t.field({ type: DetectionStateEnum, resolve: (e) => e.detectionState }),
    at: t.field({ type: "DateTime", resolve: (e) => new Date(e.at) }),
    node: t.prismaField({
      type: "Node",
      nullable: true,
      resolve: (query, e, _args, ctx) => ctx.db.node.findUnique({ ...query, where: { id: e.nodeId } }),
    }),
  }),
});

builder.subscriptionField("nodeStatusChanged", (t) =>
  t.field({
    type: NodeStatusChangeRef,
    description: "A node of the workspace went ONLINE/OFFLINE or changed detection state",
    args: { workspaceId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      return subscribeInWorkspace(ctx, "nodeStatusChanged", workspaceId, workspaceId, "node:read");
    },
    resolve: (event) => event,
  }),
);

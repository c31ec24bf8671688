import { byRatio, type MetricPeak, peaksFromJson, unitOf } from "@levee/shared/detection/metric-peaks";
import { workspacePermission } from "../auth/field-permission.ts";
import { subscribeInWorkspace } from "../auth/live-access.ts";
import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { AttackFamilyEnum } from "../classification/classification.schema.ts";
import { TrafficMetricEnum } from "../detection/detection.schema.ts";
import { ValidationError } from "../errors.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import type { IncidentEventPayload } from "../topics.ts";
import { incidentFilter } from "./incident-filter.ts";
import {
  DEFAULT_TIMELINE_POINTS,
  MAX_TIMELINE_POINTS,
  type TimelinePoint,
  thinTimeline,
} from "./timeline.ts";

export const IncidentStatusEnum = builder.enumType("IncidentStatus", {
  values: ["OPEN", "RESOLVED"] as const,
});
export const SeverityEnum = builder.enumType("Severity", {
  values: ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const,
  description: "From peak / threshold: LOW < 2×, MEDIUM < 5×, HIGH < 10×, CRITICAL ≥ 10×",
});

const TimelinePointRef = builder.objectRef<TimelinePoint>("IncidentTimelinePoint").implement({
  fields: (t) => ({
    ts: t.field({ type: "DateTime", resolve: (p) => new Date(p[0] * 1000) }),
    rxPps: t.float({ resolve: (p) => p[1] }),
    rxBps: t.float({ resolve: (p) => p[2] }),
  }),
});

const MetricUnitEnum = builder.enumType("MetricUnit", {
  values: ["PACKETS_PER_SECOND", "BITS_PER_SECOND", "SOCKETS"] as const,
  description:
    "What a metric's values count: packets per second, bits per second, or TCP sockets at one moment",
});

const MetricPeakRef = builder.objectRef<MetricPeak>("MetricPeak").implement({
  description:
    "The highest value one of an incident's trigger metrics reached while it was open, and that metric's threshold on the same second",
  fields: (t) => ({
    metric: t.field({ type: TrafficMetricEnum, resolve: (p) => p.metric as never }),
    unit: t.field({
      type: MetricUnitEnum,
      description: "The unit of peak and thresholdAtPeak",
      resolve: (p) => unitOf(p.metric),
    }),
    peak: t.exposeFloat("peak", { description: "In unit: e.g. 145000 TCP packets/s, 900 SYN_RECV sockets" }),
    thresholdAtPeak: t.exposeFloat("thresholdAtPeak", {
      description: "The metric's threshold (in unit) on the second the peak was reached",
    }),
  }),
});

export const IncidentRef = builder.prismaNode("Incident", {
  id: { field: "id" },
  authScopes: readableScopes("Incident"),
  description: "A node's traffic above threshold, from the first ATTACK second until the quiet period",
  fields: (t) => ({
    status: t.field({ type: IncidentStatusEnum, resolve: (i) => i.status }),
    severity: t.field({ type: SeverityEnum, resolve: (i) => i.severity }),
    startedAt: t.expose("startedAt", {
      type: "DateTime",
      description: "The first ATTACK second, by the agent's clock (the sample's ts)",
    }),
    openedAt: t.expose("createdAt", {
      type: "DateTime",
      description:
        "When Levee opened it; incidents lists the last opened first. Later than startedAt by the delay of the samples that opened it: hours for an agent's queue sent after an outage",
    }),
    lastAttackAt: t.expose("lastAttackAt", { type: "DateTime" }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    durationSeconds: t.int({
      description: "Until endedAt, or until now while open",
      resolve: (i) => Math.round(((i.endedAt ?? new Date()).getTime() - i.startedAt.getTime()) / 1000),
    }),
    peakPps: t.exposeFloat("peakPps", { description: "Highest inbound packets/s on the sampled interface" }),
    peakBps: t.exposeFloat("peakBps", { description: "Highest inbound bits/s on the sampled interface" }),
    triggerMetrics: t.field({ type: [TrafficMetricEnum], resolve: (i) => i.triggerMetrics }),
    triggerPeaks: t.field({
      type: [MetricPeakRef],
      description:
        "The peak of each metric that triggered it, in that metric's unit, highest peak / threshold first (the first is what the incident is mainly about; peakPps and peakBps are the sampled interface's, which a host-wide TCP or connection-state flood may barely touch). Empty for incidents stored before these were kept",
      resolve: (i) => byRatio(peaksFromJson(i.triggerPeaks)),
    }),
    thresholds: t.expose("thresholds", { type: "JSON", description: "Thresholds in force when it opened" }),
    timeline: t.field({
      type: [TimelinePointRef],
      description: `One point per second while open (beyond an hour halved again and again, each pair of points giving way to its busier second; at most ${MAX_TIMELINE_POINTS} points), at most maxPoints of them: beyond that, equal stretches of seconds each given by its busiest second`,
      args: {
        maxPoints: t.arg.int({
          required: true,
          defaultValue: DEFAULT_TIMELINE_POINTS,
          description: `1 to ${MAX_TIMELINE_POINTS}; each point is priced in the query's cost`,
        }),
      },
      resolve: (i, { maxPoints }) => {
        if (maxPoints < 1 || maxPoints > MAX_TIMELINE_POINTS)
          throw ValidationError.field("maxPoints", `must be between 1 and ${MAX_TIMELINE_POINTS}`);
        return thinTimeline((i.timeline as TimelinePoint[]) ?? [], maxPoints);
      },
    }),
    node: t.relation("node"),
    workspace: t.relation("workspace"),
    attack: t.relation("attack"),
  }),
});
guardNodeType("Incident", {
  permission: "incident:read",
  workspaceOf: (i) => (i as { workspaceId: string }).workspaceId,
});

guardNodeType("Attack", {
  permission: "incident:read",
  workspaceOf: (a) => (a as { workspaceId: string }).workspaceId,
});
builder.prismaObject("Attack", {
  authScopes: readableScopes("Attack"),
  description: "Incidents on several nodes of a workspace overlapping in time",
  fields: (t) => ({
    id: t.exposeID("id"),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    incidents: t.relation("incidents", { query: { orderBy: { startedAt: "asc" } } }),
    nodeCount: t.relationCount("incidents"),
  }),
});

const IncidentFilterInput = builder.inputType("IncidentFilter", {
  fields: (t) => ({
    status: t.field({ type: IncidentStatusEnum, required: false }),
    severities: t.field({ type: [SeverityEnum], required: false }),
    nodeId: t.id({ required: false }),
    since: t.field({ type: "DateTime", required: false, description: "Started at or after" }),
    until: t.field({ type: "DateTime", required: false, description: "Started before" }),
    families: t.field({
      type: [AttackFamilyEnum],
      required: false,
      description: "Classified as one of these families (with unclassified: or not classified yet)",
    }),
    unclassified: t.boolean({ required: false, description: "Not classified (yet)" }),
  }),
});

builder.queryField("incidents", (t) =>
  t.prismaConnection({
    type: "Incident",
    cursor: "id",
    description:
      "A workspace's incidents, the last opened first: an agent's late samples (queued while it was offline) open an incident that started earlier, so this is not startedAt order",
    authScopes: workspacePermission("incident:read"),
    args: {
      workspaceId: t.arg.id({ required: true }),
      filter: t.arg({ type: IncidentFilterInput, required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      return ctx.db.incident.findMany({
        ...query,
        where: incidentFilter(workspaceId, args.filter ?? {}),
        orderBy: { id: "desc" },
      });
    },
  }),
);

const IncidentEventKindEnum = builder.enumType("IncidentEventKind", {
  values: ["OPENED", "UPDATED", "RESOLVED"] as const,
});
const IncidentEventRef = builder.objectRef<IncidentEventPayload>("IncidentEvent").implement({
  fields: (t) => ({
    kind: t.field({ type: IncidentEventKindEnum, resolve: (e) => e.kind }),
    incidentId: t.id({ resolve: (e) => encodeGlobalID("Incident", e.incidentId) }),
    nodeId: t.id({ resolve: (e) => encodeGlobalID("MonitoredNode", e.nodeId) }),
    at: t.field({ type: "DateTime", resolve: (e) => new Date(e.at) }),
    incident: t.prismaField({
      type: "Incident",
      nullable: true,
      description:
        "The incident as it is when the event is delivered, not as the event found it (an OPENED event of late samples may show it RESOLVED); null once deleted",
      resolve: (query, e, _args, ctx) =>
        ctx.db.incident.findUnique({ ...query, where: { id: e.incidentId } }),
    }),
  }),
});

builder.subscriptionField("incidentEvents", (t) =>
  t.field({
    type: IncidentEventRef,
    description: "Incidents of a workspace opening, growing and resolving",
    args: { workspaceId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      return subscribeInWorkspace(ctx, "incidentEvents", workspaceId, workspaceId, "incident:read");
    },
    resolve: (event) => event,
  }),
);

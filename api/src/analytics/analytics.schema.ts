import { z } from "zod";
import { builder } from "../builder.ts";
import { idOf } from "../global-id.ts";
import { SeverityEnum } from "../incidents/incident.schema.ts";
import { type WorkspaceAnalytics, workspaceAnalytics } from "./analytics.service.ts";
import { nodeUptime, type Uptime, type UptimeDay } from "./uptime.ts";

const SeverityCountRef = builder.objectRef<{ severity: string; count: number }>("SeverityCount").implement({
  fields: (t) => ({
    severity: t.field({ type: SeverityEnum, resolve: (s) => s.severity as "LOW" }),
    count: t.exposeInt("count"),
  }),
});

const WorkspaceAnalyticsRef = builder.objectRef<WorkspaceAnalytics>("WorkspaceAnalytics").implement({
  fields: (t) => ({
    since: t.expose("since", { type: "DateTime" }),
    nodes: t.exposeInt("nodes"),
    onlineNodes: t.exposeInt("onlineNodes"),
    nodesUnderAttack: t.exposeInt("nodesUnderAttack"),
    openIncidents: t.exposeInt("openIncidents"),
    incidents: t.exposeInt("incidents", { description: "Incidents started since `since`" }),
    multiNodeAttacks: t.exposeInt("multiNodeAttacks", { description: "Attacks that hit more than one node" }),
    bySeverity: t.field({ type: [SeverityCountRef], resolve: (a) => a.bySeverity }),
    peakPps: t.exposeFloat("peakPps"),
    peakBps: t.exposeFloat("peakBps"),
    attackMinutes: t.exposeInt("attackMinutes", { description: "Node-minutes with an open incident" }),
  }),
});

builder.queryField("workspaceAnalytics", (t) =>
  t.field({
    type: WorkspaceAnalyticsRef,
    description:
      "A workspace's totals since `since`: incidents, attack minutes, peaks, nodes online and under attack (needs incident:read)",
    args: {
      workspaceId: t.arg.id({ required: true }),
      since: t.arg({ type: "DateTime", required: false, description: "Default: 24 hours ago" }),
    },
    resolve: (_root, args, ctx) =>
      workspaceAnalytics(
        ctx,
        idOf(args.workspaceId, "Workspace", "workspaceId"),
        args.since ?? new Date(Date.now() - 86_400_000),
      ),
  }),
);

const UptimeDayRef = builder.objectRef<UptimeDay>("UptimeDay").implement({
  fields: (t) => ({
    date: t.expose("date", { type: "DateTime" }),
    onlineMinutes: t.exposeInt("onlineMinutes"),
    attackMinutes: t.exposeInt("attackMinutes"),
    expectedMinutes: t.exposeInt("expectedMinutes"),
    uptimePercent: t.exposeFloat("uptimePercent", { nullable: true }),
  }),
});
const UptimeRef = builder.objectRef<Uptime>("Uptime").implement({
  fields: (t) => ({
    uptimePercent: t.exposeFloat("uptimePercent", { nullable: true }),
    attackMinutes: t.exposeInt("attackMinutes"),
    days: t.field({ type: [UptimeDayRef], resolve: (u) => u.days }),
  }),
});

builder.prismaObjectFields("Node", (t) => ({
  uptime: t.field({
    type: UptimeRef,
    description: "Daily uptime (a minute with a sample is up) and attack minutes",
    args: {
      days: t.arg.int({
        required: false,
        defaultValue: 30,
        description: "1–90",
        validate: z.number().int().min(1, "must be at least 1").max(90, "must be at most 90"),
      }),
    },
    resolve: (node, args, ctx) => nodeUptime(ctx.database.sql, node, args.days ?? 30),
  }),
}));

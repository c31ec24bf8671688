import { builder } from "../builder.ts";
import { CaptureSummaryInput } from "../classification/capture-summary.schema.ts";
import { NodeDetectionRef } from "../detection/detection.schema.ts";
import { AuthenticationError, mutationErrors, UnavailableError } from "../errors.ts";
import { encodeGlobalID } from "../global-id.ts";
import "../nodes/node.schema.ts";
import type { TrafficPayload } from "../topics.ts";
import { type ReportTelemetryResult, reportTelemetry } from "./ingest.service.ts";
import { checkRange, resolutionFor, type TrafficPoint, trafficSeries } from "./traffic-query.ts";

const NOT_READ = "; null or absent: not read (never send 0 for that)";

/** Listen-queue rates, per second (ListenQueueRates in @levee/shared/traffic-rates). */
const listenQueueInputs = {
  syncookiesSent: "SYN cookies sent/s: the SYN queue was full (SyncookiesSent)",
  syncookiesRecv: "Valid SYN cookies received/s (SyncookiesRecv)",
  syncookiesFailed: "Invalid SYN cookies received/s (SyncookiesFailed)",
  listenOverflows: "Handshakes dropped/s because a listen queue was full (ListenOverflows)",
  listenDrops: "SYNs dropped/s at listening sockets, overflows included (ListenDrops)",
} as const;

const TelemetrySampleInput = builder.inputType("TelemetrySampleInput", {
  description: "One second of a node's traffic (rates: packets/s; bits/s for *Bps)",
  fields: (t) => ({
    ts: t.field({ type: "DateTime", description: "End of the second measured (agent clock, UTC)" }),
    interface: t.string(),
    rxPps: t.float(),
    rxBps: t.float(),
    txPps: t.float(),
    txBps: t.float(),
    tcpPps: t.float(),
    udpPps: t.float(),
    icmpPps: t.float(),
    otherPps: t.float(),
    synRecv: t.int({
      required: false,
      description: `TCP sockets in SYN_RECV (half-open), IPv4 and IPv6${NOT_READ}`,
    }),
    tcpEstablished: t.int({ required: false, description: `TCP sockets in ESTABLISHED${NOT_READ}` }),
    tcpTotal: t.int({
      required: false,
      description: `All TCP sockets (every state); at least synRecv + tcpEstablished${NOT_READ}`,
    }),
    ...Object.fromEntries(
      Object.entries(listenQueueInputs).map(([name, description]) => [
        name,
        t.float({ required: false, description: `${description} (/proc/net/netstat TcpExt)${NOT_READ}` }),
      ]),
    ),
    capture: t.field({ type: CaptureSummaryInput, required: false }),
  }),
});

const RejectedSampleRef = builder
  .objectRef<ReportTelemetryResult["rejected"][number]>("RejectedSample")
  .implement({
    description: "A sample that was not stored, and why (the rest of the call was)",
    fields: (t) => ({
      index: t.exposeInt("index"),
      path: t.exposeString("path"),
      message: t.exposeString("message"),
    }),
  });

export const ReportTelemetryPayload = builder
  .objectRef<ReportTelemetryResult>("ReportTelemetryPayload")
  .implement({
    fields: (t) => ({
      accepted: t.exposeInt("accepted", { description: "Samples stored by this call" }),
      duplicates: t.exposeInt("duplicates", { description: "Samples already stored (same node and ts)" }),
      rejected: t.field({ type: [RejectedSampleRef], resolve: (p) => p.rejected }),
      detection: t.field({ type: NodeDetectionRef, resolve: (p) => p.detection }),
    }),
  });

builder.mutationField("reportTelemetry", (t) =>
  t.field({
    type: ReportTelemetryPayload,
    description: "levee-agent pushes samples (at most 2000 a call); idempotent on (node, ts)",
    errors: { types: [AuthenticationError, UnavailableError, ...mutationErrors] },
    authScopes: { agent: true },
    args: { samples: t.arg({ type: [TelemetrySampleInput], required: true }) },
    resolve: (_root, { samples }, ctx) => reportTelemetry(ctx, samples),
  }),
);

const TrafficResolutionEnum = builder.enumType("TrafficResolution", {
  values: ["AUTO", "SECOND", "MINUTE", "HOUR"] as const,
  description: "AUTO: raw seconds up to 2 h, minute rollups up to 3 days, hourly beyond",
});

const trafficFields = {
  rxPps: "Inbound packets/s (average over the bucket)",
  rxBps: "Inbound bits/s (average)",
  txPps: "Outbound packets/s (average)",
  txBps: "Outbound bits/s (average)",
  tcpPps: "TCP packets/s (average)",
  udpPps: "UDP packets/s (average)",
  icmpPps: "ICMP packets/s (average)",
  otherPps: "Other IP protocols, packets/s (average)",
} as const;

/**
 * Socket counts (the detection metrics SYN_RECV, TCP_ESTABLISHED, TCP_SOCKETS); null for a bucket whose
 * counts were not rolled up (traffic-query.ts), so a client can say so instead of drawing zeros.
 */
const NOT_COUNTED =
  "; null where not read by the agent, or the bucket has no counts (hours kept from before they were rolled up)";
const NOT_READ_OUT = "; null where the agent did not read it (older agents, a kernel without the counter)";
const connectionFields = {
  synRecv: `TCP sockets in SYN_RECV (average over the bucket)${NOT_COUNTED}`,
  tcpEstablished: `Established TCP sockets (average)${NOT_COUNTED}`,
  tcpTotal: `TCP sockets in any state (average)${NOT_COUNTED}`,
} as const;

const TrafficPointRef = builder.objectRef<TrafficPoint>("TrafficPoint").implement({
  fields: (t) => ({
    ts: t.expose("ts", {
      type: "DateTime",
      description: "Start of the bucket (the second itself for SECOND)",
    }),
    samples: t.exposeInt("samples"),
    attackSeconds: t.exposeInt("attackSeconds", {
      description: "Seconds in the bucket with an open incident",
    }),
    ...Object.fromEntries(
      Object.entries(trafficFields).map(([name, description]) => [
        name,
        t.exposeFloat(name as keyof typeof trafficFields, { description }),
      ]),
    ),
    maxPps: t.exposeFloat("maxPps"),
    p95Pps: t.exposeFloat("p95Pps"),
    p99Pps: t.exposeFloat("p99Pps"),
    maxBps: t.exposeFloat("maxBps"),
    p95Bps: t.exposeFloat("p95Bps"),
    p99Bps: t.exposeFloat("p99Bps"),
    ...Object.fromEntries(
      Object.entries(connectionFields).map(([name, description]) => [
        name,
        t.exposeFloat(name as keyof typeof connectionFields, { description, nullable: true }),
      ]),
    ),
    maxSynRecv: t.exposeFloat("maxSynRecv", {
      description: `Highest SYN_RECV second in the bucket${NOT_COUNTED}`,
      nullable: true,
    }),
    ...Object.fromEntries(
      Object.entries(listenQueueInputs).map(([name, description]) => [
        name,
        t.exposeFloat(name as keyof typeof listenQueueInputs, {
          description: `${description}, average over the bucket${NOT_READ_OUT}`,
          nullable: true,
        }),
      ]),
    ),
    maxSyncookiesSent: t.exposeFloat("maxSyncookiesSent", {
      description: `Highest SYN cookies/s second in the bucket${NOT_READ_OUT}`,
      nullable: true,
    }),
    maxListenOverflows: t.exposeFloat("maxListenOverflows", {
      description: `Highest listen overflows/s second in the bucket${NOT_READ_OUT}`,
      nullable: true,
    }),
  }),
});

const TrafficSeriesRef = builder
  .objectRef<{ resolution: string; from: Date; to: Date; points: TrafficPoint[] }>("TrafficSeries")
  .implement({
    fields: (t) => ({
      resolution: t.exposeString("resolution", { description: "SECOND, MINUTE or HOUR" }),
      from: t.expose("from", { type: "DateTime" }),
      to: t.expose("to", { type: "DateTime" }),
      points: t.field({ type: [TrafficPointRef], resolve: (s) => s.points }),
    }),
  });

builder.prismaObjectFields("Node", (t) => ({
  traffic: t.field({
    type: TrafficSeriesRef,
    description: "Traffic in [from, to): raw seconds or rollups, picked by span unless resolution is given",
    args: {
      from: t.arg({ type: "DateTime", required: true }),
      to: t.arg({ type: "DateTime", required: false, description: "Default: now" }),
      resolution: t.arg({ type: TrafficResolutionEnum, required: false, defaultValue: "AUTO" }),
    },
    resolve: async (node, args, ctx) => {
      const to = args.to ?? new Date();
      const chosen =
        args.resolution && args.resolution !== "AUTO"
          ? args.resolution
          : resolutionFor(to.getTime() - args.from.getTime());
      checkRange(args.from, to, chosen);
      const points = await trafficSeries(ctx.database.sql, node.id, args.from, to, chosen);
      return { resolution: chosen, from: args.from, to, points };
    },
  }),
}));

/** One second of one node's traffic, as trafficUpdated and nodesTrafficUpdated carry it (traffic-live.schema.ts). */
export const TrafficUpdateRef = builder.objectRef<TrafficPayload>("TrafficUpdate").implement({
  fields: (t) => ({
    nodeId: t.id({ resolve: (e) => encodeGlobalID("MonitoredNode", e.nodeId) }),
    ts: t.field({ type: "DateTime", resolve: (e) => new Date(e.ts) }),
    ...Object.fromEntries(
      Object.entries(trafficFields).map(([name]) => [
        name,
        t.exposeFloat(name as keyof typeof trafficFields),
      ]),
    ),
    ...Object.fromEntries(
      Object.keys(connectionFields).map((name) => [
        name,
        t.exposeInt(name as keyof typeof connectionFields, { nullable: true, description: "null: not read" }),
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(listenQueueInputs).map(([name, description]) => [
        name,
        t.float({
          nullable: true,
          description: `${description}${NOT_READ_OUT}`,
          resolve: (e) => e[name as keyof typeof listenQueueInputs] ?? null,
        }),
      ]),
    ),
    detectionState: t.exposeString("detectionState", { description: "NORMAL, ELEVATED or ATTACK" }),
  }),
});

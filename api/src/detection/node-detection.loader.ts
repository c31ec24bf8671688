import type { CoreServices } from "../core-services.ts";
import type { NodeStats } from "./baseline.store.ts";
import { BaselineWindow, type Threshold } from "./baseline.ts";
import { type DetectorState, initialDetectorState, type OpenIncident } from "./detector.ts";
import { TRAFFIC_METRICS, type TrafficMetric } from "./metrics.ts";
import { loadSeasonal } from "./seasonal.store.ts";
import { hourOf, type SeasonalP99 } from "./seasonal.ts";

/** What one API process keeps about a node it receives telemetry for. */
export interface NodeDetection {
  nodeId: string;
  workspaceId: string;
  name: string;
  status: "PENDING" | "ONLINE" | "OFFLINE";
  multiplier: number;
  overrides: Partial<Record<TrafficMetric, number>>;
  detector: DetectorState;
  window: BaselineWindow;
  stats: NodeStats | null;
  /** Sample time (ms) the stats were computed at. */
  statsAt: number | null;
  /** Sample time (ms) the stats were last handed to node_baseline (saved less often than computed). */
  savedAt: number | null;
  incidentId: string | null;
  /** Seasonal p99s for `hour` (epoch hours, UTC); reloaded when a sample starts a new hour. */
  seasonal: { hour: number; p99: SeasonalP99 } | null;
  /** Thresholds in force (null: recompute from stats and settings). */
  thresholds: Threshold[] | null;
  /** Wall-clock ms of the last sample received. */
  lastArrival: number;
  /** Spreads baseline recomputation of nodes that started together (0–0.5 of the period). */
  recomputeJitter: number;
  samplesSincePersist: number;
}

type QuietRow = {
  rx_pps: number;
  rx_bps: number;
  tcp_pps: number;
  udp_pps: number;
  icmp_pps: number;
  syn_recv: number;
  tcp_established: number;
  tcp_total: number;
};

/**
 * Restores a node's detection state from the database: settings, the open incident (with its
 * peak ratio and quiet period), and the trailing quiet samples the baseline is learned from.
 * With `window: false` (a read-only view for a node another instance serves) the samples are
 * not read; the statistics come from what was last saved in node_baseline.
 */
export async function loadNodeDetection(
  services: CoreServices,
  nodeId: string,
  options: { window: boolean } = { window: true },
): Promise<NodeDetection | null> {
  const { prisma, sql } = services.database;
  const node = await prisma.node.findUnique({
    where: { id: nodeId },
    include: {
      thresholdOverrides: true,
      baselines: !options.window,
      incidents: { where: { status: "OPEN" }, take: 1 },
    },
  });
  if (!node) return null;
  const window = new BaselineWindow();
  let lastTs: number | null = null;
  let stats: NodeStats | null = null;
  if (options.window) {
    const recent = await sql.query<QuietRow>(
      `SELECT rx_pps, rx_bps, tcp_pps, udp_pps, icmp_pps, syn_recv, tcp_established, tcp_total FROM traffic_sample
        WHERE node_id = $1 AND NOT attack ORDER BY ts DESC LIMIT 300`,
      [nodeId],
    );
    const [last] = await sql.query<{ ts: Date | null }>(
      "SELECT max(ts) AS ts FROM traffic_sample WHERE node_id = $1",
      [nodeId],
    );
    lastTs = last?.ts ? new Date(last.ts).getTime() : null;
    for (const r of recent.reverse()) {
      window.add({
        rxPps: r.rx_pps,
        rxBps: r.rx_bps,
        tcpPps: r.tcp_pps,
        udpPps: r.udp_pps,
        icmpPps: r.icmp_pps,
        synRecv: r.syn_recv,
        tcpEstablished: r.tcp_established,
        tcpTotal: r.tcp_total,
      });
    }
    stats = window.size > 0 ? window.stats() : null;
  } else if (node.baselines.length > 0) {
    // Rows saved before a metric existed lack it: it counts as not learned yet.
    const saved = new Map(node.baselines.map((b) => [b.metric, b]));
    stats = Object.fromEntries(
      TRAFFIC_METRICS.map((m) => [m, saved.get(m) ?? { samples: 0, avg: 0, p95: 0, p99: 0 }]),
    ) as NodeStats;
  }
  const hour = hourOf(Date.now());
  const seasonal = { hour, p99: await loadSeasonal(sql, nodeId, hour) };
  const open = node.incidents[0];
  const detector: DetectorState = { ...initialDetectorState(), lastTs, level: node.detectionState };
  if (open) {
    const incident: OpenIncident = {
      startedAt: open.startedAt.getTime(),
      lastAttackAt: open.lastAttackAt.getTime(),
      quietSince: open.quietSince?.getTime() ?? null,
      peakPps: open.peakPps,
      peakBps: open.peakBps,
      peakRatio: open.peakRatio,
      severity: open.severity,
      triggerMetrics: open.triggerMetrics,
      timeline: (open.timeline as [number, number, number][]) ?? [],
      announcedRatio: open.peakRatio,
    };
    detector.incident = incident;
    detector.level = "ATTACK";
  } else if (detector.level === "ATTACK") detector.level = "NORMAL";
  return {
    nodeId,
    workspaceId: node.workspaceId,
    name: node.name,
    status: node.status,
    multiplier: node.detectionMultiplier,
    overrides: Object.fromEntries(node.thresholdOverrides.map((o) => [o.metric, o.threshold])),
    detector,
    window,
    stats,
    statsAt: stats ? (lastTs ?? Date.now()) : null,
    savedAt: stats ? (lastTs ?? Date.now()) : null,
    incidentId: open?.id ?? null,
    seasonal,
    thresholds: null,
    lastArrival: 0,
    recomputeJitter: Math.random() / 2,
    samplesSincePersist: 0,
  };
}

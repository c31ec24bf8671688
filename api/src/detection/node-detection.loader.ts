import type { AppServices } from "../context.ts";
import { type BaselineStats, BaselineWindow, type Threshold } from "./baseline.ts";
import { type DetectorState, initialDetectorState, type OpenIncident } from "./detector.ts";
import type { TrafficMetric } from "./metrics.ts";

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
  stats: Record<TrafficMetric, BaselineStats> | null;
  /** Sample time (ms) the stats were computed at. */
  statsAt: number | null;
  incidentId: string | null;
  /** Thresholds in force (null: recompute from stats and settings). */
  thresholds: Threshold[] | null;
  /** Wall-clock ms of the last sample received. */
  lastArrival: number;
  /** Spreads baseline recomputation of nodes that started together (0–0.5 of the period). */
  recomputeJitter: number;
  samplesSincePersist: number;
}

/**
 * Restores a node's detection state from the database: settings, the open incident if any,
 * and the trailing quiet samples the baseline window is learned from.
 */
export async function loadNodeDetection(
  services: AppServices,
  nodeId: string,
): Promise<NodeDetection | null> {
  const { prisma, sql } = services.database;
  const node = await prisma.node.findUnique({
    where: { id: nodeId },
    include: { thresholdOverrides: true, incidents: { where: { status: "OPEN" }, take: 1 } },
  });
  if (!node) return null;
  const recent = await sql.query<{
    rx_pps: number;
    rx_bps: number;
    tcp_pps: number;
    udp_pps: number;
    icmp_pps: number;
  }>(
    `SELECT rx_pps, rx_bps, tcp_pps, udp_pps, icmp_pps FROM traffic_sample
      WHERE node_id = $1 AND NOT attack ORDER BY ts DESC LIMIT 300`,
    [nodeId],
  );
  const [last] = await sql.query<{ ts: Date | null }>(
    "SELECT max(ts) AS ts FROM traffic_sample WHERE node_id = $1",
    [nodeId],
  );
  const window = new BaselineWindow();
  for (const r of recent.reverse()) {
    window.add({
      rxPps: r.rx_pps,
      rxBps: r.rx_bps,
      tcpPps: r.tcp_pps,
      udpPps: r.udp_pps,
      icmpPps: r.icmp_pps,
    });
  }
  const open = node.incidents[0];
  const detector = initialDetectorState();
  detector.lastTs = last?.ts ? new Date(last.ts).getTime() : null;
  if (open) {
    const peakRatio = ratioOf(open.thresholds, open.peakPps);
    const incident: OpenIncident = {
      startedAt: open.startedAt.getTime(),
      lastAttackAt: open.lastAttackAt.getTime(),
      quietSince: null,
      peakPps: open.peakPps,
      peakBps: open.peakBps,
      peakRatio,
      severity: open.severity,
      triggerMetrics: open.triggerMetrics,
      timeline: (open.timeline as [number, number, number][]) ?? [],
      announcedRatio: peakRatio,
    };
    detector.incident = incident;
    detector.level = "ATTACK";
  }
  const stats = window.size > 0 ? window.stats() : null;
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
    statsAt: stats ? Date.now() : null,
    incidentId: open?.id ?? null,
    thresholds: null,
    lastArrival: 0,
    recomputeJitter: Math.random() / 2,
    samplesSincePersist: 0,
  };
}

function ratioOf(thresholds: unknown, peakPps: number): number {
  const pps = (thresholds as Record<string, { threshold?: number }> | null)?.PPS?.threshold;
  return pps && pps > 0 ? peakPps / pps : 1;
}

import type { ListenQueueRates, Nullable, SocketCounts, TrafficRates } from "@levee/shared/traffic-rates";
import type { SqlClient } from "../db/sql-client.ts";
import { ValidationError } from "../errors.ts";

export type TrafficResolution = "SECOND" | "MINUTE" | "HOUR";

/**
 * Socket counts are averages over the bucket; maxSynRecv is its highest second. They are null for a
 * second the agent could not read them, and for a minute or hour bucket without a connection rollup
 * (hours kept from before the counts were rolled up, whose raw seconds had already gone) or whose
 * seconds were all not read: not counted, which a chart must not draw as zero. The listen-queue
 * rates (per second, averages over the bucket; max* the highest second) are null the same way.
 */
export interface TrafficPoint extends TrafficRates, Nullable<SocketCounts>, ListenQueueRates {
  ts: Date;
  samples: number;
  attackSeconds: number;
  maxPps: number;
  p95Pps: number;
  p99Pps: number;
  maxBps: number;
  p95Bps: number;
  p99Bps: number;
  maxSynRecv: number | null;
  maxSyncookiesSent: number | null;
  maxListenOverflows: number | null;
}

const HOUR = 3_600_000;
/** Most points one query returns; a span needing more must use a coarser resolution. */
const MAX_POINTS = 10_000;
const STEP: Record<TrafficResolution, number> = { SECOND: 1000, MINUTE: 60_000, HOUR };

/** Raw seconds up to 2 h, minutes up to 3 days, hours beyond. */
export function resolutionFor(spanMs: number): TrafficResolution {
  if (spanMs <= 2 * HOUR) return "SECOND";
  if (spanMs <= 72 * HOUR) return "MINUTE";
  return "HOUR";
}

export function checkRange(from: Date, to: Date, resolution: TrafficResolution): void {
  const span = to.getTime() - from.getTime();
  if (!(span > 0)) throw ValidationError.field("to", "must be after from");
  if (span / STEP[resolution] > MAX_POINTS) {
    throw ValidationError.field(
      "resolution",
      `${resolution} over this span is more than ${MAX_POINTS} points; use a coarser resolution or a shorter range`,
    );
  }
}

const RAW = `SELECT ts, 1 AS samples, CASE WHEN attack THEN 1 ELSE 0 END AS attack_seconds,
    rx_pps, rx_pps AS max_pps, rx_pps AS p95_pps, rx_pps AS p99_pps,
    rx_bps, rx_bps AS max_bps, rx_bps AS p95_bps, rx_bps AS p99_bps,
    tx_pps, tx_bps, tcp_pps, udp_pps, icmp_pps, other_pps,
    syn_recv, syn_recv AS max_syn_recv, tcp_established, tcp_total,
    syncookies_sent, syncookies_sent AS max_syncookies_sent, syncookies_recv, syncookies_failed,
    listen_overflows, listen_overflows AS max_listen_overflows, listen_drops
  FROM traffic_sample WHERE node_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts`;

/** Connection counts and listen-queue rates live in rollups of their own (same buckets). */
const rollup = (
  relation: string,
  connections: string,
  queue: string,
) => `SELECT t.bucket AS ts, t.samples, attack_seconds,
    avg_pps AS rx_pps, max_pps, p95_pps, p99_pps, avg_bps AS rx_bps, max_bps, p95_bps, p99_bps,
    avg_tx_pps AS tx_pps, avg_tx_bps AS tx_bps, avg_tcp_pps AS tcp_pps, avg_udp_pps AS udp_pps,
    avg_icmp_pps AS icmp_pps, avg_other_pps AS other_pps,
    c.avg_syn_recv AS syn_recv, c.max_syn_recv, c.avg_tcp_established AS tcp_established,
    c.avg_tcp_total AS tcp_total,
    q.avg_syncookies_sent AS syncookies_sent, q.max_syncookies_sent, q.avg_syncookies_recv AS syncookies_recv,
    q.avg_syncookies_failed AS syncookies_failed, q.avg_listen_overflows AS listen_overflows,
    q.max_listen_overflows, q.avg_listen_drops AS listen_drops
  FROM ${relation} t LEFT JOIN ${connections} c ON c.node_id = t.node_id AND c.bucket = t.bucket
    LEFT JOIN ${queue} q ON q.node_id = t.node_id AND q.bucket = t.bucket
  WHERE t.node_id = $1 AND t.bucket >= $2 AND t.bucket < $3 ORDER BY t.bucket`;

const QUERY: Record<TrafficResolution, string> = {
  SECOND: RAW,
  MINUTE: rollup("traffic_1m", "connection_1m", "listen_queue_1m"),
  HOUR: rollup("traffic_1h", "connection_1h", "listen_queue_1h"),
};

export async function trafficSeries(
  sql: SqlClient,
  nodeId: string,
  from: Date,
  to: Date,
  resolution: TrafficResolution,
): Promise<TrafficPoint[]> {
  const rows = await sql.query<Record<string, number | Date | null>>(QUERY[resolution], [nodeId, from, to]);
  const count = (value: number | Date | null) => (value === null ? null : Number(value));
  return rows.map((r) => ({
    ts: new Date(r.ts as Date),
    samples: Number(r.samples),
    attackSeconds: Number(r.attack_seconds),
    rxPps: Number(r.rx_pps),
    maxPps: Number(r.max_pps),
    p95Pps: Number(r.p95_pps),
    p99Pps: Number(r.p99_pps),
    rxBps: Number(r.rx_bps),
    maxBps: Number(r.max_bps),
    p95Bps: Number(r.p95_bps),
    p99Bps: Number(r.p99_bps),
    txPps: Number(r.tx_pps),
    txBps: Number(r.tx_bps),
    tcpPps: Number(r.tcp_pps),
    udpPps: Number(r.udp_pps),
    icmpPps: Number(r.icmp_pps),
    otherPps: Number(r.other_pps),
    synRecv: count(r.syn_recv ?? null),
    maxSynRecv: count(r.max_syn_recv ?? null),
    tcpEstablished: count(r.tcp_established ?? null),
    tcpTotal: count(r.tcp_total ?? null),
    syncookiesSent: count(r.syncookies_sent ?? null),
    maxSyncookiesSent: count(r.max_syncookies_sent ?? null),
    syncookiesRecv: count(r.syncookies_recv ?? null),
    syncookiesFailed: count(r.syncookies_failed ?? null),
    listenOverflows: count(r.listen_overflows ?? null),
    maxListenOverflows: count(r.max_listen_overflows ?? null),
    listenDrops: count(r.listen_drops ?? null),
  }));
}

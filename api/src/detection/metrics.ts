import { SYNCOOKIE_FLOOD_RATE } from "@levee/shared/classification/connection-state";

/**
 * The measures detection watches, and how each is read from a sample: per-second rates, the
 * node's TCP connection state (gauges), and the SYN cookies the kernel sends, so a SYN flood the
 * kernel answers with cookies, or a connection-exhaustion attack at low packet rates, still
 * crosses a threshold.
 */
export const TRAFFIC_METRICS = [
  "PPS",
  "BPS",
  "TCP_PPS",
  "UDP_PPS",
  "ICMP_PPS",
  "SYN_RECV",
  "TCP_ESTABLISHED",
  "TCP_SOCKETS",
  "SYN_COOKIES",
] as const;
export type TrafficMetric = (typeof TRAFFIC_METRICS)[number];

/** The connection-state metrics (socket counts, not rates). */
export const CONNECTION_METRICS = ["SYN_RECV", "TCP_ESTABLISHED", "TCP_SOCKETS"] as const;

/**
 * The metrics an agent may not have read (null in the sample): the socket counts, and SYN cookies
 * sent/s (TcpExt SyncookiesSent: an older agent, a kernel without the counter, a probe's crossing
 * sample). 0 to the detector, left out of the learned statistics (learnedValue).
 */
export const OPTIONAL_METRICS: readonly TrafficMetric[] = [...CONNECTION_METRICS, "SYN_COOKIES"];

export interface MetricValues {
  rxPps: number;
  rxBps: number;
  tcpPps: number;
  udpPps: number;
  icmpPps: number;
  /**
   * Socket counts; absent where only rates are known (replayed captures), null where the agent
   * could not read them: 0 to the detector either way (it cannot judge what was not counted), and
   * left out of the learned statistics (learnedValue).
   */
  synRecv?: number | null;
  tcpEstablished?: number | null;
  tcpTotal?: number | null;
  /**
   * SYN cookies sent/s (TcpExt SyncookiesSent): the kernel answering SYNs with cookies because a
   * listener's SYN backlog is full. Not read (null or absent) as the socket counts are.
   */
  syncookiesSent?: number | null;
}

/** A metric's value as the sample has it: null or absent for a count or rate that was not read. */
function sampleValue(sample: MetricValues, metric: TrafficMetric): number | null | undefined {
  switch (metric) {
    case "PPS":
      return sample.rxPps;
    case "BPS":
      return sample.rxBps;
    case "TCP_PPS":
      return sample.tcpPps;
    case "UDP_PPS":
      return sample.udpPps;
    case "ICMP_PPS":
      return sample.icmpPps;
    case "SYN_RECV":
      return sample.synRecv;
    case "TCP_ESTABLISHED":
      return sample.tcpEstablished;
    case "TCP_SOCKETS":
      return sample.tcpTotal;
    case "SYN_COOKIES":
      return sample.syncookiesSent;
  }
}

/** A metric's value as the detector judges it: a socket count or cookie rate not read is 0. */
export function metricValue(sample: MetricValues, metric: TrafficMetric): number {
  return sampleValue(sample, metric) ?? 0;
}

/**
 * A metric's value as the baseline window keeps it: NaN for a socket count or cookie rate that was
 * not read (or is absent), which the statistics skip (statsOf). Learned as 0, a node whose counts
 * are read only some seconds (an agent that lost access to /proc/net/tcp for a while) would have
 * its connection p99 dragged towards 0 by seconds that measured nothing.
 */
export function learnedValue(sample: MetricValues, metric: TrafficMetric): number {
  return sampleValue(sample, metric) ?? Number.NaN;
}

/**
 * Below these a node never alarms, however quiet its baseline (inbound packets/s; bits/s for BPS;
 * sockets for the connection metrics). SYN_RECV: a listener's queue holds up to its backlog
 * (128–4096) half-open connections; an ordinary server has a few dozen at most (connection
 * rate × round trip), so 100 catches a flood even when SYN cookies keep the server answering.
 * SYN_COOKIES (cookies sent/s): a listener sends cookies only while its SYN backlog is full, which
 * a busy server with a small backlog reaches in the odd burst — a few a second, now and then — so
 * 100/s, the rate from which classification names a SYN flood on cookies alone
 * (SYNCOOKIE_FLOOD_RATE), and the order of SYN_RECV's floor. A flood the backlog holds down
 * (SYN_RECV bounded by a backlog of 4–128, under its own floor) crosses it at once: every SYN past
 * the backlog is a cookie, so a flood of a few hundred SYNs/s is a few hundred cookies/s.
 */
export type Floors = Record<TrafficMetric, number>;
export const DEFAULT_FLOORS: Floors = {
  PPS: 10_000,
  BPS: 100_000_000,
  TCP_PPS: 8_000,
  UDP_PPS: 5_000,
  ICMP_PPS: 1_000,
  SYN_RECV: 100,
  TCP_ESTABLISHED: 5_000,
  TCP_SOCKETS: 30_000,
  SYN_COOKIES: SYNCOOKIE_FLOOD_RATE,
};

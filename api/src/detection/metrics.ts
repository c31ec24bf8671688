/** The per-second measures detection watches, and how each is read from a sample. */
export const TRAFFIC_METRICS = ["PPS", "BPS", "TCP_PPS", "UDP_PPS", "ICMP_PPS"] as const;
export type TrafficMetric = (typeof TRAFFIC_METRICS)[number];

export interface MetricValues {
  rxPps: number;
  rxBps: number;
  tcpPps: number;
  udpPps: number;
  icmpPps: number;
}

export function metricValue(sample: MetricValues, metric: TrafficMetric): number {
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
  }
}

/** Below these a node never alarms, however quiet its baseline (inbound packets/s; bits/s for BPS). */
export type Floors = Record<TrafficMetric, number>;
export const DEFAULT_FLOORS: Floors = {
  PPS: 10_000,
  BPS: 100_000_000,
  TCP_PPS: 8_000,
  UDP_PPS: 5_000,
  ICMP_PPS: 1_000,
};

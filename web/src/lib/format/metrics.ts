/** TrafficMetric values in words. */
export const METRIC_LABEL: Readonly<Record<string, string>> = {
  PPS: "Packets/s",
  BPS: "Bits/s",
  TCP_PPS: "TCP packets/s",
  UDP_PPS: "UDP packets/s",
  ICMP_PPS: "ICMP packets/s",
  SYN_RECV: "Half-open TCP (SYN_RECV)",
  TCP_ESTABLISHED: "Established TCP connections",
  TCP_SOCKETS: "TCP sockets (any state)",
};

export const metricLabel = (metric: string) => METRIC_LABEL[metric] ?? metric;

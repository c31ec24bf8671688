/**
 * The peak of each metric that triggered an incident, as the API stores it (incident.trigger_peaks)
 * and the dashboard and alert messages show it. An incident triggered by host-wide TCP packets/s
 * (from /proc/net/snmp) may have seen a few dozen packets/s on its sampled interface: its
 * interface peaks say nothing of the attack, its TCP peak does.
 */

export interface MetricPeak {
  /**
   * A TrafficMetric: PPS, BPS, TCP_PPS, UDP_PPS, ICMP_PPS, SYN_RECV, TCP_ESTABLISHED, TCP_SOCKETS,
   * SYN_COOKIES.
   */
  metric: string;
  /** The highest value the metric reached while the incident was open. */
  peak: number;
  /** The metric's threshold on the sample that set the peak. */
  thresholdAtPeak: number;
}

/** Words for each metric, the dashboard's and the alert messages'. */
export const METRIC_LABELS: Readonly<Record<string, string>> = {
  PPS: "Packets/s",
  BPS: "Bits/s",
  TCP_PPS: "TCP packets/s",
  UDP_PPS: "UDP packets/s",
  ICMP_PPS: "ICMP packets/s",
  SYN_RECV: "Half-open TCP (SYN_RECV)",
  TCP_ESTABLISHED: "Established TCP connections",
  TCP_SOCKETS: "TCP sockets (any state)",
  SYN_COOKIES: "SYN cookies sent/s",
};

/**
 * A word after a value where its unit alone does not say which metric ("145 kpps TCP", "900
 * half-open"); none for the interface's packets/s and bits/s.
 */
export const METRIC_SHORT_NAMES: Readonly<Record<string, string>> = {
  TCP_PPS: "TCP",
  UDP_PPS: "UDP",
  ICMP_PPS: "ICMP",
  SYN_RECV: "half-open",
  TCP_ESTABLISHED: "established",
  TCP_SOCKETS: "TCP sockets",
  SYN_COOKIES: "SYN cookies",
};

/** "Peak packets/s", "Peak TCP packets/s", "Peak half-open TCP (SYN_RECV)". */
export function peakLabelOf(metric: string): string {
  const label = METRIC_LABELS[metric] ?? metric;
  const lower = /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
  return `Peak ${lower}`;
}

export type MetricUnit = "PACKETS_PER_SECOND" | "BITS_PER_SECOND" | "SOCKETS";

/**
 * Bits/s for BPS, packets/s for the packet rates and SYN cookies sent/s (each cookie is a SYN-ACK
 * the kernel sends), a count of sockets for the connection states.
 */
export function unitOf(metric: string): MetricUnit {
  if (metric === "BPS") return "BITS_PER_SECOND";
  if (metric === "SYN_RECV" || metric === "TCP_ESTABLISHED" || metric === "TCP_SOCKETS") return "SOCKETS";
  return "PACKETS_PER_SECOND";
}

const ratioOf = (p: MetricPeak) => (p.thresholdAtPeak > 0 ? p.peak / p.thresholdAtPeak : 0);

/** Highest peak / threshold first: the first is the metric the incident is mainly about. */
export function byRatio(peaks: readonly MetricPeak[]): MetricPeak[] {
  return [...peaks].sort((a, b) => ratioOf(b) - ratioOf(a));
}

/**
 * Peaks read from a stored JSON value: [] for an incident stored before peaks were kept (its
 * interface packets/s and bits/s peaks are all it has), and for anything malformed.
 */
export function peaksFromJson(value: unknown): MetricPeak[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (p): p is MetricPeak =>
      typeof p === "object" &&
      p !== null &&
      typeof p.metric === "string" &&
      typeof p.peak === "number" &&
      typeof p.thresholdAtPeak === "number",
  );
}

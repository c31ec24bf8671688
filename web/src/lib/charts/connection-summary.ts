// The text alternative of the node page's TCP connection chart: the latest counts, the highest SYN_RECV
// second in the range (from each bucket's own peak: a minute's or an hour's average would hide a short
// flood) and how many points carry no counts. A count the node did not report is null and is said
// to be missing, never read as zero: "0 half-open" and "not counted" mean different things in a SYN flood.
import { formatMetricValue } from "../format/metrics";

export interface ConnectionCounts {
  synRecv: number;
  tcpEstablished: number;
  tcpTotal: number;
}

export interface ConnectionSummary {
  /** Points in the range. */
  points: number;
  /** Points whose counts were reported (all three present). */
  counted: number;
  /** The newest point with counts; null when none has them. */
  latest: ConnectionCounts | null;
  /** Highest SYN_RECV second of the range; null when no point has one. */
  peakSynRecv: number | null;
}

type Column = ReadonlyArray<number | null | undefined>;

/**
 * Reads the chart's three columns (SYN_RECV, established, all TCP sockets) and each point's highest
 * SYN_RECV second (the same as SYN_RECV for seconds), aligned by index.
 */
export function summariseConnections(
  synRecv: Column,
  established: Column,
  total: Column,
  synRecvPeaks: Column = synRecv,
): ConnectionSummary {
  let counted = 0;
  let latest: ConnectionCounts | null = null;
  let peakSynRecv: number | null = null;
  for (let i = 0; i < synRecv.length; i++) {
    const s = synRecv[i];
    const e = established[i];
    const t = total[i];
    const peak = synRecvPeaks[i] ?? s;
    if (peak != null) peakSynRecv = peakSynRecv === null ? peak : Math.max(peakSynRecv, peak);
    if (s == null || e == null || t == null) continue;
    counted++;
    latest = { synRecv: s, tcpEstablished: e, tcpTotal: t };
  }
  return { points: synRecv.length, counted, latest, peakSynRecv };
}

const count = (metric: string, value: number) => formatMetricValue(metric, value);

/** One or two sentences saying what the chart shows (or that there is nothing to show, and why). */
export function describeConnections(summary: ConnectionSummary): string {
  if (summary.points === 0) return "No traffic in this range.";
  if (!summary.latest)
    return `No TCP connection counts in this range: none are kept for its ${summary.points} points (minutes or hours stored before counts were rolled up).`;
  const { synRecv, tcpEstablished, tcpTotal } = summary.latest;
  const peak = summary.peakSynRecv ?? synRecv;
  const missing = summary.points - summary.counted;
  return [
    `Latest: ${count("SYN_RECV", synRecv)} half-open (SYN_RECV), ${count("TCP_ESTABLISHED", tcpEstablished)} established, ${count("TCP_SOCKETS", tcpTotal)} TCP sockets in all.`,
    `Highest SYN_RECV second in this range: ${count("SYN_RECV", peak)}.`,
    ...(missing > 0 ? [`${missing} of ${summary.points} points have no counts (gaps in the chart).`] : []),
  ].join(" ");
}

// The text alternative of the SYN cookies and listen overflows drawn on the node page's TCP connection
// chart: the latest rates, the highest second in the range (from each bucket's own peak), and whether
// the node read them at all. Null is "not read" (an older agent, a kernel without the counter), never
// zero: "0 SYN cookies/s" says the SYN queue never filled, "not read" says nothing.
import { si } from "../format/units";

export interface ListenQueueSummary {
  /** Points whose SYN cookies/s were read. */
  read: number;
  latestSyncookies: number | null;
  latestOverflows: number | null;
  peakSyncookies: number | null;
  peakOverflows: number | null;
}

type Column = ReadonlyArray<number | null | undefined>;

const max = (a: number | null, b: number | null | undefined) =>
  b == null ? a : a === null ? b : Math.max(a, b);

/** The columns aligned by index: SYN cookies/s, listen overflows/s, and each point's highest second of both. */
export function summariseListenQueue(
  syncookies: Column,
  overflows: Column,
  syncookiesPeaks: Column = syncookies,
  overflowPeaks: Column = overflows,
): ListenQueueSummary {
  const summary: ListenQueueSummary = {
    read: 0,
    latestSyncookies: null,
    latestOverflows: null,
    peakSyncookies: null,
    peakOverflows: null,
  };
  for (let i = 0; i < syncookies.length; i++) {
    const sent = syncookies[i];
    const over = overflows[i];
    summary.peakSyncookies = max(summary.peakSyncookies, syncookiesPeaks[i] ?? sent);
    summary.peakOverflows = max(summary.peakOverflows, overflowPeaks[i] ?? over);
    if (sent != null) {
      summary.read++;
      summary.latestSyncookies = sent;
    }
    if (over != null) summary.latestOverflows = over;
  }
  return summary;
}

/** A rate per second ("1.53 k/s"), or "not read". */
export const perSecond = (value: number | null) => (value === null ? "not read" : `${si(value, "")}/s`);

/** One sentence for the chart's label: what the kernel's SYN cookies and listen queues did. */
export function describeListenQueue(summary: ListenQueueSummary): string {
  if (summary.read === 0 && summary.latestOverflows === null)
    return "SYN cookies and listen overflows: not read by this node's agent in this range.";
  const flood =
    (summary.peakSyncookies ?? 0) > 0
      ? " SYN cookies mean a SYN queue was full: strong sign of a SYN flood."
      : "";
  return (
    `SYN cookies sent: ${perSecond(summary.latestSyncookies)} latest, ${perSecond(summary.peakSyncookies)} at the highest second; ` +
    `listen overflows: ${perSecond(summary.latestOverflows)} latest, ${perSecond(summary.peakOverflows)} at the highest.${flood}`
  );
}

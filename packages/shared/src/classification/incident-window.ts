import type { CaptureSummary } from "./capture-summary.ts";
import { type Classification, classify } from "./classifier.ts";
import type { ConnectionContext, SocketCounts } from "./connection-state.ts";
import { mergeSummaries } from "./merge-summaries.ts";
import type { HotTraffic } from "./rate-gate.ts";

/** One sample's capture summary, placed in time. */
export interface WindowEntry {
  /** End of the sample's interval (the sample's timestamp), epoch ms. */
  endMs: number;
  /** The sample itself was over a threshold (not only inside an open incident). */
  hot: boolean;
  summary: CaptureSummary;
  /** The node's socket counts at the sample (live only; a capture file has none). */
  sockets?: SocketCounts | undefined;
  /** SYN cookies sent/s over the sample (live only; null or absent: not read). */
  syncookiesSent?: number | null | undefined;
  /**
   * The sample's own traffic, where its summary holds only part of its packets: a ring's last 500
   * packets, summarised for a sample that carried none (the API's IncidentClassifier). A hot
   * entry's rates are then these, not the summary's, which would put a 60,000 pps flood at a few
   * hundred packets a second.
   */
  traffic?: HotTraffic | undefined;
}

/**
 * The attack window of one incident, built the same way live (the API, from the summaries sent
 * with each sample) and offline (`levee-agent analyze`, from bins of a capture file): it runs
 * from the first sample over a threshold to the last one (summaries before the first are not
 * part of the attack). The
 * summaries in between are merged; those after the last hot sample wait in a tail that joins the
 * window only if another hot sample follows (so the quiet end of an incident never dilutes it).
 * Its duration is that span in time, not a sum of the summaries' own lengths, so the interval
 * the agent samples at (100 ms – 60 s) does not change the rates the classifier sees.
 */
export class IncidentWindow {
  private merged: CaptureSummary | undefined;
  private tail: CaptureSummary | undefined;
  private startMs = Number.NaN;
  private lastHotEndMs = Number.NaN;
  private lastEndMs = Number.NEGATIVE_INFINITY;
  private readonly hot: HotTraffic = { seconds: 0, packets: 0, bytes: 0, tcp: 0, udp: 0, icmp: 0 };
  private peaks: SocketCounts | undefined;
  private syncookiesPeak: number | undefined;

  /** Adds the next sample (in time order; an older or repeated one is ignored). */
  add(entry: WindowEntry): void {
    if (entry.endMs <= this.lastEndMs) return;
    this.lastEndMs = entry.endMs;
    if (Number.isNaN(this.startMs)) {
      if (!entry.hot) return;
      this.startMs = entry.endMs - (entry.summary.seconds ?? 1) * 1000;
    }
    const { sockets } = entry;
    if (sockets)
      this.peaks = {
        synRecv: Math.max(this.peaks?.synRecv ?? 0, sockets.synRecv),
        tcpEstablished: Math.max(this.peaks?.tcpEstablished ?? 0, sockets.tcpEstablished),
        tcpTotal: Math.max(this.peaks?.tcpTotal ?? 0, sockets.tcpTotal),
      };
    if (entry.syncookiesSent != null)
      this.syncookiesPeak = Math.max(this.syncookiesPeak ?? 0, entry.syncookiesSent);
    this.tail = this.tail ? mergeSummaries(this.tail, entry.summary) : entry.summary;
    if (!entry.hot) return;
    const { summary } = entry;
    const traffic = entry.traffic ?? {
      seconds: summary.seconds ?? 1,
      packets: summary.packets,
      bytes: summary.bytes,
      ...summary.protocols,
    };
    this.hot.seconds += traffic.seconds;
    this.hot.packets += traffic.packets;
    this.hot.bytes += traffic.bytes;
    this.hot.tcp += traffic.tcp;
    this.hot.udp += traffic.udp;
    this.hot.icmp += traffic.icmp;
    this.merged = this.merged ? mergeSummaries(this.merged, this.tail) : this.tail;
    this.tail = undefined;
    this.lastHotEndMs = entry.endMs;
  }

  get hasAttack(): boolean {
    return this.merged !== undefined;
  }

  /** The merged summary of the attack window (undefined before the first hot sample). */
  summary(): CaptureSummary | undefined {
    if (!this.merged) return undefined;
    const seconds = Math.max(0.001, (this.lastHotEndMs - this.startMs) / 1000);
    return { ...this.merged, seconds };
  }

  /**
   * The traffic of the hot samples alone, over their own lengths: a flood that stalls between
   * them (a sender starved of CPU) is judged at the rate the detector saw, not averaged with the
   * lulls inside the window.
   */
  hotTraffic(): HotTraffic | undefined {
    return this.merged && this.hot.seconds > 0 ? { ...this.hot } : undefined;
  }

  /** The highest socket counts seen from the window's start (undefined when no sample had them). */
  socketPeaks(): SocketCounts | undefined {
    return this.peaks && { ...this.peaks };
  }

  /** The highest SYN cookies sent/s from the window's start (undefined when no sample read them). */
  syncookiesPeakRate(): number | undefined {
    return this.syncookiesPeak;
  }
}

/** The classification of a window against the node's PPS and BPS thresholds (undefined before an attack). */
export function classifyWindow(
  window: IncidentWindow,
  thresholds: readonly { metric: string; threshold: number }[],
  ownedPrefixes: string[] = [],
): { summary: CaptureSummary; classification: Classification } | undefined {
  const summary = window.summary();
  if (!summary) return undefined;
  const threshold = (metric: string) => thresholds.find((t) => t.metric === metric)?.threshold;
  const context = {
    thresholdPps: threshold("PPS"),
    thresholdBps: threshold("BPS"),
    protocolThresholdsPps: {
      tcp: threshold("TCP_PPS"),
      udp: threshold("UDP_PPS"),
      icmp: threshold("ICMP_PPS"),
    },
    hot: window.hotTraffic(),
    ownedPrefixes,
    ...connectionContext(window.socketPeaks(), threshold, window.syncookiesPeakRate()),
  };
  return { summary, classification: classify(summary, context) };
}

/**
 * The socket peaks beside the SYN_RECV, TCP_ESTABLISHED and TCP_SOCKETS thresholds, and the SYN
 * cookies' peak beside theirs, when there are any.
 */
function connectionContext(
  socketPeaks: SocketCounts | undefined,
  threshold: (metric: string) => number | undefined,
  syncookiesPeak: number | undefined,
): { connections?: ConnectionContext } {
  if (!socketPeaks && syncookiesPeak === undefined) return {};
  // Cookies read without the socket tables: zero counts cross no threshold.
  const peaks = socketPeaks ?? { synRecv: 0, tcpEstablished: 0, tcpTotal: 0 };
  const thresholds = {
    synRecv: threshold("SYN_RECV"),
    tcpEstablished: threshold("TCP_ESTABLISHED"),
    tcpTotal: threshold("TCP_SOCKETS"),
  };
  return {
    connections: { peaks, thresholds, syncookiesPeak, syncookiesThreshold: threshold("SYN_COOKIES") },
  };
}

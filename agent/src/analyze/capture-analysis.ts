import {
  type CaptureSummary,
  type Classification,
  classify,
  DEFAULT_THRESHOLD_BPS,
  DEFAULT_THRESHOLD_PPS,
  emptySummary,
  IncidentWindow,
  mergeSummaries,
  summarizeIncidentText,
} from "@levee/shared/classification";
import { FeatureExtractor } from "../packets/feature-extractor.ts";
import { type CaptureReadStats, linkTypeName } from "../packets/link-types.ts";
import { readCapture } from "../packets/pcap-reader.ts";

export interface AnalyzeOptions {
  thresholdPps?: number;
  thresholdBps?: number;
  /** Analyse as if the capture were replayed this many times faster (timestamps divided by it). */
  speedup?: number;
  /** Length of the bins packets are summarised in, as the agent's sample interval (default 1000). */
  intervalMs?: number;
  /** The capturing node's own addresses: its packets are answers, set aside. */
  ownAddresses?: string[];
}

export interface CaptureAnalysis {
  file: string;
  read: CaptureReadStats;
  linkTypes: string[];
  packets: number;
  bytes: number;
  /** Packets counted and skipped: truncated, corrupt, non-IP or on an unsupported link type. */
  malformedPackets: number;
  durationSeconds: number;
  /** Bins (of intervalMs) that held at least one packet, and those above the rate threshold. */
  activeSeconds: number;
  attackSeconds: number;
  intervalMs: number;
  averagePps: number;
  peakPps: number;
  peakBps: number;
  /** The summary that was classified: the seconds above threshold, or all of them when none was. */
  summary: CaptureSummary;
  classification: Classification;
  text: string;
}

/**
 * Offline analysis of one capture: per-interval summaries from the same FeatureExtractor the
 * live agent uses, merged over the same attack window the API builds for an incident (first to
 * last bin above the rate threshold, incident-window.ts) and classified; with no such bin, the
 * whole file is classified.
 */
export async function analyzeCapture(path: string, options: AnalyzeOptions = {}): Promise<CaptureAnalysis> {
  const thresholdPps = options.thresholdPps ?? DEFAULT_THRESHOLD_PPS;
  const thresholdBps = options.thresholdBps ?? DEFAULT_THRESHOLD_BPS;
  const intervalMs = options.intervalMs ?? 1000;
  const binSeconds = intervalMs / 1000;
  const extractor = new FeatureExtractor({ ownAddresses: options.ownAddresses });
  const window = new IncidentWindow();
  let all = emptySummary();
  let bin = Number.NaN;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let inSecond = 0;
  let bytesInSecond = 0;
  let activeSeconds = 0;
  let attackSeconds = 0;
  let peakPps = 0;
  let peakBps = 0;

  const flush = () => {
    if (inSecond === 0) return;
    const pps = inSecond / binSeconds;
    const bps = (bytesInSecond * 8) / binSeconds;
    const hot = pps >= thresholdPps || bps >= thresholdBps;
    const summary = extractor.takeSummary(binSeconds);
    all = mergeSummaries(all, summary);
    window.add({ endMs: (bin + 1) * intervalMs, hot, summary });
    if (hot) attackSeconds++;
    activeSeconds++;
    peakPps = Math.max(peakPps, pps);
    peakBps = Math.max(peakBps, bps);
    inSecond = 0;
    bytesInSecond = 0;
  };

  const speedup = options.speedup ?? 1;
  const read = await readCapture(path, (data, offset, caplen, wireLength, rawTs, linkType) => {
    const ts = rawTs / speedup;
    const b = Math.floor((ts * 1000) / intervalMs);
    if (b !== bin) {
      flush();
      bin = b;
    }
    if (ts < first) first = ts;
    if (ts > last) last = ts;
    inSecond++;
    bytesInSecond += wireLength;
    extractor.addPacket(data, linkType, wireLength, ts, offset, caplen);
  });
  flush();

  const summary: CaptureSummary = window.summary() ?? all;
  const classification = classify(summary, { thresholdPps, thresholdBps, hot: window.hotTraffic() });
  const durationSeconds = Number.isFinite(first) ? last - first : 0;
  return {
    file: path,
    read,
    linkTypes: read.linkTypes.map(linkTypeName),
    packets: all.packets,
    bytes: all.bytes,
    malformedPackets: all.malformed,
    durationSeconds,
    activeSeconds,
    attackSeconds,
    intervalMs,
    averagePps: all.packets / Math.max(durationSeconds, 1),
    peakPps,
    peakBps,
    summary,
    classification,
    text: summarizeIncidentText(classification),
  };
}

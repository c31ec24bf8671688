import {
  type CaptureSummary,
  type Classification,
  classify,
  DEFAULT_THRESHOLD_BPS,
  DEFAULT_THRESHOLD_PPS,
  emptySummary,
  mergeSummaries,
  summarizeIncidentText,
} from "../../../api/src/classification/index.ts";
import { DistinctCounter } from "./distinct-counter.ts";
import { FeatureExtractor } from "./feature-extractor.ts";
import { type CaptureReadStats, linkTypeName } from "./link-types.ts";
import { readCapture } from "./pcap-reader.ts";

export interface AnalyzeOptions {
  thresholdPps?: number;
  thresholdBps?: number;
  /** Analyse as if the capture were replayed this many times faster (timestamps divided by it). */
  speedup?: number;
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
  /** Seconds (1-second bins) that held at least one packet, and those above the rate threshold. */
  activeSeconds: number;
  attackSeconds: number;
  averagePps: number;
  peakPps: number;
  peakBps: number;
  /** The summary that was classified: the seconds above threshold, or all of them when none was. */
  summary: CaptureSummary;
  classification: Classification;
  text: string;
}

/**
 * Offline analysis of one capture: per-second summaries from the same FeatureExtractor the
 * live agent uses; the seconds above the rate threshold are merged (as the API merges an
 * incident's seconds) and classified; with no such second, the whole file is classified.
 */
export async function analyzeCapture(path: string, options: AnalyzeOptions = {}): Promise<CaptureAnalysis> {
  const thresholdPps = options.thresholdPps ?? DEFAULT_THRESHOLD_PPS;
  const thresholdBps = options.thresholdBps ?? DEFAULT_THRESHOLD_BPS;
  const extractor = new FeatureExtractor();
  const allSources = new DistinctCounter();
  const attackSources = new DistinctCounter();
  let all = emptySummary();
  let attack = emptySummary();
  let second = Number.NaN;
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
    const hot = inSecond >= thresholdPps || bytesInSecond * 8 >= thresholdBps;
    allSources.addInterval(extractor);
    if (hot) attackSources.addInterval(extractor);
    const summary = extractor.takeSummary(1);
    all = mergeSummaries(all, summary);
    if (hot) {
      attack = mergeSummaries(attack, summary);
      attackSeconds++;
    }
    activeSeconds++;
    peakPps = Math.max(peakPps, inSecond);
    peakBps = Math.max(peakBps, bytesInSecond * 8);
    inSecond = 0;
    bytesInSecond = 0;
  };

  const speedup = options.speedup ?? 1;
  const read = await readCapture(path, (data, offset, caplen, wireLength, rawTs, linkType) => {
    const ts = rawTs / speedup;
    const s = Math.floor(ts);
    if (s !== second) {
      flush();
      second = s;
    }
    if (ts < first) first = ts;
    if (ts > last) last = ts;
    inSecond++;
    bytesInSecond += wireLength;
    extractor.addPacket(data, linkType, wireLength, ts, offset, caplen);
  });
  flush();

  const useAttack = attackSeconds > 0;
  const counter = useAttack ? attackSources : allSources;
  const summary: CaptureSummary = {
    ...(useAttack ? attack : all),
    distinctSources: counter.count(),
    distinctSourcesExact: counter.isExact,
  };
  const classification = classify(summary, { thresholdPps, thresholdBps });
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
    averagePps: all.packets / Math.max(durationSeconds, 1),
    peakPps,
    peakBps,
    summary,
    classification,
    text: summarizeIncidentText(classification),
  };
}

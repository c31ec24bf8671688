import { type IpPrefix, parsePrefix } from "../network/cidr.ts";
import type { CaptureSummary } from "./capture-summary.ts";
import { type ConnectionContext, judgeConnections } from "./connection-state.ts";
import { type AttackFamily, FAMILY_LABELS, REFLECTION_FAMILIES, type VectorFamily } from "./families.ts";
import { count, percent, rate } from "./format.ts";
import type { OrdinaryFlow } from "./ordinary-flows.ts";
import { type HotTraffic, judgeRate, type ProtocolThresholds } from "./rate-gate.ts";
import { assessSpoofing } from "./spoofing.ts";
import { profileOf } from "./traffic-profile.ts";
import { findVectors, type VectorCandidate } from "./vectors.ts";

export const DEFAULT_THRESHOLD_PPS = 1000;
export const DEFAULT_THRESHOLD_BPS = 200e6;
/** A vector must carry this share of the attack traffic; two such vectors make a multi-vector attack. */
export const MIN_VECTOR_SHARE = 0.2;
const BOTNET_SOURCES = 300;

export interface ClassificationContext {
  /** Rate above which traffic is abnormal (the detector's threshold); below it and the bit rate, no attack. */
  thresholdPps?: number;
  thresholdBps?: number;
  /** The detector's per-protocol thresholds: a flood of one protocol over its own is over threshold. */
  protocolThresholdsPps?: ProtocolThresholds;
  /** An incident window's hot samples alone (incident-window.ts): their rate counts beside the window's average. */
  hot?: HotTraffic;
  /** The operator's own prefixes: top sources inside them are forged. */
  ownedPrefixes?: string[];
  /**
   * The node's peak socket counts over the window and their thresholds (live only: a capture
   * file has no socket table). A SYN flood held in SYN_RECV is named even under the packet thresholds.
   */
  connections?: ConnectionContext;
}

export interface AttackVector {
  family: VectorFamily;
  confidence: number;
  /** Share of the attack traffic (packets outside ordinary flows) in this vector. */
  packetsShare: number;
  detail?: string;
}

export interface ClassifiedSource {
  ip: string;
  packets: number;
  bytes: number;
  /** Share of all packets in the summary. */
  share: number;
  ttls: number[];
}

export interface Classification {
  /** null: no attack (benign traffic, or below the rate threshold). */
  family: AttackFamily | null;
  /** What the family does not say: the reflected services, "SYN-ACK reflection", a flood's target port. */
  detail: string | null;
  /** 0–100, from the share of attack traffic matching the family's signature (0 when family is null). */
  confidence: number;
  vectors: AttackVector[];
  spoofed: boolean;
  spoofingScore: number;
  botnet: boolean;
  distinctSources: number;
  packetsPerSecond: number;
  bitsPerSecond: number;
  evidence: string[];
  topSources: ClassifiedSource[];
}

/** Names the attack in a capture summary, with the evidence for it. Pure. */
export function classify(summary: CaptureSummary, context: ClassificationContext = {}): Classification {
  const t = profileOf(summary);
  const thresholdPps = context.thresholdPps ?? DEFAULT_THRESHOLD_PPS;
  const thresholdBps = context.thresholdBps ?? DEFAULT_THRESHOLD_BPS;
  const owned = (context.ownedPrefixes ?? []).map(parsePrefix).filter((p): p is IpPrefix => p !== undefined);
  const { vectors: candidates, flows, ordinaryPackets } = findVectors(t);
  // Shares are of the attack traffic: every packet except the ordinary flows set aside.
  const attackPackets = Math.max(0, summary.packets - ordinaryPackets);
  const share = (packets: number) => (attackPackets > 0 ? Math.min(1, packets / attackPackets) : 0);
  const qualifying = candidates.filter((v) => share(v.packets) >= MIN_VECTOR_SHARE && !v.benignShape);
  const limits = { pps: thresholdPps, bps: thresholdBps, protocols: context.protocolThresholdsPps ?? {} };
  const gate = judgeRate(summary, t.seconds, attackPackets, limits, context.hot);
  const aboveRate = gate.above;
  const attackRate = gate.attackRate;
  // Averages over the whole capture, said so: a capture holds seconds from before the attack, so
  // they can lie below the thresholds the attack's own seconds crossed (gate.detail gives those).
  const rateText = `on average ${rate(t.pps, "pps")} and ${rate(t.bitsPerSecond, "bit/s")} over the capture's ${formatSeconds(t.seconds)} (threshold ${rate(thresholdPps, "pps")} or ${rate(thresholdBps, "bit/s")})${gate.detail ? `; ${gate.detail}` : ""}`;
  const flowText = [...(flows.length > 0 ? [ordinaryFlowText(flows)] : []), ...ownTrafficText(summary)];
  const ownAddresses = new Set(summary.ownTraffic?.addresses ?? []);
  const base = {
    distinctSources: summary.distinctSources,
    packetsPerSecond: t.pps,
    bitsPerSecond: t.bitsPerSecond,
    // The node's own addresses are never a source of the attack.
    topSources: summary.topSources
      .filter((s) => !ownAddresses.has(s.ip))
      .map((s) => ({ ...s, share: t.share(s.packets) })),
  };
  const attackLeft = attackRate >= gate.crossedPps * MIN_VECTOR_SHARE || t.bitsPerSecond >= thresholdBps;
  const synCandidate = candidates.find((v) => v.family === "SYN_FLOOD");
  const connections = context.connections
    ? judgeConnections(context.connections, attackPackets > 0 ? share(synCandidate?.packets ?? 0) : undefined)
    : undefined;
  if ((!aboveRate || qualifying.length === 0 || !attackLeft) && connections?.synFlood) {
    // Under the packet thresholds, but the socket table shows the flood (connection-state.ts).
    const { detail, confidence } = connections.synFlood;
    const spoofing = assessSpoofing(t, false, owned);
    return {
      family: "SYN_FLOOD",
      detail,
      confidence,
      vectors: [
        {
          family: "SYN_FLOOD",
          confidence,
          packetsShare: Math.round(share(synCandidate?.packets ?? 0) * 1000) / 1000,
          detail,
        },
      ],
      spoofed: spoofing.spoofed,
      spoofingScore: spoofing.score,
      botnet: false,
      evidence: [
        ...connections.evidence,
        ...(synCandidate?.evidence ?? []),
        `Traffic is ${aboveRate ? "above" : "below"} the packet thresholds: ${rateText}`,
        ...flowText,
        ...spoofing.evidence,
      ],
      ...base,
    };
  }
  if (!aboveRate || qualifying.length === 0 || !attackLeft) {
    const evidence = [
      `Traffic is ${aboveRate ? "above" : "below"} threshold: ${rateText}`,
      ...flowText,
      ...(connections?.evidence ?? []),
    ];
    if (aboveRate && !attackLeft)
      evidence.push(`Only ${rate(attackRate, "pps")} remain outside ordinary flows`);
    evidence.push(...benignReasons(candidates, share));
    const spoofingScore = assessSpoofing(t, false, owned).score;
    return {
      family: null,
      detail: null,
      confidence: 0,
      vectors: [],
      spoofed: false,
      spoofingScore,
      botnet: false,
      evidence,
      ...base,
    };
  }
  const vectors = qualifying.map((v) => ({
    family: v.family,
    confidence: vectorConfidence(share(v.packets), v),
    packetsShare: Math.round(share(v.packets) * 1000) / 1000,
    ...(v.detail ? { detail: v.detail } : {}),
  }));
  const lead = qualifying[0] as VectorCandidate;
  const multi = qualifying.length > 1;
  const family: AttackFamily = multi ? "MULTI_VECTOR" : lead.family;
  const confidence = multi
    ? Math.min(100, Math.round(100 * qualifying.reduce((sum, v) => sum + share(v.packets), 0)))
    : vectorConfidence(share(lead.packets), lead);
  const isReflection = (v: VectorCandidate) => v.reflection === true || REFLECTION_FAMILIES.has(v.family);
  const reflection = qualifying.every(isReflection);
  const spoofing = assessSpoofing(t, reflection, owned);
  // Reflectors are servers answering forged requests: a crowd that includes them is never a botnet.
  const withReflectors = qualifying.some(isReflection);
  const botnet = !spoofing.spoofed && !withReflectors && summary.distinctSources >= BOTNET_SOURCES;
  const evidence = qualifying.flatMap((v) => v.evidence);
  if (multi)
    evidence.unshift(
      `${qualifying.length} vectors at once: ${qualifying.map((v) => FAMILY_LABELS[v.family]).join(", ")}`,
    );
  evidence.push(
    `Traffic is above threshold: ${rateText}`,
    ...flowText,
    ...(connections?.evidence ?? []),
    ...spoofing.evidence,
  );
  if (botnet)
    evidence.push(`${count(summary.distinctSources)} distinct sources that are not spoofed: a botnet`);
  else if (withReflectors && !spoofing.spoofed && summary.distinctSources >= BOTNET_SOURCES)
    evidence.push(
      `${count(summary.distinctSources)} distinct sources, reflectors among them: not counted as a botnet`,
    );
  const detail = multi ? null : (lead.detail ?? null);
  return {
    family,
    detail,
    confidence,
    vectors,
    spoofed: spoofing.spoofed,
    spoofingScore: spoofing.score,
    botnet,
    evidence,
    ...base,
  };
}

/** The share of attack traffic matching the vector's signature, plus 5 when a payload signature confirms it. */
function vectorConfidence(share: number, v: VectorCandidate): number {
  return Math.min(100, Math.round(100 * share + (v.signed ? 5 : 0)));
}

function benignReasons(candidates: VectorCandidate[], share: (packets: number) => number): string[] {
  const largest = candidates.find((v) => v.packets > 0);
  if (!largest) return ["No attack traffic left to classify"];
  const reasons = candidates
    .filter((v) => v.benignShape && share(v.packets) >= MIN_VECTOR_SHARE)
    .map((v) => `${FAMILY_LABELS[v.family]} pattern discounted: ${v.benignShape}`);
  if (share(largest.packets) < MIN_VECTOR_SHARE) {
    reasons.push(
      `No attack signature dominates: the largest (${FAMILY_LABELS[largest.family]}) covers ${percent(share(largest.packets))} of the traffic`,
    );
  }
  return reasons;
}

function ordinaryFlowText(flows: OrdinaryFlow[]): string {
  const packets = flows.reduce((sum, f) => sum + f.packets, 0);
  const named = flows
    .slice(0, 3)
    .map((f) => `${f.ip} from ${f.protocol.toLowerCase()}/${f.port}`)
    .join(", ");
  const more = flows.length > 3 ? ", …" : "";
  return `${count(flows.length)} ordinary flow${flows.length === 1 ? "" : "s"} (${named}${more}; ${count(packets)} packets) set aside as background`;
}

function ownTrafficText(summary: CaptureSummary): string[] {
  const own = summary.ownTraffic;
  if (!own || own.packets === 0) return [];
  const parts = (
    [
      [own.rst, "RST"],
      [own.synAck, "SYN-ACK"],
      [own.icmp, "ICMP"],
      [own.other, "other"],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, name]) => `${count(n)} ${name}`);
  const from = own.addresses.length > 0 ? ` from ${own.addresses.slice(0, 3).join(", ")}` : "";
  return [
    `${count(own.packets)} packets are this node's own answers${from} (${parts.join(", ")}): set aside`,
  ];
}

function formatSeconds(seconds: number): string {
  return seconds === 1 ? "1 s" : `${Number(seconds.toFixed(2))} s`;
}

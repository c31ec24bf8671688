import type { CaptureSummary, SignatureName } from "./capture-summary.ts";

export interface TtlProfile {
  /** Shannon entropy of the TTL histogram in bits (uniformly random TTLs give about 8). */
  entropyBits: number;
  /** Share of packets carrying the two most common TTL values. */
  top2Share: number;
  top2: number[];
  /**
   * Share of packets whose TTL no real host sends from within 40 hops: hosts start at
   * 64, 128 or 255 (rarely 32), so 65–87 and 129–214 only appear when TTLs are forged.
   */
  implausibleShare: number;
}

/** Numbers derived once from a summary, shared by the vector, spoofing and text code. */
export interface TrafficProfile {
  summary: CaptureSummary;
  seconds: number;
  packets: number;
  pps: number;
  bitsPerSecond: number;
  share(count: number): number;
  signature(name: SignatureName): number;
  /** Packets from `port` as source (protocol TCP or UDP), as far as the top-port list shows. */
  sourcePort(protocol: "TCP" | "UDP", port: number): number;
  /** Share of a protocol's packets carried by its two busiest source ports. */
  sourcePortConcentration(protocol: "TCP" | "UDP"): number;
  /**
   * TTLs of the crowd: every packet except those of heavy sources (≥ 1 % of packets each),
   * which are judged one by one. Background flows are heavy; spoofed floods are a crowd.
   */
  ttl: TtlProfile;
  crowdPackets: number;
}

export function profileOf(summary: CaptureSummary): TrafficProfile {
  const seconds = summary.seconds ?? 1;
  const packets = summary.packets;
  const signatures = new Map(summary.signatures.map((s) => [s.name, s.packets]));
  const protocolPackets = (protocol: "TCP" | "UDP") =>
    protocol === "TCP" ? summary.protocols.tcp : summary.protocols.udp;
  return {
    summary,
    seconds,
    packets,
    pps: packets / seconds,
    bitsPerSecond: (summary.bytes * 8) / seconds,
    share: (count) => (packets > 0 ? Math.min(1, count / packets) : 0),
    signature: (name) => signatures.get(name) ?? 0,
    sourcePort: (protocol, port) =>
      summary.topSourcePorts.find((p) => p.protocol === protocol && p.port === port)?.packets ?? 0,
    sourcePortConcentration: (protocol) => {
      const total = protocolPackets(protocol);
      if (total === 0) return 0;
      const top = summary.topSourcePorts.filter((p) => p.protocol === protocol).slice(0, 2);
      return Math.min(1, top.reduce((sum, p) => sum + p.packets, 0) / total);
    },
    ...crowdTtl(summary),
  };
}

export function plausibleTtl(ttl: number): boolean {
  return ttl <= 64 || (ttl >= 88 && ttl <= 128) || ttl >= 215;
}

function crowdTtl(summary: CaptureSummary): { ttl: TtlProfile; crowdPackets: number } {
  const bins = new Map(summary.ttlHistogram.map((bin) => [bin.ttl, bin.packets]));
  for (const source of summary.topSources) {
    if (source.packets < summary.packets * 0.01 || source.ttls.length === 0) continue;
    const each = source.packets / source.ttls.length;
    for (const ttl of source.ttls) bins.set(ttl, Math.max(0, (bins.get(ttl) ?? 0) - each));
  }
  const crowd = [...bins].map(([ttl, packets]) => ({ ttl, packets })).filter((bin) => bin.packets >= 0.5);
  const crowdPackets = crowd.reduce((sum, bin) => sum + bin.packets, 0);
  return { ttl: ttlProfile(crowd, crowdPackets), crowdPackets };
}

function ttlProfile(histogram: { ttl: number; packets: number }[], total: number): TtlProfile {
  if (total === 0) return { entropyBits: 0, top2Share: 0, top2: [], implausibleShare: 0 };
  let entropy = 0;
  let implausible = 0;
  for (const bin of histogram) {
    const p = bin.packets / total;
    if (p > 0) entropy -= p * Math.log2(p);
    if (!plausibleTtl(bin.ttl)) implausible += bin.packets;
  }
  const sorted = [...histogram].sort((a, b) => b.packets - a.packets).slice(0, 2);
  return {
    entropyBits: entropy,
    top2Share: sorted.reduce((sum, bin) => sum + bin.packets, 0) / total,
    top2: sorted.map((bin) => bin.ttl),
    implausibleShare: implausible / total,
  };
}

import { type IpPrefix, prefixContains } from "../network/cidr.ts";
import { count, percent } from "./format.ts";
import type { TrafficProfile } from "./traffic-profile.ts";

export interface SpoofingAssessment {
  /** 0–100: the strongest single piece of evidence that source addresses are forged. */
  score: number;
  spoofed: boolean;
  evidence: string[];
}

/**
 * Are the source addresses forged? Real hosts keep one TTL per path, start from 64, 128 or
 * 255, and a crowd of real hosts sits at many different distances; random spoofing shows
 * TTLs no host sends, one TTL for "thousands" of sources, or several TTLs per source.
 * Reflection traffic comes from genuine reflectors, so it is never called spoofed.
 */
export function assessSpoofing(
  t: TrafficProfile,
  reflection: boolean,
  owned: IpPrefix[],
): SpoofingAssessment {
  const s = t.summary;
  const findings: { score: number; text: string }[] = [];
  const ttl = t.ttl;
  const crowd = t.crowdPackets >= 50;
  if (crowd && ttl.implausibleShare >= 0.15) {
    findings.push({
      score: Math.min(100, 50 + (ttl.implausibleShare - 0.15) * 200),
      text: `${percent(ttl.implausibleShare)} of the crowd's packets carry TTLs no real host sends from nearby (65–87, 129–214), and TTL entropy is ${ttl.entropyBits.toFixed(1)} bits: TTLs are randomised`,
    });
  }
  if (crowd && s.distinctSources >= 300 && ttl.top2Share >= 0.9) {
    findings.push({
      score: 85,
      text: `${count(s.distinctSources)} distinct sources, yet ${percent(ttl.top2Share)} of the crowd's packets carry TTL ${ttl.top2.join(" or ")}: one network path, so the addresses are forged`,
    });
  }
  if (s.trackedSources >= 20 && s.sourcesWithVaryingTtl / s.trackedSources >= 0.25) {
    const ratio = s.sourcesWithVaryingTtl / s.trackedSources;
    findings.push({
      score: Math.min(100, 50 + ratio * 60),
      text: `${percent(ratio)} of the ${count(s.trackedSources)} repeat sources arrive with more than one TTL (real hosts keep one per path)`,
    });
  }
  const bogonShare = t.share(s.bogonPackets);
  if (s.bogonSources >= 20 && bogonShare >= 0.05) {
    findings.push({
      score: Math.min(100, 50 + bogonShare * 300),
      text: `${count(s.bogonSources)} sources (${percent(bogonShare)} of packets) are bogon or martian addresses`,
    });
  }
  if (s.distinctSources >= 1000 && s.packets / s.distinctSources < 1.5) {
    findings.push({
      score: 40,
      text: `${count(s.distinctSources)} sources sent ${(s.packets / s.distinctSources).toFixed(1)} packets each on average`,
    });
  }
  const inside = s.topSources.filter((src) => owned.some((p) => prefixContains(p, src.ip)));
  const insidePackets = inside.reduce((sum, src) => sum + src.packets, 0);
  if (inside.length > 0 && t.share(insidePackets) >= 0.01) {
    findings.push({
      score: 80,
      text: `${count(inside.length)} top sources (${percent(t.share(insidePackets))} of packets) claim addresses inside your own prefixes`,
    });
  }
  findings.sort((a, b) => b.score - a.score);
  const raw = Math.round(findings[0]?.score ?? 0);
  if (reflection) {
    const evidence = [
      "Sources are reflectors answering requests forged with the victim's address; their own addresses are genuine",
    ];
    return { score: Math.min(raw, 25), spoofed: false, evidence };
  }
  const evidence = findings.map((f) => f.text);
  if (findings.length === 0 && s.distinctSources > 0) evidence.push(consistentText(t));
  return { score: raw, spoofed: raw >= 50, evidence };
}

function consistentText(t: TrafficProfile): string {
  const s = t.summary;
  const varying =
    s.trackedSources > 0
      ? ` and ${percent(s.sourcesWithVaryingTtl / s.trackedSources)} of repeat sources vary their TTL`
      : "";
  return `Sources look genuine: TTLs are plausible (entropy ${t.ttl.entropyBits.toFixed(1)} bits)${varying}`;
}

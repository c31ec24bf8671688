import type { CaptureSummary } from "../src/classification/capture-summary.ts";
import { emptySummary } from "../src/classification/merge-summaries.ts";

/** Test helper: a one-second summary with the given fields; packets default to the protocol total. */
export function summaryOf(fields: Partial<CaptureSummary>): CaptureSummary {
  const base = emptySummary(1);
  const protocols = { ...base.protocols, ...fields.protocols };
  const packets =
    fields.packets ?? protocols.tcp + protocols.udp + protocols.icmp + protocols.gre + protocols.other;
  return { ...base, bytes: packets * 100, ...fields, protocols, packets };
}

/** TTLs spread the way real hosts are: 64, 128 or 255 minus 5–25 hops. */
export function realTtls(packets: number): CaptureSummary["ttlHistogram"] {
  const bins = new Map<number, number>();
  for (let i = 0; i < packets; i++) {
    const ttl = (i % 3 === 0 ? 64 : i % 3 === 1 ? 128 : 255) - 5 - ((i * 7) % 21);
    bins.set(ttl, (bins.get(ttl) ?? 0) + 1);
  }
  return [...bins].map(([ttl, n]) => ({ ttl, packets: n }));
}

/** Uniformly random TTLs, as spoofing tools send. */
export function randomTtls(packets: number): CaptureSummary["ttlHistogram"] {
  return Array.from({ length: 255 }, (_, i) => ({ ttl: i + 1, packets: Math.round(packets / 255) }));
}

/** `n` distinct small sources of one packet each (10.x addresses are fine for tests). */
export function crowd(n: number, ttl = 57): CaptureSummary["topSources"] {
  return Array.from({ length: Math.min(n, 32) }, (_, i) => ({
    ip: `203.0.${i}.1`,
    packets: 1,
    bytes: 60,
    ttls: [ttl],
  }));
}

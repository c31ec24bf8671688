import {
  type CaptureSummary,
  MAX_TOP_PORTS,
  MAX_TOP_SOURCES,
  SIGNATURE_NAMES,
  SIZE_HISTOGRAM_LENGTH,
} from "./capture-summary.ts";
import { decodeSketch, encodeSketch, mergeSketches, type SourceSketch, sketchSize } from "./source-sketch.ts";

/** A summary of no packets over `seconds` (0 by default, the identity of mergeSummaries). */
export function emptySummary(seconds = 0): CaptureSummary {
  return {
    seconds,
    packets: 0,
    bytes: 0,
    distinctSources: 0,
    distinctSourcesExact: true,
    topSources: [],
    topSourcePorts: [],
    topDestinationPorts: [],
    protocols: { tcp: 0, udp: 0, icmp: 0, gre: 0, other: 0 },
    tcpFlags: { syn: 0, synAck: 0, ack: 0, rst: 0, fin: 0, psh: 0, other: 0 },
    sizeHistogram: Array<number>(SIZE_HISTOGRAM_LENGTH).fill(0),
    ttlHistogram: [],
    trackedSources: 0,
    sourcesWithVaryingTtl: 0,
    bogonSources: 0,
    bogonPackets: 0,
    fragments: 0,
    malformed: 0,
    signatures: [],
  };
}

/**
 * Combines two summaries (e.g. consecutive seconds of one incident) into one covering
 * both. Counters add up; top lists are re-ranked within their caps. Distinct sources come
 * from the union of both source sketches; a summary without one (an older agent) leaves a
 * lower bound (the larger side, or the sources both top lists name), marked inexact.
 */
export function mergeSummaries(a: CaptureSummary, b: CaptureSummary): CaptureSummary {
  const sum = <K extends string>(x: Record<K, number>, y: Record<K, number>) =>
    Object.fromEntries(Object.keys(x).map((k) => [k, x[k as K] + y[k as K]])) as Record<K, number>;
  const topSources = mergeSources(a.topSources, b.topSources);
  return {
    seconds: (a.seconds ?? 1) + (b.seconds ?? 1),
    packets: a.packets + b.packets,
    bytes: a.bytes + b.bytes,
    ...mergeDistinct(a, b, topSources.union),
    topSources: topSources.list,
    topSourcePorts: mergePorts(a.topSourcePorts, b.topSourcePorts),
    topDestinationPorts: mergePorts(a.topDestinationPorts, b.topDestinationPorts),
    protocols: sum(a.protocols, b.protocols),
    ...mergeProtocolSources(a, b),
    tcpFlags: sum(a.tcpFlags, b.tcpFlags),
    sizeHistogram: a.sizeHistogram.map((n, i) => n + (b.sizeHistogram[i] ?? 0)),
    ttlHistogram: mergeCounts(a.ttlHistogram, b.ttlHistogram, (bin) => bin.ttl).sort((x, y) => x.ttl - y.ttl),
    trackedSources: a.trackedSources + b.trackedSources,
    sourcesWithVaryingTtl: a.sourcesWithVaryingTtl + b.sourcesWithVaryingTtl,
    bogonSources: Math.max(a.bogonSources, b.bogonSources),
    bogonPackets: a.bogonPackets + b.bogonPackets,
    fragments: a.fragments + b.fragments,
    ...(a.unmatchedFragments !== undefined || b.unmatchedFragments !== undefined
      ? { unmatchedFragments: (a.unmatchedFragments ?? 0) + (b.unmatchedFragments ?? 0) }
      : {}),
    malformed: a.malformed + b.malformed,
    signatures: mergeCounts(a.signatures, b.signatures, (s) => s.name).sort(
      (x, y) => SIGNATURE_NAMES.indexOf(x.name) - SIGNATURE_NAMES.indexOf(y.name),
    ),
    ...mergeOwnTraffic(a.ownTraffic, b.ownTraffic),
  };
}

function mergeOwnTraffic(x: CaptureSummary["ownTraffic"], y: CaptureSummary["ownTraffic"]) {
  if (!x || !y) return x || y ? { ownTraffic: x ?? y } : {};
  const addresses = [...new Set([...x.addresses, ...y.addresses])].slice(0, 16);
  return {
    ownTraffic: {
      packets: x.packets + y.packets,
      rst: x.rst + y.rst,
      synAck: x.synAck + y.synAck,
      icmp: x.icmp + y.icmp,
      other: x.other + y.other,
      addresses,
    },
  };
}

function sketchOf(summary: CaptureSummary): SourceSketch | undefined {
  if (summary.sourceSketch) return decodeSketch(summary.sourceSketch);
  return summary.distinctSources === 0 ? { kind: "exact", hashes: new Uint32Array(0) } : undefined;
}

function mergeDistinct(
  a: CaptureSummary,
  b: CaptureSummary,
  topUnion: number,
): Pick<CaptureSummary, "distinctSources" | "distinctSourcesExact" | "sourceSketch"> {
  const x = sketchOf(a);
  const y = sketchOf(b);
  if (x && y) {
    const merged = mergeSketches(x, y);
    if (merged.kind === "exact" && merged.hashes.length === 0)
      return { distinctSources: 0, distinctSourcesExact: a.distinctSourcesExact && b.distinctSourcesExact };
    return {
      distinctSources: sketchSize(merged),
      distinctSourcesExact: merged.kind === "exact" && a.distinctSourcesExact && b.distinctSourcesExact,
      sourceSketch: encodeSketch(merged),
    };
  }
  const bothHaveSources = a.distinctSources > 0 && b.distinctSources > 0;
  return {
    distinctSources: Math.max(a.distinctSources, b.distinctSources, topUnion),
    distinctSourcesExact: bothHaveSources ? false : a.distinctSourcesExact && b.distinctSourcesExact,
  };
}

/** Per-protocol distinct sources: the larger side, a lower bound like distinctSources. */
function mergeProtocolSources(a: CaptureSummary, b: CaptureSummary): Pick<CaptureSummary, "protocolSources"> {
  const x = a.protocolSources;
  const y = b.protocolSources;
  if (!x || !y) return x || y ? { protocolSources: x ?? y } : {};
  const keys = Object.keys(x) as (keyof typeof x)[];
  return { protocolSources: Object.fromEntries(keys.map((k) => [k, Math.max(x[k], y[k])])) as typeof x };
}

function mergeCounts<T extends { packets: number }>(a: T[], b: T[], key: (item: T) => string | number): T[] {
  const merged = new Map<string | number, T>();
  for (const item of [...a, ...b]) {
    const existing = merged.get(key(item));
    merged.set(key(item), existing ? { ...existing, packets: existing.packets + item.packets } : { ...item });
  }
  return [...merged.values()];
}

function mergePorts(a: CaptureSummary["topSourcePorts"], b: CaptureSummary["topSourcePorts"]) {
  return mergeCounts(a, b, (p) => `${p.protocol}/${p.port}`)
    .sort((x, y) => y.packets - x.packets)
    .slice(0, MAX_TOP_PORTS);
}

function mergeSources(a: CaptureSummary["topSources"], b: CaptureSummary["topSources"]) {
  const merged = new Map<string, CaptureSummary["topSources"][number]>();
  for (const source of [...a, ...b]) {
    const existing = merged.get(source.ip);
    if (!existing) {
      merged.set(source.ip, { ...source, ttls: [...source.ttls] });
      continue;
    }
    existing.packets += source.packets;
    existing.bytes += source.bytes;
    existing.ttls = [...new Set([...existing.ttls, ...source.ttls])].sort((x, y) => x - y).slice(0, 8);
  }
  const list = [...merged.values()].sort((x, y) => y.packets - x.packets).slice(0, MAX_TOP_SOURCES);
  return { list, union: merged.size };
}

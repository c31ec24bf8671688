import {
  type CaptureSummary,
  MAX_TOP_PORTS,
  MAX_TOP_SOURCES,
  PACKET_SIZE_BUCKETS,
  SIGNATURE_NAMES,
} from "@levee/shared/classification/capture-summary";
import {
  encodeSketch,
  MAX_EXACT_SOURCES,
  type SourceSketch,
  sketchOfHashes,
} from "@levee/shared/classification/source-sketch";
import { isBogonV4, isBogonV6 } from "./bogons.ts";
import { datagramHash, FragmentCache } from "./fragment-cache.ts";
import { HyperLogLog, mix32 } from "./hyperloglog.ts";
import { Decode, DecodedPacket, decodePacket, IpProto, u32be } from "./packet-decoder.ts";
import { PortCounter } from "./port-counter.ts";
import { matchSignatures } from "./signatures.ts";
import { keyHash, SourceTable } from "./source-table.ts";
import { sourceKey, sourceKeyOfText, topPorts, topSources } from "./summary-parts.ts";

/**
 * Turns packets into a CaptureSummary: one per call of takeSummary(), covering the
 * packets added since the previous call. Used per second by the live agent and by
 * `levee-agent analyze`. Memory is fixed by its caps (65,536 tracked sources, 4 KiB
 * sketch, port tables), never by the number of packets.
 */
export class FeatureExtractor {
  private readonly packet = new DecodedPacket();
  private readonly sources: SourceTable;
  private readonly sketch = new HyperLogLog();
  private readonly fragmentCache = new FragmentCache();
  private readonly tcpSrc = new PortCounter();
  private readonly tcpDst = new PortCounter();
  private readonly udpSrc = new PortCounter();
  private readonly udpDst = new PortCounter();
  private readonly sizes = new Float64Array(PACKET_SIZE_BUCKETS.length + 1);
  private readonly ttlHistogram = new Float64Array(256);
  private readonly signatureCounts = new Float64Array(SIGNATURE_NAMES.length);
  private readonly proto = { tcp: 0, udp: 0, icmp: 0, gre: 0, other: 0 };
  private readonly flags = { syn: 0, synAck: 0, ack: 0, rst: 0, fin: 0, psh: 0, other: 0 };
  private packets = 0;
  private bytes = 0;
  private bogonSources = 0;
  private bogonPackets = 0;
  private fragments = 0;
  private malformed = 0;
  /** Keys of the node's own addresses: its packets are answers, never attack sources. */
  private readonly own: Set<number>;
  private readonly ownAddresses: string[];
  private readonly ownTraffic = { packets: 0, rst: 0, synAck: 0, icmp: 0, other: 0 };

  constructor(options: { maxTrackedSources?: number; ownAddresses?: string[] } = {}) {
    this.sources = new SourceTable(options.maxTrackedSources ?? 65_536);
    this.ownAddresses = (options.ownAddresses ?? [])
      .filter((a) => sourceKeyOfText(a) !== undefined)
      .slice(0, 16);
    this.own = new Set(this.ownAddresses.map((a) => sourceKeyOfText(a) as number));
  }

  /** A packet the node itself sent (its RST, SYN-ACK and ICMP answers): set aside and counted. */
  private ownPacket(p: DecodedPacket): void {
    const own = this.ownTraffic;
    own.packets++;
    const f = p.tcpFlags & 0x3f;
    if (p.protocol === IpProto.TCP && f & 0x04) own.rst++;
    else if (p.protocol === IpProto.TCP && f === 0x12) own.synAck++;
    else if (p.protocol === IpProto.ICMP || p.protocol === IpProto.ICMPV6) own.icmp++;
    else own.other++;
  }

  addPacket(
    data: Uint8Array,
    linkType: number,
    wireLength: number,
    _tsSeconds: number,
    offset = 0,
    length = data.length - offset,
  ): void {
    const p = this.packet;
    const decoded = decodePacket(data, offset, length, linkType, p) === Decode.OK;
    if (decoded && this.own.size > 0 && this.own.has(sourceKey(data, p))) {
      this.ownPacket(p);
      return;
    }
    this.packets++;
    this.bytes += wireLength;
    const bucket = sizeBucket(wireLength);
    this.sizes[bucket] = (this.sizes[bucket] as number) + 1;
    if (!decoded) {
      this.malformed++;
      return;
    }
    this.ttlHistogram[p.ttl] = (this.ttlHistogram[p.ttl] as number) + 1;
    const protocol = p.protocol;
    const protocolBit = protocolBitOf(protocol);
    if (protocolBit === TCP_BIT) this.proto.tcp++;
    else if (protocolBit === UDP_BIT) this.proto.udp++;
    else if (protocolBit === ICMP_BIT) this.proto.icmp++;
    else if (protocolBit === GRE_BIT) this.proto.gre++;
    else this.proto.other++;
    const key = sourceKey(data, p);
    const hash = keyHash(key);
    const bogon = p.ipVersion === 4 ? isBogonV4(p.srcV4) : isBogonV6(data, p.srcOffset);
    const slot = this.sources.add(key, hash, p.ttl, wireLength, protocolBit);
    if (this.sources.inserted) {
      this.sketch.add(hash);
      if (bogon) this.bogonSources++;
      if (p.ipVersion === 6) this.sources.v6.set(data.subarray(p.srcOffset, p.srcOffset + 16), slot * 16);
    }
    if (bogon) this.bogonPackets++;
    const datagram = p.fragment ? datagramHash(hash, destinationHash(data, p), protocol, p.fragmentId) : 0;
    if (p.fragment) {
      this.fragments++;
      if (!p.firstFragment) {
        const at = this.fragmentCache.later(datagram);
        if (at >= 0) this.creditFragments(at, protocol, 1);
        return;
      }
    }
    const signatures = matchSignatures(data, p);
    if (signatures !== 0) this.countSignatures(signatures, 1);
    if (p.hasPorts) this.countPorts(protocol, p.srcPort, p.dstPort, 1);
    if (p.fragment) {
      const ports = { has: p.hasPorts, src: p.srcPort, dst: p.dstPort };
      const early = this.fragmentCache.first(datagram, ports, signatures);
      if (early > 0) {
        if (signatures !== 0) this.countSignatures(signatures, early);
        if (p.hasPorts) this.countPorts(protocol, p.srcPort, p.dstPort, early);
      }
    }
    if (p.tcpFlags >= 0) this.countFlags(p.tcpFlags);
  }

  /** `n` later fragments: counted for the ports and signatures of their datagram's first fragment. */
  private creditFragments(at: number, protocol: number, n: number): void {
    const cache = this.fragmentCache;
    const signatures = cache.signatures[at] as number;
    if (signatures !== 0) this.countSignatures(signatures, n);
    if (cache.hasPorts[at])
      this.countPorts(protocol, cache.srcPort[at] as number, cache.dstPort[at] as number, n);
  }

  private countPorts(protocol: number, src: number, dst: number, n: number): void {
    if (protocol === IpProto.TCP) {
      this.tcpSrc.add(src, n);
      this.tcpDst.add(dst, n);
    } else if (protocol === IpProto.UDP) {
      this.udpSrc.add(src, n);
      this.udpDst.add(dst, n);
    }
  }

  private countSignatures(mask: number, n: number): void {
    const counts = this.signatureCounts;
    for (let bit = 0; bit < SIGNATURE_NAMES.length; bit++)
      if (mask & (1 << bit)) counts[bit] = (counts[bit] as number) + n;
  }

  private countFlags(raw: number): void {
    const f = raw & 0x3f;
    const flags = this.flags;
    if (f & 0x04) flags.rst++;
    else if (f === 0x02) flags.syn++;
    else if (f === 0x12) flags.synAck++;
    else if (f === 0x10) flags.ack++;
    else if (f & 0x01 && (f & 0x26) === 0) flags.fin++;
    else if (f === 0x18 || f === 0x08) flags.psh++;
    else flags.other++;
  }

  /** The summary of everything added since the last call; then starts a new interval. */
  takeSummary(seconds = 1): CaptureSummary {
    const table = this.sources;
    let tracked = 0;
    let varying = 0;
    const perProtocol = { tcp: 0, udp: 0, icmp: 0, gre: 0, other: 0 };
    for (let i = 0; i < table.size; i++) {
      const slot = table.used[i] as number;
      if ((table.packets[slot] as number) >= 2) tracked++;
      if ((table.ttlCount[slot] as number) >= 2) varying++;
      const bits = table.protocols[slot] as number;
      if (bits & TCP_BIT) perProtocol.tcp++;
      if (bits & UDP_BIT) perProtocol.udp++;
      if (bits & ICMP_BIT) perProtocol.icmp++;
      if (bits & GRE_BIT) perProtocol.gre++;
      if (bits & OTHER_BIT) perProtocol.other++;
    }
    const exact = !table.lossy;
    const distinct = exact ? table.size : Math.max(table.size, this.sketch.estimate());
    const summary: CaptureSummary = {
      seconds,
      packets: this.packets,
      bytes: this.bytes,
      distinctSources: distinct,
      distinctSourcesExact: exact,
      ...(table.size > 0 ? { sourceSketch: encodeSketch(this.sourceSketch()) } : {}),
      topSources: topSources(table, MAX_TOP_SOURCES),
      topSourcePorts: topPorts(this.tcpSrc, this.udpSrc, MAX_TOP_PORTS),
      topDestinationPorts: topPorts(this.tcpDst, this.udpDst, MAX_TOP_PORTS),
      protocols: { ...this.proto },
      protocolSources: perProtocol,
      tcpFlags: { ...this.flags },
      sizeHistogram: Array.from(this.sizes),
      ttlHistogram: [],
      trackedSources: tracked,
      sourcesWithVaryingTtl: varying,
      bogonSources: Math.min(this.bogonSources, distinct),
      bogonPackets: this.bogonPackets,
      fragments: this.fragments,
      unmatchedFragments: this.fragmentCache.takeUnmatched(),
      malformed: this.malformed,
      signatures: [],
      ...(this.ownTraffic.packets > 0
        ? { ownTraffic: { ...this.ownTraffic, addresses: [...this.ownAddresses] } }
        : {}),
    };
    for (let ttl = 0; ttl < 256; ttl++) {
      const packets = this.ttlHistogram[ttl] as number;
      if (packets > 0) summary.ttlHistogram.push({ ttl, packets });
    }
    SIGNATURE_NAMES.forEach((name, i) => {
      const packets = this.signatureCounts[i] as number;
      if (packets > 0) summary.signatures.push({ name, packets });
    });
    this.reset();
    return summary;
  }

  /** The interval's sources: their hashes while few and all tracked, else the HyperLogLog. */
  private sourceSketch(): SourceSketch {
    const table = this.sources;
    if (table.lossy || table.size > MAX_EXACT_SOURCES)
      return { kind: "registers", registers: Uint8Array.from(this.sketch.registers) };
    const hashes: number[] = [];
    for (let i = 0; i < table.size; i++) hashes.push(keyHash(table.key(table.used[i] as number)));
    return sketchOfHashes(hashes);
  }

  private reset(): void {
    this.sources.reset();
    this.sketch.clear();
    for (const counter of [this.tcpSrc, this.tcpDst, this.udpSrc, this.udpDst]) counter.reset();
    this.sizes.fill(0);
    this.ttlHistogram.fill(0);
    this.signatureCounts.fill(0);
    for (const key of Object.keys(this.proto) as (keyof typeof this.proto)[]) this.proto[key] = 0;
    for (const key of Object.keys(this.flags) as (keyof typeof this.flags)[]) this.flags[key] = 0;
    this.packets = 0;
    this.bytes = 0;
    this.bogonSources = 0;
    this.bogonPackets = 0;
    this.fragments = 0;
    this.malformed = 0;
    for (const key of Object.keys(this.ownTraffic) as (keyof typeof this.ownTraffic)[])
      this.ownTraffic[key] = 0;
  }
}

const TCP_BIT = 1;
const UDP_BIT = 2;
const ICMP_BIT = 4;
const GRE_BIT = 8;
const OTHER_BIT = 16;

function protocolBitOf(protocol: number): number {
  if (protocol === IpProto.TCP) return TCP_BIT;
  if (protocol === IpProto.UDP) return UDP_BIT;
  if (protocol === IpProto.ICMP || protocol === IpProto.ICMPV6) return ICMP_BIT;
  return protocol === IpProto.GRE ? GRE_BIT : OTHER_BIT;
}

/** Hash of the destination address (IPv4: the word after the source; IPv6: the 16 bytes after it). */
function destinationHash(data: Uint8Array, p: DecodedPacket): number {
  const o = p.srcOffset + (p.ipVersion === 4 ? 4 : 16);
  if (p.ipVersion === 4) return mix32(u32be(data, o));
  return mix32(
    u32be(data, o) ^ mix32(u32be(data, o + 4) ^ mix32(u32be(data, o + 8) ^ mix32(u32be(data, o + 12)))),
  );
}

function sizeBucket(length: number): number {
  for (let i = 0; i < PACKET_SIZE_BUCKETS.length; i++)
    if (length < (PACKET_SIZE_BUCKETS[i] as number)) return i;
  return PACKET_SIZE_BUCKETS.length;
}

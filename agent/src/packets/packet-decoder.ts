import { LinkType } from "./link-types.ts";

export const Decode = { OK: 0, NOT_IP: 1, TRUNCATED: 2, UNSUPPORTED_LINK: 3 } as const;
export type DecodeStatus = (typeof Decode)[keyof typeof Decode];

export const IpProto = { ICMP: 1, TCP: 6, UDP: 17, GRE: 47, ICMPV6: 58 } as const;

/**
 * One decoded packet. The decoder fills the same object again for every packet (no
 * allocation per packet); offsets point into the caller's buffer and are valid only
 * until the next packet.
 */
export class DecodedPacket {
  ipVersion: 4 | 6 = 4;
  /** IPv4 source as an unsigned 32-bit number (IPv4 only). */
  srcV4 = 0;
  /** Offset of the 4- or 16-byte source address. */
  srcOffset = 0;
  ttl = 0;
  protocol = 0;
  /** Fragment of a larger datagram; only the first fragment (offset 0) carries the L4 header. */
  fragment = false;
  firstFragment = true;
  fragmentId = 0;
  /** L4 fields; hasPorts is false for non-first fragments, truncated headers and port-less protocols. */
  hasPorts = false;
  srcPort = 0;
  dstPort = 0;
  /** TCP flag byte (CWR ECE URG ACK PSH RST SYN FIN); -1 when not TCP or cut short. */
  tcpFlags = -1;
  l4Offset = 0;
  /** L4 payload (after the TCP/UDP/GRE header) within the captured bytes. */
  payloadOffset = 0;
  payloadLength = 0;
}

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;

/** Decodes link layer → IPv4/IPv6 → TCP/UDP/ICMP/GRE headers from `buf[offset, offset + length)`. */
export function decodePacket(
  buf: Uint8Array,
  offset: number,
  length: number,
  linkType: number,
  out: DecodedPacket,
): DecodeStatus {
  const end = offset + length;
  let o = offset;
  let etherType: number;
  switch (linkType) {
    case LinkType.ETHERNET: {
      if (length < 14) return Decode.TRUNCATED;
      etherType = u16(buf, o + 12);
      o += 14;
      // 802.1Q / 802.1ad / QinQ tags, then PPPoE session and MPLS label stacks.
      for (
        let tags = 0;
        (etherType === 0x8100 || etherType === 0x88a8 || etherType === 0x9100) && tags < 4;
        tags++
      ) {
        if (end - o < 4) return Decode.TRUNCATED;
        etherType = u16(buf, o + 2);
        o += 4;
      }
      if (etherType === 0x8864) {
        if (end - o < 8) return Decode.TRUNCATED;
        const ppp = u16(buf, o + 6);
        etherType = ppp === 0x0021 ? ETH_IPV4 : ppp === 0x0057 ? ETH_IPV6 : 0;
        o += 8;
      } else if (etherType === 0x8847 || etherType === 0x8848) {
        for (let labels = 0; labels < 8; labels++) {
          if (end - o < 4) return Decode.TRUNCATED;
          const bottom = ((buf[o + 2] as number) & 1) === 1;
          o += 4;
          if (bottom) break;
        }
        etherType = versionEtherType(buf, o, end);
      }
      break;
    }
    case LinkType.LINUX_SLL:
      if (length < 16) return Decode.TRUNCATED;
      etherType = u16(buf, o + 14);
      o += 16;
      break;
    case LinkType.LINUX_SLL2:
      if (length < 20) return Decode.TRUNCATED;
      etherType = u16(buf, o);
      o += 20;
      break;
    case LinkType.RAW:
    case LinkType.RAW_OPENBSD:
    case LinkType.RAW_BSD:
    case LinkType.IPV4:
    case LinkType.IPV6:
      etherType = versionEtherType(buf, o, end);
      break;
    case LinkType.NULL:
    case LinkType.LOOP: {
      if (length < 4) return Decode.TRUNCATED;
      // Address family in host (NULL) or network (LOOP) byte order: a small number at one end.
      const family = (buf[o] as number) || (buf[o + 3] as number);
      o += 4;
      etherType = family === 2 ? ETH_IPV4 : family === 24 || family === 28 || family === 30 ? ETH_IPV6 : 0;
      break;
    }
    default:
      return Decode.UNSUPPORTED_LINK;
  }
  if (etherType === ETH_IPV4) return decodeIpv4(buf, o, end, out);
  if (etherType === ETH_IPV6) return decodeIpv6(buf, o, end, out);
  return Decode.NOT_IP;
}

function versionEtherType(buf: Uint8Array, o: number, end: number): number {
  if (end <= o) return 0;
  const version = (buf[o] as number) >> 4;
  return version === 4 ? ETH_IPV4 : version === 6 ? ETH_IPV6 : 0;
}

function decodeIpv4(buf: Uint8Array, o: number, end: number, out: DecodedPacket): DecodeStatus {
  if (end - o < 20) return Decode.TRUNCATED;
  const first = buf[o] as number;
  const headerLength = (first & 0x0f) * 4;
  if (first >> 4 !== 4 || headerLength < 20) return Decode.TRUNCATED;
  if (end - o < headerLength) return Decode.TRUNCATED;
  const totalLength = u16(buf, o + 2);
  const l3End = totalLength >= headerLength ? Math.min(end, o + totalLength) : end;
  const flagsOffset = u16(buf, o + 6);
  out.ipVersion = 4;
  out.srcOffset = o + 12;
  out.srcV4 = u32be(buf, o + 12);
  out.ttl = buf[o + 8] as number;
  out.protocol = buf[o + 9] as number;
  out.fragmentId = u16(buf, o + 4);
  out.fragment = (flagsOffset & 0x3fff) !== 0;
  out.firstFragment = (flagsOffset & 0x1fff) === 0;
  decodeTransport(buf, o + headerLength, l3End, out);
  return Decode.OK;
}

function decodeIpv6(buf: Uint8Array, o: number, end: number, out: DecodedPacket): DecodeStatus {
  if (end - o < 40) return Decode.TRUNCATED;
  if ((buf[o] as number) >> 4 !== 6) return Decode.TRUNCATED;
  out.ipVersion = 6;
  out.srcOffset = o + 8;
  out.srcV4 = 0;
  out.ttl = buf[o + 7] as number;
  out.fragment = false;
  out.firstFragment = true;
  out.fragmentId = 0;
  const l3End = Math.min(end, o + 40 + u16(buf, o + 4));
  let next = buf[o + 6] as number;
  let p = o + 40;
  // Extension headers: hop-by-hop, routing, fragment, destination options, AH.
  for (let hops = 0; hops < 8; hops++) {
    if (next !== 0 && next !== 43 && next !== 44 && next !== 60 && next !== 51) break;
    if (l3End - p < 8) {
      next = 59;
      break;
    }
    const following = buf[p] as number;
    if (next === 44) {
      const offsetFlags = u16(buf, p + 2);
      out.fragment = true;
      out.firstFragment = (offsetFlags & 0xfff8) === 0;
      out.fragmentId = u32be(buf, p + 4) & 0xffff;
      p += 8;
    } else if (next === 51) p += ((buf[p + 1] as number) + 2) * 4;
    else p += ((buf[p + 1] as number) + 1) * 8;
    next = following;
  }
  out.protocol = next;
  decodeTransport(buf, p, l3End, out);
  return Decode.OK;
}

function decodeTransport(buf: Uint8Array, o: number, end: number, out: DecodedPacket): void {
  out.hasPorts = false;
  out.tcpFlags = -1;
  out.l4Offset = o;
  out.payloadOffset = end;
  out.payloadLength = 0;
  if (!out.firstFragment) return;
  const available = end - o;
  const protocol = out.protocol;
  if (protocol === IpProto.TCP) {
    if (available < 4) return;
    out.hasPorts = true;
    out.srcPort = u16(buf, o);
    out.dstPort = u16(buf, o + 2);
    if (available < 14) return;
    out.tcpFlags = buf[o + 13] as number;
    const headerLength = ((buf[o + 12] as number) >> 4) * 4;
    if (headerLength >= 20 && headerLength <= available) setPayload(out, o + headerLength, end);
  } else if (protocol === IpProto.UDP) {
    if (available < 4) return;
    out.hasPorts = true;
    out.srcPort = u16(buf, o);
    out.dstPort = u16(buf, o + 2);
    if (available >= 8) setPayload(out, o + 8, end);
  } else if (protocol === IpProto.GRE) {
    if (available < 4) return;
    const flags = buf[o] as number;
    const headerLength = 4 + (flags & 0x80 ? 4 : 0) + (flags & 0x20 ? 4 : 0) + (flags & 0x10 ? 4 : 0);
    if (headerLength <= available) setPayload(out, o + headerLength, end);
  }
}

function setPayload(out: DecodedPacket, from: number, end: number): void {
  out.payloadOffset = from;
  out.payloadLength = end - from;
}

export function u16(buf: Uint8Array, o: number): number {
  return ((buf[o] as number) << 8) | (buf[o + 1] as number);
}

export function u32be(buf: Uint8Array, o: number): number {
  return (
    (((buf[o] as number) << 24) |
      ((buf[o + 1] as number) << 16) |
      ((buf[o + 2] as number) << 8) |
      (buf[o + 3] as number)) >>>
    0
  );
}

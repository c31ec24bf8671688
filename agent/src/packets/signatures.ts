import { SIGNATURE_NAMES, type SignatureName } from "@levee/shared/classification/capture-summary";
import { type DecodedPacket, IpProto, u16 } from "./packet-decoder.ts";

/** Bit of each signature in the mask matchSignatures() returns (index in SIGNATURE_NAMES). */
export const SignatureBit = Object.fromEntries(SIGNATURE_NAMES.map((name, i) => [name, 1 << i])) as Record<
  SignatureName,
  number
>;
const S = SignatureBit;

/**
 * Payload signatures of one decoded packet as a bit mask (a packet may match several,
 * e.g. a DNS ANY answer is also a DNS answer). Reflection signatures look at responses,
 * i.e. the service's well-known port as the *source* port.
 */
export function matchSignatures(buf: Uint8Array, p: DecodedPacket): number {
  if (p.protocol === IpProto.UDP && p.hasPorts) return udpSignatures(buf, p);
  if (p.protocol === IpProto.TCP && p.tcpFlags >= 0) return tcpSignatures(buf, p);
  if (p.protocol === IpProto.GRE) return greSignatures(buf, p);
  return 0;
}

function udpSignatures(buf: Uint8Array, p: DecodedPacket): number {
  const o = p.payloadOffset;
  const n = p.payloadLength;
  switch (p.srcPort) {
    case 53:
      if (n < 12 || ((buf[o + 2] as number) & 0x80) === 0) return 0;
      return S.DNS_RESPONSE | (isAnyQuestion(buf, o, n) ? S.DNS_ANY_RESPONSE : 0);
    case 123: {
      if (n < 4) return 0;
      const mode = (buf[o] as number) & 7;
      if (mode === 7 && ((buf[o] as number) & 0x80) !== 0) {
        const code = buf[o + 3] as number;
        return S.NTP_RESPONSE | (code === 42 || code === 20 ? S.NTP_MONLIST_RESPONSE : 0);
      }
      return mode === 4 || mode === 5 || (mode === 6 && ((buf[o + 1] as number) & 0x80) !== 0)
        ? S.NTP_RESPONSE
        : 0;
    }
    case 11211:
      // UDP frame header (request id, sequence, datagram count, reserved), then "VALUE " in the
      // first datagram of a response; later datagrams of a multi-datagram response continue it.
      if (n < 8 || u16(buf, o + 6) !== 0) return 0;
      if (n >= 14 && ascii(buf, o + 8, "VALUE ")) return S.MEMCACHED_VALUE_RESPONSE;
      return u16(buf, o + 2) > 0 && u16(buf, o + 2) < u16(buf, o + 4) ? S.MEMCACHED_VALUE_RESPONSE : 0;
    case 1900:
      return n >= 12 && ascii(buf, o, "HTTP/1.") && ascii(buf, o + 9, "200") ? S.SSDP_REPLY : 0;
    case 389:
      return n >= 8 && buf[o] === 0x30 && hasByte(buf, o + 2, Math.min(o + 16, o + n), 0x64, 0x65)
        ? S.CLDAP_RESPONSE
        : 0;
    case 19:
      return n >= 8 && printable(buf, o, 8) ? S.CHARGEN_RESPONSE : 0;
    case 161:
      return n >= 8 && buf[o] === 0x30 && snmpResponse(buf, o, o + n) ? S.SNMP_RESPONSE : 0;
    default:
      return 0;
  }
}

function tcpSignatures(buf: Uint8Array, p: DecodedPacket): number {
  const flags = p.tcpFlags & 0x3f;
  if (flags === 0x02) return miraiSynOptions(buf, p.l4Offset, p.payloadOffset) ? S.MIRAI_SYN : 0;
  if (flags === 0x10 && p.payloadLength === 512) return S.MIRAI_ACK;
  if (p.payloadLength >= 16) {
    const o = p.payloadOffset;
    if (
      ascii(buf, o, "GET ") ||
      ascii(buf, o, "POST ") ||
      ascii(buf, o, "HEAD ") ||
      ascii(buf, o, "PUT ") ||
      ascii(buf, o, "DELETE ") ||
      ascii(buf, o, "OPTIONS ")
    ) {
      return S.HTTP_REQUEST;
    }
  }
  // TLS record: handshake (22), version 3.x, handshake type ClientHello (1): a new HTTPS session.
  if (p.payloadLength >= 6) {
    const o = p.payloadOffset;
    if (buf[o] === 0x16 && buf[o + 1] === 0x03 && (buf[o + 2] as number) <= 0x04 && buf[o + 5] === 0x01)
      return S.TLS_CLIENT_HELLO;
  }
  return 0;
}

/** Mirai's GRE floods: no checksum/key/sequence, carrying IPv4 (0x0800) or Ethernet (0x6558) with UDP inside. */
function greSignatures(buf: Uint8Array, p: DecodedPacket): number {
  const o = p.l4Offset;
  if (p.payloadLength < 20 || buf[o] !== 0 || buf[o + 1] !== 0) return 0;
  const inner = u16(buf, o + 2);
  const ip = inner === 0x0800 ? p.payloadOffset : inner === 0x6558 ? p.payloadOffset + 14 : -1;
  if (ip < 0 || ip + 20 > p.payloadOffset + p.payloadLength) return 0;
  return (buf[ip] as number) >> 4 === 4 && buf[ip + 9] === IpProto.UDP ? S.MIRAI_GRE : 0;
}

/** Mirai's SYN: MSS 1400–1415, SACK permitted, timestamps with echo 0, NOP, window scale 6. */
function miraiSynOptions(buf: Uint8Array, l4: number, end: number): boolean {
  const o = l4 + 20;
  if (end - o !== 20 || buf[o] !== 2 || buf[o + 1] !== 4) return false;
  const mss = u16(buf, o + 2);
  return (
    mss >= 1400 &&
    mss <= 1415 &&
    buf[o + 4] === 4 &&
    buf[o + 6] === 8 &&
    buf[o + 7] === 10 &&
    buf[o + 12] === 0 &&
    buf[o + 13] === 0 &&
    buf[o + 14] === 0 &&
    buf[o + 15] === 0 &&
    buf[o + 16] === 1 &&
    buf[o + 17] === 3 &&
    buf[o + 19] === 6
  );
}

/** The first question's QTYPE is ANY (255). */
function isAnyQuestion(buf: Uint8Array, o: number, n: number): boolean {
  if (u16(buf, o + 4) === 0) return false;
  const end = o + n;
  let p = o + 12;
  for (let labels = 0; labels < 128 && p < end; labels++) {
    const length = buf[p] as number;
    if (length === 0) return p + 3 <= end && u16(buf, p + 1) === 255;
    if (length > 63) return false;
    p += length + 1;
  }
  return false;
}

/** BER: SEQUENCE { version INTEGER, community OCTET STRING, GetResponse-PDU [2] ... }. */
function snmpResponse(buf: Uint8Array, o: number, end: number): boolean {
  let p = skipHeader(buf, o, end);
  if (p < 0 || buf[p] !== 0x02) return false;
  p = skipValue(buf, p, end);
  if (p < 0 || buf[p] !== 0x04) return false;
  p = skipValue(buf, p, end);
  return p >= 0 && p < end && buf[p] === 0xa2;
}

function berLength(buf: Uint8Array, p: number, end: number): [number, number] {
  if (p >= end) return [-1, -1];
  const first = buf[p] as number;
  if (first < 0x80) return [first, p + 1];
  const bytes = first & 0x7f;
  if (bytes > 3 || p + 1 + bytes > end) return [-1, -1];
  let length = 0;
  for (let i = 0; i < bytes; i++) length = length * 256 + (buf[p + 1 + i] as number);
  return [length, p + 1 + bytes];
}

function skipHeader(buf: Uint8Array, p: number, end: number): number {
  return berLength(buf, p + 1, end)[1];
}

function skipValue(buf: Uint8Array, p: number, end: number): number {
  const [length, at] = berLength(buf, p + 1, end);
  return length < 0 || at + length > end ? -1 : at + length;
}

function ascii(buf: Uint8Array, o: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (buf[o + i] !== text.charCodeAt(i)) return false;
  return true;
}

function printable(buf: Uint8Array, o: number, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const c = buf[o + i] as number;
    if ((c < 0x20 || c > 0x7e) && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

function hasByte(buf: Uint8Array, from: number, to: number, a: number, b: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] === a || buf[i] === b) return true;
  return false;
}

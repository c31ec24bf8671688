import { parseIp } from "@levee/shared/cidr";
import type { CaptureSummary } from "@levee/shared/classification/capture-summary";
import { mix32 } from "./hyperloglog.ts";
import { type DecodedPacket, u32be } from "./packet-decoder.ts";
import type { PortCounter } from "./port-counter.ts";
import type { SourceTable } from "./source-table.ts";

/** A number naming the source: the IPv4 address itself, or a 52-bit hash (≥ 2^32) of an IPv6 address. */
export function sourceKey(buf: Uint8Array, p: DecodedPacket): number {
  if (p.ipVersion === 4) return p.srcV4;
  const o = p.srcOffset;
  const w0 = u32be(buf, o);
  const w1 = u32be(buf, o + 4);
  const w2 = u32be(buf, o + 8);
  const w3 = u32be(buf, o + 12);
  const low = mix32(w0 ^ mix32(w1 ^ mix32(w2 ^ mix32(w3))));
  const high = (mix32(w3 ^ mix32(w2 ^ mix32(w1 ^ mix32(w0 ^ 0x5bd1e995)))) & 0xfffff) + 1;
  return high * 0x100000000 + low;
}

/** The sourceKey of an address given as text (the node's own addresses), or undefined. */
export function sourceKeyOfText(text: string): number | undefined {
  const ip = parseIp(text);
  if (!ip) return undefined;
  if (ip.version === 4) return Number(ip.value);
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Number((ip.value >> BigInt(8 * (15 - i))) & 0xffn);
  return sourceKey(bytes, { ipVersion: 6, srcOffset: 0 } as DecodedPacket);
}

export function formatIpv4(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 0xff}.${(address >>> 8) & 0xff}.${address & 0xff}`;
}

/** RFC 5952 text: lower case, longest run of zero groups (two or more) as "::". */
export function formatIpv6(bytes: Uint8Array, o = 0): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[o + i] as number) << 8) | (bytes[o + i + 1] as number));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j > i ? j : i + 1;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(":");
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

export function topSources(table: SourceTable, limit: number): CaptureSummary["topSources"] {
  const slots: number[] = [];
  let floor = 0;
  for (let i = 0; i < table.size; i++) {
    const slot = table.used[i] as number;
    const packets = table.packets[slot] as number;
    if (slots.length >= limit && packets <= floor) continue;
    slots.push(slot);
    if (slots.length >= limit * 4) {
      slots.sort((a, b) => (table.packets[b] as number) - (table.packets[a] as number));
      slots.length = limit;
      floor = table.packets[slots[limit - 1] as number] as number;
    }
  }
  slots.sort((a, b) => (table.packets[b] as number) - (table.packets[a] as number));
  return slots.slice(0, limit).map((slot) => {
    const key = table.key(slot);
    return {
      ip: key < 0x100000000 ? formatIpv4(key) : formatIpv6(table.v6, slot * 16),
      packets: table.packets[slot] as number,
      bytes: table.bytes[slot] as number,
      ttls: table.ttlsOf(slot),
    };
  });
}

export function topPorts(
  tcp: PortCounter,
  udp: PortCounter,
  limit: number,
): CaptureSummary["topSourcePorts"] {
  const all = [
    ...tcp.top(limit).map((entry) => ({ protocol: "TCP" as const, ...entry })),
    ...udp.top(limit).map((entry) => ({ protocol: "UDP" as const, ...entry })),
  ];
  return all.sort((a, b) => b.packets - a.packets).slice(0, limit);
}

import { isIPv4, isIPv6 } from "node:net";

export interface Cidr {
  version: 4 | 6;
  /** Network address, canonical text (IPv6 compressed, lower case). */
  address: string;
  prefixLength: number;
}

export type CidrResult = { ok: true; cidr: Cidr; text: string } | { ok: false; message: string };

/**
 * Parses an address or prefix ("192.0.2.7", "2001:db8::/32"). A bare address becomes a
 * host route (/32 or /128); host bits set under the mask are an error that names the
 * network meant, since silently widening a firewall or BGP rule is dangerous.
 */
export function parseCidr(input: string): CidrResult {
  const [address = "", length, ...rest] = input.trim().split("/");
  const version = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (!version || rest.length > 0)
    return { ok: false, message: `"${input}" is not an IP address or CIDR prefix` };
  const bits = version === 4 ? 32 : 128;
  const prefixLength = length === undefined ? bits : Number(length);
  if (!/^\d{1,3}$/.test(length ?? String(bits)) || prefixLength > bits) {
    return { ok: false, message: `"${input}" has a prefix length outside 0–${bits}` };
  }
  const value = toBigInt(address, version);
  const hostMask = (1n << BigInt(bits - prefixLength)) - 1n;
  const network = value & ~hostMask;
  const canonical = fromBigInt(network, version);
  if ((value & hostMask) !== 0n) {
    return {
      ok: false,
      message: `"${input}" has host bits set; the network is ${canonical}/${prefixLength}`,
    };
  }
  const cidr: Cidr = { version, address: canonical, prefixLength };
  return { ok: true, cidr, text: `${canonical}/${prefixLength}` };
}

function toBigInt(address: string, version: 4 | 6): bigint {
  if (version === 4)
    return address.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
  const [head = "", tail] = address.toLowerCase().split("::");
  const expand = (part: string) => (part ? part.split(":") : []);
  let groups = expand(head);
  if (tail !== undefined) {
    const right = expand(tail);
    groups = [...groups, ...Array(8 - groups.length - right.length).fill("0"), ...right];
  }
  const last = groups[groups.length - 1] ?? "";
  if (last.includes(".")) {
    const v4 = toBigInt(last, 4);
    groups.splice(groups.length - 1, 1, ((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16));
  }
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

function fromBigInt(value: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((value >> BigInt((7 - i) * 16)) & 0xffffn).toString(16),
  );
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.start < 0) return groups.join(":");
  return `${groups.slice(0, best.start).join(":")}::${groups.slice(best.start + best.length).join(":")}`;
}

/** Whether `inner` (an address or prefix) lies inside `outer`; false across families. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version || inner.prefixLength < outer.prefixLength) return false;
  const bits = outer.version === 4 ? 32 : 128;
  const shift = BigInt(bits - outer.prefixLength);
  return toBigInt(outer.address, outer.version) >> shift === toBigInt(inner.address, inner.version) >> shift;
}

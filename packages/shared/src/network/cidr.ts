import { isIPv4, isIPv6 } from "node:net";

// The one IP address and prefix module: the API (node addresses, threat intel, owned-prefix
// checks, mitigation) and the agent (packet summaries, firewall guardrails) parse with it.
// `parseCidr` is the strict form for rules people write; `parsePrefix`/`parseRange` are the
// lenient forms for data files and hot paths (host bits cleared, undefined on junk).

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
  // node:net decides what is an address (as before); a zone id ("fe80::1%eth0") passes it but is no prefix.
  const value = parseIp(address)?.value;
  if (value === undefined) return { ok: false, message: `"${input}" is not an IP address or CIDR prefix` };
  const hostMask = (1n << BigInt(bits - prefixLength)) - 1n;
  const network = value & ~hostMask;
  const canonical = formatIp(network, version);
  if ((value & hostMask) !== 0n) {
    return {
      ok: false,
      message: `"${input}" has host bits set; the network is ${canonical}/${prefixLength}`,
    };
  }
  const cidr: Cidr = { version, address: canonical, prefixLength };
  return { ok: true, cidr, text: `${canonical}/${prefixLength}` };
}

/** The canonical text of an address value (IPv6 compressed, lower case). */
export function formatIp(value: bigint, version: 4 | 6): string {
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
  return addressValue(outer.address) >> shift === addressValue(inner.address) >> shift;
}

export interface IpPrefix {
  version: 4 | 6;
  network: bigint;
  length: number;
}

/** "192.0.2.7" → 4 / 3221225991n; undefined when not an address. */
export function parseIp(text: string): { version: 4 | 6; value: bigint } | undefined {
  const input = text.trim().toLowerCase();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(input)) {
    const octets = input.split(".").map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return { version: 4, value: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n) };
  }
  if (!/^[0-9a-f:.]+$/.test(input) || !input.includes(":")) return undefined;
  const halves = input.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  let head = groups(halves[0]);
  let tail = groups(halves[1]);
  const last = (tail.length > 0 ? tail : head).at(-1) ?? "";
  if (last.includes(".")) {
    const v4 = parseIp(last);
    if (v4?.version !== 4) return undefined;
    const words = [((v4.value >> 16n) & 0xffffn).toString(16), (v4.value & 0xffffn).toString(16)];
    if (tail.length > 0) tail = [...tail.slice(0, -1), ...words];
    else head = [...head.slice(0, -1), ...words];
  }
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return { version: 6, value: all.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n) };
}

export function parsePrefix(text: string): IpPrefix | undefined {
  const [address = "", length] = text.split("/");
  const ip = parseIp(address);
  if (!ip) return undefined;
  const bits = ip.version === 4 ? 32 : 128;
  const prefixLength = length === undefined ? bits : Number(length);
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > bits) return undefined;
  const shift = BigInt(bits - prefixLength);
  return { version: ip.version, network: (ip.value >> shift) << shift, length: prefixLength };
}

export function prefixContains(prefix: IpPrefix, ip: string): boolean {
  const parsed = parseIp(ip);
  if (!parsed || parsed.version !== prefix.version) return false;
  const shift = BigInt((prefix.version === 4 ? 32 : 128) - prefix.length);
  return (parsed.value >> shift) << shift === prefix.network;
}

/** "192.0.2.0/24", "192.0.2.7", "192.0.2.1-192.0.2.9" or a decimal number → the inclusive range. */
export function parseRange(text: string): { version: 4 | 6; first: bigint; last: bigint } | undefined {
  if (/^\d+$/.test(text)) {
    const value = BigInt(text);
    return { version: value <= 0xffffffffn ? 4 : 6, first: value, last: value };
  }
  const dash = text.indexOf("-");
  if (dash > 0) {
    const first = parseIp(text.slice(0, dash));
    const last = parseIp(text.slice(dash + 1));
    if (!first || !last || first.version !== last.version || last.value < first.value) return undefined;
    return { version: first.version, first: first.value, last: last.value };
  }
  const prefix = parsePrefix(text);
  if (!prefix) return undefined;
  const host = (1n << BigInt((prefix.version === 4 ? 32 : 128) - prefix.length)) - 1n;
  return { version: prefix.version, first: prefix.network, last: prefix.network | host };
}

function addressValue(address: string): bigint {
  return parseIp(address)?.value ?? -1n;
}

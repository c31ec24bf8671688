import { parseCidr } from "@levee/shared/cidr";

/** A parsed prefix as a [first, last] range of addresses, for containment and overlap checks. */
export interface PrefixRange {
  text: string;
  version: 4 | 6;
  length: number;
  first: bigint;
  last: bigint;
}

export function prefixRange(text: string): PrefixRange | undefined {
  const parsed = parseCidr(text);
  if (!parsed.ok) return undefined;
  const { version, address, prefixLength } = parsed.cidr;
  const bits = version === 4 ? 32 : 128;
  const first =
    version === 4
      ? address.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n)
      : expand6(address);
  const last = first | ((1n << BigInt(bits - prefixLength)) - 1n);
  return { text: parsed.text, version, length: prefixLength, first, last };
}

function expand6(address: string): bigint {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/** outer ⊇ inner (same version). */
export function covers(outer: PrefixRange, inner: PrefixRange): boolean {
  return outer.version === inner.version && outer.first <= inner.first && inner.last <= outer.last;
}

export function overlaps(a: PrefixRange, b: PrefixRange): boolean {
  return a.version === b.version && a.first <= b.last && b.first <= a.last;
}

export function isHostPrefix(p: PrefixRange): boolean {
  return p.length === (p.version === 4 ? 32 : 128);
}

/** Minimal, dependency-free IP prefix matching for owned-prefix checks (pure; no node:net). */
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

/**
 * BGP communities and AS numbers as operators write them. Standard communities are
 * "ASN:value" (16 bits each, RFC 1997), large ones "ASN:a:b" (32 bits each, RFC 8092);
 * the well-known names are accepted and kept by name.
 */
export type Community = string;

export const NO_EXPORT = "no-export";
const WELL_KNOWN: Record<string, number> = {
  "no-export": 0xffffff01,
  "no-advertise": 0xffffff02,
  "no-export-subconfed": 0xffffff03,
  blackhole: 0xffff029a,
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const uint = (text: string, max: number): number | undefined => {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
};

/** "65535:666", "65000:1:2", "no-export" → canonical text, or why not. */
export function parseCommunity(text: string): Parsed<Community> {
  const input = text.trim().toLowerCase();
  if (input === "blackhole") return { ok: true, value: "65535:666" };
  if (input in WELL_KNOWN) return { ok: true, value: input };
  const parts = input.split(":");
  if (parts.length === 2) {
    const [asn, value] = parts.map((p) => uint(p, 0xffff));
    if (asn !== undefined && value !== undefined) return { ok: true, value: `${asn}:${value}` };
    return { ok: false, message: `"${text}" is not a community: both halves of ASN:value are 0–65535` };
  }
  if (parts.length === 3) {
    const values = parts.map((p) => uint(p, 0xffffffff));
    if (values.every((v) => v !== undefined)) return { ok: true, value: values.join(":") };
    return { ok: false, message: `"${text}" is not a large community: each of ASN:a:b is 0–4294967295` };
  }
  return { ok: false, message: `"${text}" is not a community (ASN:value, ASN:a:b or no-export)` };
}

/** Standard community as the 32-bit number BGP carries (GoBGP's gRPC API); undefined for large ones. */
export function communityNumber(community: Community): number | undefined {
  if (community in WELL_KNOWN) return WELL_KNOWN[community];
  const parts = community.split(":").map(Number);
  if (parts.length !== 2) return undefined;
  return (((parts[0] as number) << 16) >>> 0) + (parts[1] as number);
}

export function isLargeCommunity(community: Community): boolean {
  return community.split(":").length === 3;
}

/** "AS65001", "65001", "1.10" (asdot) → 32-bit ASN; 0, AS_TRANS (23456) and 4294967295 are refused. */
export function parseAsn(text: string | number): Parsed<number> {
  const input = String(text).trim().toUpperCase().replace(/^AS/, "");
  let value: number | undefined;
  const dot = /^(\d{1,5})\.(\d{1,5})$/.exec(input);
  if (dot) {
    const [high, low] = [Number(dot[1]), Number(dot[2])];
    if (high <= 0xffff && low <= 0xffff) value = high * 65536 + low;
  } else value = uint(input, 0xffffffff);
  if (value === undefined) return { ok: false, message: `"${text}" is not an AS number (1–4294967294)` };
  if (value === 0 || value === 23456 || value === 0xffffffff)
    return { ok: false, message: `AS${value} is reserved and cannot be used for a BGP session` };
  return { ok: true, value };
}

import { z } from "zod";
import { type Cidr, parseCidr } from "../network/cidr.ts";

// Every value a renderer puts in an argv comes through one of these schemas. They accept only
// the characters the value can contain (digits, hex, dots, colons, one slash, a short name), so
// shell metacharacters, spaces, newlines, braces and a leading '-' (option injection) never
// reach `nft`, `iptables`, `tc` or `ip` — `nft` re-joins its argv and parses it again, so one
// stray `;` or `}` would otherwise be a second command.

const ADDRESS_TEXT = /^[0-9a-fA-F:.]{2,39}$/;
const PREFIX_TEXT = /^[0-9a-fA-F:.]{2,39}(\/\d{1,3})?$/;

export type Family = "ipv4" | "ipv6";
export const familySchema = z.enum(["ipv4", "ipv6"]);
export const familyOf = (cidr: Cidr): Family => (cidr.version === 4 ? "ipv4" : "ipv6");

/** One host address, canonical text (IPv6 compressed). */
export const addressSchema = z
  .string()
  .max(39)
  .transform((text, ctx) => {
    const parsed = ADDRESS_TEXT.test(text) ? parseCidr(text) : undefined;
    if (!parsed?.ok) {
      ctx.addIssue({ code: "custom", message: `"${clip(text)}" is not an IP address` });
      return z.NEVER;
    }
    return parsed.cidr.address;
  });

/** An address or prefix, canonical "network/length"; host bits under the mask are refused. */
export const prefixSchema = z
  .string()
  .max(43)
  .transform((text, ctx) => {
    const parsed = PREFIX_TEXT.test(text) ? parseCidr(text) : undefined;
    if (!parsed?.ok) {
      ctx.addIssue({ code: "custom", message: parsed?.message ?? `"${clip(text)}" is not an IP prefix` });
      return z.NEVER;
    }
    return parsed.text;
  });

export const portSchema = z.number().int().min(1).max(65535);
export const portListSchema = (max: number) =>
  z
    .array(portSchema)
    .min(1)
    .max(max)
    .refine((ports) => new Set(ports).size === ports.length, "ports repeat");

export const PROTOCOL_NUMBERS = {
  tcp: 6,
  udp: 17,
  icmp: 1,
  icmpv6: 58,
  gre: 47,
  esp: 50,
  ah: 51,
  sctp: 132,
} as const;
export type Protocol = keyof typeof PROTOCOL_NUMBERS;
export const protocolSchema = z.enum(Object.keys(PROTOCOL_NUMBERS) as [Protocol, ...Protocol[]]);
export const portProtocolSchema = z.enum(["tcp", "udp"]);

/** Packets per second with a burst, as nft `limit` and iptables `hashlimit` take them. */
export const rateSchema = z
  .object({
    perSecond: z.number().int().min(1).max(10_000_000),
    burst: z.number().int().min(1).max(1_000_000).default(5),
  })
  .strict();
export type Rate = z.output<typeof rateSchema>;

/** A Linux interface name (≤ 15 characters), never starting with '-'. */
export const deviceSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/, "not an interface name (letters, digits, _ . -; ≤ 15)");

/** Action ids name Levee's own chains, sets and hashlimit tables: short, lower-case, alphanumeric. */
export const actionIdSchema = z.string().regex(/^[a-z0-9]{6,12}$/, "an action id is 6–12 of a-z 0-9");

export const countrySchema = z.string().regex(/^[A-Z]{2}$/, "an ISO 3166 country code (two capitals)");

/** Lists of addresses or prefixes; `single` insists on one family (iptables, ipset, tc). */
export const prefixListSchema = (max: number, single = false) =>
  z
    .array(prefixSchema)
    .min(1)
    .max(max)
    .superRefine((list, ctx) => {
      if (!single) return;
      const v6 = list.filter((p) => p.includes(":")).length;
      if (v6 > 0 && v6 < list.length)
        ctx.addIssue({
          code: "custom",
          message: "mixes IPv4 and IPv6; this backend takes one family per action",
        });
    });

export const prefixFamily = (prefix: string): Family => (prefix.includes(":") ? "ipv6" : "ipv4");
export const splitFamilies = (list: readonly string[]) => ({
  ipv4: list.filter((p) => prefixFamily(p) === "ipv4"),
  ipv6: list.filter((p) => prefixFamily(p) === "ipv6"),
});

function clip(text: string): string {
  return JSON.stringify(text.slice(0, 40)).slice(1, -1);
}

/** A destination port exists only for TCP and UDP: a port with another protocol is an error, not ignored. */
export const portNeedsProtocol: [
  (p: { protocol?: Protocol; dport?: number }) => boolean,
  { message: string; path: PropertyKey[] },
] = [
  (p) => p.dport === undefined || p.protocol === "tcp" || p.protocol === "udp",
  { message: "dport needs protocol tcp or udp", path: ["dport"] },
];

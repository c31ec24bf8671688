import { z } from "zod";
import { type NftChain, type NftSet, nftChainName, nftList, nftPlan } from "../backends.ts";
import { defineAction } from "../plan.ts";
import {
  countrySchema,
  PROTOCOL_NUMBERS,
  type Protocol,
  portListSchema,
  portNeedsProtocol,
  portProtocolSchema,
  portSchema,
  prefixListSchema,
  protocolSchema,
  type Rate,
  rateSchema,
  splitFamilies,
} from "../values.ts";
import { BOGONS_V4, BOGONS_V6, PRIVATE_V4, PRIVATE_V6 } from "./bogon-prefixes.ts";

// nftables actions in Levee's `inet levee` table. Drops hook prerouting at priority -300 (before
// conntrack: a flood costs no connection tracking); anything that needs conntrack (ct count,
// SYNPROXY) hooks input at -150, after it.

const RAW = -300;
export const FRAGMENT_RISK =
  "legitimate fragmented traffic (large DNS answers over UDP, some VPNs) is dropped too";
const AFTER_CONNTRACK = -150;

export const nftLimit = (rate: Rate) => [
  "limit",
  "rate",
  "over",
  `${rate.perSecond}/second`,
  "burst",
  String(rate.burst),
  "packets",
];
export const l4 = (protocol: Protocol) => ["meta", "l4proto", String(PROTOCOL_NUMBERS[protocol])];
const DROP = ["counter", "drop"];
const familyList = z.enum(["ipv4", "ipv6", "both"]).default("both");
const families = (f: "ipv4" | "ipv6" | "both") =>
  f === "both" ? (["ipv4", "ipv6"] as const) : ([f] as const);
const saddr = (f: "ipv4" | "ipv6") => (f === "ipv4" ? ["ip", "saddr"] : ["ip6", "saddr"]);

/** Sets per family for a list of prefixes, and one drop rule per non-empty set. */
export function sourceSets(id: string, prefixes: string[], tag = "s") {
  const split = splitFamilies(prefixes);
  const sets: NftSet[] = [];
  const rules: string[][] = [];
  for (const family of ["ipv4", "ipv6"] as const) {
    if (split[family].length === 0) continue;
    const name = `${tag}${family === "ipv4" ? 4 : 6}_${id}`;
    sets.push({
      name,
      type: family === "ipv4" ? "ipv4_addr" : "ipv6_addr",
      flags: ["interval"],
      elements: split[family],
    });
    rules.push([...saddr(family), `@${name}`, ...DROP]);
  }
  return { sets, rules };
}

const chain = (
  id: string,
  rules: string[][],
  hook: NftChain["hook"] = "prerouting",
  priority = RAW,
): NftChain => ({
  name: nftChainName(id),
  hook,
  priority,
  rules,
});
const portMatch = (protocol: "tcp" | "udp" | Protocol, direction: "sport" | "dport", ports: number[]) => [
  ...l4(protocol),
  "th",
  direction,
  ...nftList(ports),
];
const optionalPort = (protocol: Protocol | undefined, dport: number | undefined) =>
  protocol ? [...l4(protocol), ...(dport ? ["th", "dport", String(dport)] : [])] : [];

/** One chain dropping every source in per-family interval sets. */
const dropSetPlan = (id: string, list: string[], tag = "s") => {
  const { sets, rules } = sourceSets(id, list, tag);
  return nftPlan("inet", [chain(id, rules)], sets);
};

const sources = z.object({ prefixes: prefixListSchema(65_536) }).strict();
const addresses = z.object({ sources: prefixListSchema(65_536) }).strict();

export const nftActions = [
  defineAction({
    type: "NFT_DROP_SOURCES",
    backend: "nftables",
    title: "Drop traffic from source addresses (nftables set)",
    params: addresses,
    bySource: true,
    targets: (p) => p.sources,
    render: (p, { id }) => dropSetPlan(id, p.sources),
  }),
  defineAction({
    type: "NFT_DROP_PREFIXES",
    backend: "nftables",
    title: "Drop traffic from source prefixes",
    params: sources,
    bySource: true,
    targets: (p) => p.prefixes,
    render: (p, { id }) => dropSetPlan(id, p.prefixes),
  }),
  defineAction({
    type: "NFT_DROP_PROTOCOL",
    backend: "nftables",
    title: "Drop an IP protocol (optionally one destination port)",
    params: z
      .object({ protocol: protocolSchema, dport: portSchema.optional() })
      .strict()
      .refine(...portNeedsProtocol),
    risks: (p) =>
      p.dport === undefined && (p.protocol === "tcp" || p.protocol === "udp")
        ? [`blocks all inbound ${p.protocol.toUpperCase()}, including replies to the node's own connections`]
        : [],
    render: (p, { id }) => nftPlan("inet", [chain(id, [[...optionalPort(p.protocol, p.dport), ...DROP]])]),
  }),
  defineAction({
    type: "NFT_DROP_SOURCE_PORTS",
    backend: "nftables",
    title: "Drop by source port (reflection/amplifier ports)",
    params: z.object({ protocol: portProtocolSchema, ports: portListSchema(64) }).strict(),
    render: (p, { id }) =>
      nftPlan("inet", [chain(id, [[...portMatch(p.protocol, "sport", p.ports), ...DROP]])]),
  }),
  defineAction({
    type: "NFT_DROP_DESTINATION_PORTS",
    backend: "nftables",
    title: "Drop by destination port (the attacked service)",
    params: z.object({ protocol: portProtocolSchema, ports: portListSchema(64) }).strict(),
    risks: (p) => [`the service on ${p.protocol.toUpperCase()} ${p.ports.join(", ")} becomes unreachable`],
    render: (p, { id }) =>
      nftPlan("inet", [chain(id, [[...portMatch(p.protocol, "dport", p.ports), ...DROP]])]),
  }),
  defineAction({
    type: "NFT_RATELIMIT_PROTOCOL",
    backend: "nftables",
    title: "Rate-limit an IP protocol (packets over the rate are dropped)",
    params: z
      .object({ protocol: protocolSchema, rate: rateSchema, dport: portSchema.optional() })
      .strict()
      .refine(...portNeedsProtocol),
    render: (p, { id }) =>
      nftPlan("inet", [chain(id, [[...optionalPort(p.protocol, p.dport), ...nftLimit(p.rate), ...DROP]])]),
  }),
  defineAction({
    type: "NFT_RATELIMIT_SOURCE_PORTS",
    backend: "nftables",
    title: "Rate-limit traffic from given source ports",
    params: z.object({ protocol: portProtocolSchema, ports: portListSchema(64), rate: rateSchema }).strict(),
    render: (p, { id }) =>
      nftPlan("inet", [
        chain(id, [[...portMatch(p.protocol, "sport", p.ports), ...nftLimit(p.rate), ...DROP]]),
      ]),
  }),
  defineAction({
    type: "NFT_HASHLIMIT_PER_SOURCE",
    backend: "nftables",
    title: "Per-source rate limit (dynamic set, one bucket per address)",
    params: z
      .object({
        family: familyList,
        rate: rateSchema,
        protocol: protocolSchema.optional(),
        dport: portSchema.optional(),
      })
      .strict()
      .refine(...portNeedsProtocol),
    bySource: true,
    render: (p, { id }) => {
      const sets: NftSet[] = [];
      const rules: string[][] = [];
      for (const f of families(p.family)) {
        const name = `m${f === "ipv4" ? 4 : 6}_${id}`;
        sets.push({
          name,
          type: f === "ipv4" ? "ipv4_addr" : "ipv6_addr",
          flags: ["dynamic"],
          options: ["timeout 60s", "size 65536"],
        });
        rules.push([
          ...optionalPort(p.protocol, p.dport),
          "add",
          `@${name}`,
          "{",
          ...saddr(f),
          ...nftLimit(p.rate),
          "}",
          ...DROP,
        ]);
      }
      return nftPlan("inet", [chain(id, rules)], sets);
    },
  }),
  defineAction({
    type: "NFT_CONNLIMIT_PER_SOURCE",
    backend: "nftables",
    title: "Limit concurrent TCP connections per source (ct count)",
    params: z
      .object({
        family: familyList,
        maxConnections: z.number().int().min(1).max(100_000),
        dport: portSchema.optional(),
      })
      .strict(),
    bySource: true,
    render: (p, { id }) => {
      const sets: NftSet[] = [];
      const rules: string[][] = [];
      for (const f of families(p.family)) {
        const name = `c${f === "ipv4" ? 4 : 6}_${id}`;
        sets.push({
          name,
          type: f === "ipv4" ? "ipv4_addr" : "ipv6_addr",
          flags: ["dynamic"],
          options: ["size 65536"],
        });
        const port = p.dport ? ["tcp", "dport", String(p.dport)] : [];
        rules.push([
          ...port,
          "tcp",
          "flags",
          "syn",
          "ct",
          "state",
          "new",
          "add",
          `@${name}`,
          "{",
          ...saddr(f),
          "ct",
          "count",
          "over",
          String(p.maxConnections),
          "}",
          ...DROP,
        ]);
      }
      return nftPlan("inet", [chain(id, rules, "input", AFTER_CONNTRACK)], sets);
    },
  }),
  defineAction({
    type: "NFT_SYN_RATELIMIT",
    backend: "nftables",
    title: "Rate-limit TCP SYNs (all sources together)",
    params: z.object({ rate: rateSchema, dport: portSchema.optional() }).strict(),
    render: (p, { id }) => {
      const port = p.dport ? ["tcp", "dport", String(p.dport)] : [];
      return nftPlan("inet", [
        chain(id, [
          [...port, "tcp", "flags", "&", "(fin|syn|rst|ack)", "==", "syn", ...nftLimit(p.rate), ...DROP],
        ]),
      ]);
    },
  }),
  defineAction({
    type: "NFT_SYNPROXY",
    backend: "nftables",
    title: "SYNPROXY: answer SYNs with cookies, pass only completed handshakes",
    params: z
      .object({
        ports: portListSchema(16),
        mss: z.number().int().min(536).max(9000).default(1460),
        wscale: z.number().int().min(0).max(14).default(7),
      })
      .strict(),
    render: (p, { id }) => {
      const ports = ["tcp", "dport", ...nftList(p.ports)];
      return nftPlan("inet", [
        {
          name: nftChainName(id, "r"),
          hook: "prerouting",
          priority: RAW,
          rules: [[...ports, "tcp", "flags", "syn", "notrack"]],
        },
        {
          name: nftChainName(id),
          hook: "input",
          priority: AFTER_CONNTRACK,
          rules: [
            [
              ...ports,
              "ct",
              "state",
              "invalid,untracked",
              "synproxy",
              "mss",
              String(p.mss),
              "wscale",
              String(p.wscale),
              "timestamp",
              "sack-perm",
              "counter",
            ],
            [...ports, "ct", "state", "invalid", ...DROP],
          ],
        },
      ]);
    },
  }),
  defineAction({
    type: "NFT_DROP_FRAGMENTS",
    backend: "nftables",
    title: "Drop IP fragments",
    params: z.object({ family: familyList }).strict(),
    risks: () => [FRAGMENT_RISK],
    render: (p, { id }) =>
      nftPlan("inet", [
        chain(
          id,
          families(p.family).map((f) =>
            f === "ipv4"
              ? ["ip", "frag-off", "&", "0x3fff", "!=", "0", ...DROP]
              : ["exthdr", "frag", "exists", ...DROP],
          ),
        ),
      ]),
  }),
  defineAction({
    type: "NFT_DROP_LENGTH",
    backend: "nftables",
    title: "Drop packets by length (optionally one protocol)",
    params: z
      .object({
        min: z.number().int().min(20).max(65535),
        max: z.number().int().min(20).max(65535),
        protocol: protocolSchema.optional(),
      })
      .strict()
      .refine((p) => p.min <= p.max, "min must not exceed max"),
    render: (p, { id }) =>
      nftPlan("inet", [
        chain(id, [[...(p.protocol ? l4(p.protocol) : []), "meta", "length", `${p.min}-${p.max}`, ...DROP]]),
      ]),
  }),
  defineAction({
    type: "NFT_DROP_GEO_SET",
    backend: "nftables",
    title: "Drop traffic from countries (their prefixes in a set)",
    params: z
      .object({ countries: z.array(countrySchema).min(1).max(50), prefixes: prefixListSchema(200_000) })
      .strict(),
    bySource: true,
    targets: (p) => p.prefixes,
    risks: (p) => [`drops every client in ${p.countries.join(", ")}`],
    render: (p, { id }) => dropSetPlan(id, p.prefixes, "g"),
  }),
  defineAction({
    type: "NFT_DROP_BOGONS",
    backend: "nftables",
    title: "Drop bogon sources (reserved, documentation, multicast; private space optional)",
    params: z.object({ family: familyList, includePrivate: z.boolean().default(false) }).strict(),
    bySource: true,
    render: (p, { id }) => {
      const list = families(p.family).flatMap((f) =>
        f === "ipv4"
          ? [...BOGONS_V4, ...(p.includePrivate ? PRIVATE_V4 : [])]
          : [...BOGONS_V6, ...(p.includePrivate ? PRIVATE_V6 : [])],
      );
      return dropSetPlan(id, list, "b");
    },
  }),
  defineAction({
    type: "NFT_DROP_INVALID_TCP_FLAGS",
    backend: "nftables",
    title: "Drop impossible TCP flag combinations (null, Xmas, SYN+FIN, SYN+RST)",
    params: z.object({}).strict(),
    render: (_p, { id }) =>
      nftPlan("inet", [
        chain(id, [
          ["tcp", "flags", "&", "(fin|syn|rst|psh|ack|urg)", "==", "0x0", ...DROP],
          ["tcp", "flags", "&", "(fin|psh|urg)", "==", "(fin|psh|urg)", ...DROP],
          ["tcp", "flags", "&", "(fin|syn)", "==", "(fin|syn)", ...DROP],
          ["tcp", "flags", "&", "(syn|rst)", "==", "(syn|rst)", ...DROP],
        ]),
      ]),
  }),
  defineAction({
    type: "NFT_RATELIMIT_ICMP",
    backend: "nftables",
    title: "Rate-limit ICMP and ICMPv6 echo requests",
    params: z.object({ rate: rateSchema }).strict(),
    render: (p, { id }) =>
      nftPlan("inet", [
        chain(id, [
          ["icmp", "type", "echo-request", ...nftLimit(p.rate), ...DROP],
          ["icmpv6", "type", "echo-request", ...nftLimit(p.rate), ...DROP],
        ]),
      ]),
  }),
];

import { z } from "zod";
import { cmd, iptablesChainName, iptablesPlan, iptablesProgram } from "../backends.ts";
import { defineAction, type Plan } from "../plan.ts";
import {
  type Family,
  familySchema,
  PROTOCOL_NUMBERS,
  type Protocol,
  portListSchema,
  portNeedsProtocol,
  portProtocolSchema,
  portSchema,
  prefixFamily,
  prefixListSchema,
  protocolSchema,
  rateSchema,
} from "../values.ts";
import { FRAGMENT_RISK } from "./nft-actions.ts";

// iptables/ip6tables actions: each owns the chain LEVEE-<id> (filter, and raw for SYNPROXY),
// jumped to from the top of INPUT/PREROUTING. The family picks the program.

const DROP = ["-j", "DROP"];
const filter = (rules: string[][]) => ({ table: "filter" as const, hook: "INPUT" as const, rules });
const proto = (protocol: Protocol | undefined, dport?: number) =>
  protocol ? ["-p", String(PROTOCOL_NUMBERS[protocol]), ...(dport ? ["--dport", String(dport)] : [])] : [];
const familyParam = familySchema.default("ipv4");
/** The kernel's `limit` match cannot count faster than 10,000 per second. */
const limitRate = rateSchema.refine((r) => r.perSecond <= 10_000, "iptables limit tops out at 10000/second");

export const iptablesActions = [
  defineAction({
    type: "IPT_DROP_SOURCES",
    backend: "iptables",
    title: "Drop source addresses/prefixes (iptables, one rule each)",
    params: z.object({ sources: prefixListSchema(64, true) }).strict(),
    bySource: true,
    targets: (p) => p.sources,
    render: (p, { id }) =>
      iptablesPlan(id, prefixFamily(p.sources[0] as string), [
        filter(p.sources.map((s) => ["-s", s, ...DROP])),
      ]),
  }),
  defineAction({
    type: "IPT_DROP_SOURCE_PORTS",
    backend: "iptables",
    title: "Drop by source port (amplifier ports, multiport)",
    params: z
      .object({ family: familyParam, protocol: portProtocolSchema, ports: portListSchema(15) })
      .strict(),
    render: (p, { id }) =>
      iptablesPlan(id, p.family, [
        filter([["-p", p.protocol, "-m", "multiport", "--sports", p.ports.join(","), ...DROP]]),
      ]),
  }),
  defineAction({
    type: "IPT_HASHLIMIT_PER_SOURCE",
    backend: "iptables",
    title: "Per-source rate limit (hashlimit)",
    params: z
      .object({
        family: familyParam,
        rate: rateSchema,
        protocol: protocolSchema.optional(),
        dport: portSchema.optional(),
      })
      .strict()
      .refine(...portNeedsProtocol),
    bySource: true,
    render: (p, { id }) =>
      iptablesPlan(id, p.family, [
        filter([
          [
            ...proto(p.protocol, p.dport),
            "-m",
            "hashlimit",
            "--hashlimit-above",
            `${p.rate.perSecond}/sec`,
            "--hashlimit-burst",
            String(p.rate.burst),
            "--hashlimit-mode",
            "srcip",
            "--hashlimit-name",
            `lv${id}`,
            ...DROP,
          ],
        ]),
      ]),
  }),
  defineAction({
    type: "IPT_CONNLIMIT",
    backend: "iptables",
    title: "Limit concurrent TCP connections per source (connlimit)",
    params: z
      .object({
        family: familyParam,
        maxConnections: z.number().int().min(1).max(100_000),
        dport: portSchema.optional(),
      })
      .strict(),
    bySource: true,
    render: (p, { id }) =>
      iptablesPlan(id, p.family, [
        filter([
          [
            "-p",
            "tcp",
            ...(p.dport ? ["--dport", String(p.dport)] : []),
            "--syn",
            "-m",
            "connlimit",
            "--connlimit-above",
            String(p.maxConnections),
            "--connlimit-mask",
            p.family === "ipv6" ? "128" : "32",
            ...DROP,
          ],
        ]),
      ]),
  }),
  defineAction({
    type: "IPT_SYN_RATELIMIT",
    backend: "iptables",
    title: "Rate-limit TCP SYNs (limit match, all sources together)",
    params: z.object({ family: familyParam, rate: limitRate, dport: portSchema.optional() }).strict(),
    render: (p, { id }) => {
      const syn = ["-p", "tcp", ...(p.dport ? ["--dport", String(p.dport)] : []), "--syn"];
      return iptablesPlan(id, p.family, [
        filter([
          [
            ...syn,
            "-m",
            "limit",
            "--limit",
            `${p.rate.perSecond}/sec`,
            "--limit-burst",
            String(p.rate.burst),
            "-j",
            "RETURN",
          ],
          [...syn, ...DROP],
        ]),
      ]);
    },
  }),
  defineAction({
    type: "IPT_SYNPROXY",
    backend: "iptables",
    title: "SYNPROXY (raw NOTRACK + SYNPROXY target)",
    params: z
      .object({
        family: familyParam,
        ports: portListSchema(15),
        mss: z.number().int().min(536).max(9000).default(1460),
        wscale: z.number().int().min(0).max(14).default(7),
      })
      .strict(),
    render: (p, { id }) => {
      const ports = ["-p", "tcp", "-m", "multiport", "--dports", p.ports.join(",")];
      return iptablesPlan(id, p.family, [
        { table: "raw", hook: "PREROUTING", rules: [[...ports, "--syn", "-j", "CT", "--notrack"]] },
        filter([
          [
            ...ports,
            "-m",
            "conntrack",
            "--ctstate",
            "INVALID,UNTRACKED",
            "-j",
            "SYNPROXY",
            "--sack-perm",
            "--timestamp",
            "--wscale",
            String(p.wscale),
            "--mss",
            String(p.mss),
          ],
          [...ports, "-m", "conntrack", "--ctstate", "INVALID", ...DROP],
        ]),
      ]);
    },
  }),
  defineAction({
    type: "IPT_DROP_FRAGMENTS",
    backend: "iptables",
    title: "Drop IPv4 fragments (-f)",
    params: z
      .object({
        family: z
          .literal("ipv4", { message: "-f matches IPv4 fragments only; use NFT_DROP_FRAGMENTS for IPv6" })
          .default("ipv4"),
      })
      .strict(),
    risks: () => [FRAGMENT_RISK],
    render: (_p, { id }) => iptablesPlan(id, "ipv4", [filter([["-f", ...DROP]])]),
  }),
  defineAction({
    type: "IPT_DROP_LENGTH",
    backend: "iptables",
    title: "Drop packets by length (length match)",
    params: z
      .object({
        family: familyParam,
        min: z.number().int().min(20).max(65535),
        max: z.number().int().min(20).max(65535),
        protocol: protocolSchema.optional(),
      })
      .strict()
      .refine((p) => p.min <= p.max, "min must not exceed max"),
    render: (p, { id }) =>
      iptablesPlan(id, p.family, [
        filter([[...proto(p.protocol), "-m", "length", "--length", `${p.min}:${p.max}`, ...DROP]]),
      ]),
  }),
];

export const ipsetName = (id: string) => `levee-${id}`;

/** An ipset of sources (added in one `ipset restore`), matched by one iptables rule. */
export function ipsetPlan(id: string, family: Family, entries: string[]): Plan {
  const name = ipsetName(id);
  const chain = iptablesPlan(id, family, [filter([["-m", "set", "--match-set", name, "src", ...DROP]])]);
  const maxelem = String(Math.max(65_536, entries.length));
  return {
    ...chain,
    apply: [
      cmd(
        "ipset",
        "create",
        name,
        "hash:net",
        "family",
        family === "ipv6" ? "inet6" : "inet",
        "maxelem",
        maxelem,
      ),
      { argv: ["ipset", "restore", "-exist"], stdin: entries.map((e) => `add ${name} ${e}\n`).join("") },
      ...chain.apply,
    ],
    undo: [...chain.undo, cmd("ipset", "destroy", name)],
    checks: [...chain.checks, { argv: ["ipset", "list", "-n", name], expect: "success" }],
  };
}

export const ipsetActions = [
  defineAction({
    type: "IPSET_DROP_SOURCES",
    backend: "ipset",
    title: "Drop a large list of sources (ipset hash:net + one iptables rule)",
    params: z.object({ sources: prefixListSchema(1_000_000, true) }).strict(),
    bySource: true,
    targets: (p) => p.sources,
    render: (p, { id }) => ipsetPlan(id, prefixFamily(p.sources[0] as string), p.sources),
  }),
];

export { iptablesChainName, iptablesProgram };

import { z } from "zod";
import { cmd, tcPlan } from "../backends.ts";
import { defineAction } from "../plan.ts";
import {
  deviceSchema,
  familySchema,
  PROTOCOL_NUMBERS,
  prefixFamily,
  prefixSchema,
  protocolSchema,
} from "../values.ts";

// tc ingress policing, blackhole routes and allow-listed sysctls.

const police = {
  device: deviceSchema,
  rateBitsPerSecond: z.number().int().min(8_000).max(400_000_000_000),
  burstBytes: z.number().int().min(1_500).max(100_000_000).default(64_000),
};

/** Sysctls Levee may set, with the values each accepts. All are per network namespace. */
export const SYSCTL_KEYS = {
  "net.ipv4.tcp_syncookies": [0, 2],
  "net.ipv4.tcp_max_syn_backlog": [128, 1_048_576],
  "net.ipv4.tcp_synack_retries": [1, 5],
  "net.core.somaxconn": [128, 1_048_576],
  "net.ipv4.icmp_ratelimit": [0, 10_000],
} as const satisfies Record<string, readonly [number, number]>;
type SysctlKey = keyof typeof SYSCTL_KEYS;
const sysctlKeySchema = z.enum(Object.keys(SYSCTL_KEYS) as [SysctlKey, ...SysctlKey[]]);

export const systemActions = [
  defineAction({
    type: "TC_POLICE_SOURCE",
    backend: "tc",
    title: "Police traffic from one prefix at ingress (tc u32 + police)",
    params: z.object({ ...police, source: prefixSchema }).strict(),
    bySource: true,
    targets: (p) => [p.source],
    render: (p, { slot }) => {
      const family = prefixFamily(p.source);
      const match = family === "ipv6" ? ["match", "ip6", "src", p.source] : ["match", "ip", "src", p.source];
      return tcPlan(p.device, slot, family, match, p.rateBitsPerSecond, p.burstBytes);
    },
  }),
  defineAction({
    type: "TC_POLICE_PROTOCOL",
    backend: "tc",
    title: "Police one IP protocol at ingress (tc u32 + police)",
    params: z.object({ ...police, family: familySchema.default("ipv4"), protocol: protocolSchema }).strict(),
    render: (p, { slot }) => {
      const number = String(PROTOCOL_NUMBERS[p.protocol]);
      const match =
        p.family === "ipv6"
          ? ["match", "ip6", "protocol", number, "0xff"]
          : ["match", "ip", "protocol", number, "0xff"];
      return tcPlan(p.device, slot, p.family, match, p.rateBitsPerSecond, p.burstBytes);
    },
  }),
  defineAction({
    type: "BLACKHOLE_ROUTE",
    backend: "route",
    title: "Blackhole route: replies to the prefix are discarded (stops stateful answers)",
    params: z.object({ prefix: prefixSchema }).strict(),
    targets: (p) => [p.prefix],
    render: (p) => {
      const v = prefixFamily(p.prefix) === "ipv6" ? "-6" : "-4";
      return {
        apply: [cmd("ip", v, "route", "add", "blackhole", p.prefix)],
        undo: [cmd("ip", v, "route", "del", "blackhole", p.prefix)],
        checks: [
          {
            argv: ["ip", v, "route", "show", "exact", p.prefix, "type", "blackhole"],
            expect: "output",
            includes: "blackhole",
          },
        ],
        counters: [],
        shared: [],
      };
    },
  }),
  defineAction({
    type: "SYSCTL_SET",
    backend: "sysctl",
    title: "Set an allow-listed kernel setting (SYN cookies, backlogs); undo restores the old value",
    params: z
      .object({ key: sysctlKeySchema, value: z.number().int().min(0).max(1_048_576) })
      .strict()
      .superRefine((p, ctx) => {
        const [min, max] = SYSCTL_KEYS[p.key];
        if (p.value < min || p.value > max)
          ctx.addIssue({ code: "custom", path: ["value"], message: `${p.key} takes ${min}–${max}` });
      }),
    render: (p, { remembered }) => ({
      apply: [cmd("sysctl", "-w", `${p.key}=${p.value}`)],
      undo: [cmd("sysctl", "-w", `${p.key}=${remembered ?? "<value read before apply>"}`)],
      checks: [{ argv: ["sysctl", "-n", p.key], expect: "equals", value: String(p.value) }],
      counters: [],
      shared: [],
      remember: { argv: ["sysctl", "-n", p.key] },
    }),
  }),
];

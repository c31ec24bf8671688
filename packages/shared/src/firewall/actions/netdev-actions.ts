import { z } from "zod";
import { nftChainName, nftPlan } from "../backends.ts";
import { defineAction } from "../plan.ts";
import {
  deviceSchema,
  portListSchema,
  portProtocolSchema,
  prefixListSchema,
  protocolSchema,
  rateSchema,
} from "../values.ts";
import { l4, nftLimit, sourceSets } from "./nft-actions.ts";

// nftables `netdev` ingress: the earliest hook after the driver (before IP processing, routing
// and conntrack), bound to one interface. Priority -500 runs before any other ingress chain.

const ingress = (id: string, device: string, rules: string[][]) => ({
  name: nftChainName(id),
  hook: "ingress" as const,
  priority: -500,
  device,
  rules,
});

export const netdevActions = [
  defineAction({
    type: "NETDEV_DROP_SOURCES",
    backend: "nftables-netdev",
    title: "Drop sources at ingress of one interface (before the IP stack)",
    params: z.object({ device: deviceSchema, sources: prefixListSchema(65_536) }).strict(),
    bySource: true,
    targets: (p) => p.sources,
    render: (p, { id }) => {
      const { sets, rules } = sourceSets(id, p.sources);
      return nftPlan("netdev", [ingress(id, p.device, rules)], sets);
    },
  }),
  defineAction({
    type: "NETDEV_DROP_SOURCE_PORTS",
    backend: "nftables-netdev",
    title: "Drop amplifier source ports at ingress of one interface",
    params: z
      .object({ device: deviceSchema, protocol: portProtocolSchema, ports: portListSchema(64) })
      .strict(),
    render: (p, { id }) =>
      nftPlan("netdev", [
        ingress(id, p.device, [[p.protocol, "sport", "{", p.ports.join(","), "}", "counter", "drop"]]),
      ]),
  }),
  defineAction({
    type: "NETDEV_RATELIMIT_PROTOCOL",
    backend: "nftables-netdev",
    title: "Rate-limit an IP protocol at ingress of one interface",
    params: z.object({ device: deviceSchema, protocol: protocolSchema, rate: rateSchema }).strict(),
    render: (p, { id }) =>
      nftPlan("netdev", [
        ingress(id, p.device, [[...l4(p.protocol), ...nftLimit(p.rate), "counter", "drop"]]),
      ]),
  }),
];

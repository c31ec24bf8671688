import type { CounterReader } from "./plan.ts";

export interface Counters {
  packets: number;
  /** Unknown for tc police (it counts dropped packets only). */
  bytes: number | null;
}

/** Parses what a counter reader printed: packets and bytes matched by Levee's drop/limit rules. */
export function parseCounters(reader: CounterReader, output: string): Counters {
  switch (reader.format) {
    case "nft-json":
      return nftCounters(output, new Set(reader.chains ?? []));
    case "iptables":
      return iptablesCounters(output);
    case "tc":
      return tcCounters(output);
  }
}

export function sumCounters(list: Counters[]): Counters {
  return list.reduce<Counters>(
    (sum, c) => ({
      packets: sum.packets + c.packets,
      bytes: sum.bytes === null || c.bytes === null ? null : sum.bytes + c.bytes,
    }),
    { packets: 0, bytes: 0 },
  );
}

interface NftRule {
  rule?: { chain?: string; expr?: { counter?: { packets?: number; bytes?: number } }[] };
}

function nftCounters(output: string, chains: Set<string>): Counters {
  const items = (JSON.parse(output) as { nftables?: NftRule[] }).nftables ?? [];
  let packets = 0;
  let bytes = 0;
  for (const item of items) {
    if (!item.rule?.chain || !chains.has(item.rule.chain)) continue;
    for (const expr of item.rule.expr ?? []) {
      packets += expr.counter?.packets ?? 0;
      bytes += expr.counter?.bytes ?? 0;
    }
  }
  return { packets, bytes };
}

/** `iptables -nvxL CHAIN`: rows are `pkts bytes target …`; DROP rows are what the action dropped. */
function iptablesCounters(output: string): Counters {
  let packets = 0;
  let bytes = 0;
  for (const line of output.split("\n")) {
    const [pkts, octets, target] = line.trim().split(/\s+/);
    if (target !== "DROP" || !/^\d+$/.test(pkts ?? "") || !/^\d+$/.test(octets ?? "")) continue;
    packets += Number(pkts);
    bytes += Number(octets);
  }
  return { packets, bytes };
}

/** `tc -s filter show`: police actions print `(dropped N, overlimits …)`. */
function tcCounters(output: string): Counters {
  let packets = 0;
  for (const match of output.matchAll(/dropped (\d+)/g)) packets += Number(match[1]);
  return { packets, bytes: null };
}

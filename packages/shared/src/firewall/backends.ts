import type { Check, Command, CounterReader, Plan, Program, SharedObject } from "./plan.ts";
import type { Family } from "./values.ts";

// Backend wrappers: every action owns its objects outright — an nft chain (and sets) in
// Levee's table `levee`, an iptables chain `LEVEE-<id>` jumped to from one built-in chain, an
// ipset `levee-<id>`, a tc filter at its own priority — so undo deletes exactly those objects
// and nothing of the host's.

export const TC_PRIO_BASE = 49_152;
export const MAX_SLOT = 16_383;
export const NFT_TABLE = "levee";
export type NftFamily = "inet" | "netdev";

export interface NftChain {
  name: string;
  hook: "prerouting" | "input" | "ingress";
  priority: number;
  device?: string;
  rules: string[][];
}
export interface NftSet {
  name: string;
  type: "ipv4_addr" | "ipv6_addr";
  flags: string[];
  options?: string[];
  elements?: string[];
}

const ELEMENT_CHUNK = 1000;
const cmd = (program: Program, ...args: string[]): Command => ({ argv: [program, ...args] });

export const nftChainName = (id: string, part = "a") => `${part}_${id}`;

/** `{ a , b }` as argv tokens (nft re-joins them). */
export const nftList = (values: readonly (string | number)[]) => [
  "{",
  ...values.flatMap((v, i) => (i === 0 ? [String(v)] : [",", String(v)])),
  "}",
];

export function nftPlan(family: NftFamily, chains: NftChain[], sets: NftSet[] = []): Plan {
  const apply: Command[] = [cmd("nft", "add", "table", family, NFT_TABLE)];
  for (const set of sets) {
    const flags = set.flags.length > 0 ? ["flags", set.flags.join(","), ";"] : [];
    const options = (set.options ?? []).flatMap((o) => [...o.split(" "), ";"]);
    apply.push(
      cmd(
        "nft",
        "add",
        "set",
        family,
        NFT_TABLE,
        set.name,
        "{",
        "type",
        set.type,
        ";",
        ...flags,
        ...options,
        "}",
      ),
    );
    const elements = set.elements ?? [];
    for (let i = 0; i < elements.length; i += ELEMENT_CHUNK)
      apply.push(
        cmd(
          "nft",
          "add",
          "element",
          family,
          NFT_TABLE,
          set.name,
          ...nftList(elements.slice(i, i + ELEMENT_CHUNK)),
        ),
      );
  }
  for (const chain of chains) {
    const device = chain.device ? ["device", `"${chain.device}"`] : [];
    apply.push(
      cmd(
        "nft",
        "add",
        "chain",
        family,
        NFT_TABLE,
        chain.name,
        "{",
        "type",
        "filter",
        "hook",
        chain.hook,
        ...device,
        "priority",
        String(chain.priority),
        ";",
        "policy",
        "accept",
        ";",
        "}",
      ),
    );
    for (const rule of chain.rules)
      apply.push(cmd("nft", "add", "rule", family, NFT_TABLE, chain.name, ...rule));
  }
  // Chains first: a set cannot be deleted while a rule refers to it.
  const undo = [
    ...chains.map((c) => cmd("nft", "delete", "chain", family, NFT_TABLE, c.name)),
    ...sets.map((s) => cmd("nft", "delete", "set", family, NFT_TABLE, s.name)),
  ];
  const checks: Check[] = [
    ...chains.map(
      (c): Check => ({
        argv: ["nft", "-j", "list", "chain", family, NFT_TABLE, c.name],
        expect: "nft-rules",
        chain: c.name,
        rules: c.rules.length,
      }),
    ),
    ...sets.map(
      (s): Check => ({ argv: ["nft", "list", "set", family, NFT_TABLE, s.name], expect: "success" }),
    ),
  ];
  const counters: CounterReader[] = [
    {
      argv: ["nft", "-j", "list", "table", family, NFT_TABLE],
      format: "nft-json",
      chains: chains.map((c) => c.name),
    },
  ];
  const shared: SharedObject[] = [{ kind: "nft-table", family }];
  return { apply, undo, checks, counters, shared };
}

export type IptablesTable = "filter" | "raw";
export interface IptablesChain {
  table: IptablesTable;
  hook: "INPUT" | "PREROUTING";
  rules: string[][];
}

export const iptablesChainName = (id: string) => `LEVEE-${id}`;
export const iptablesProgram = (family: Family): Program => (family === "ipv6" ? "ip6tables" : "iptables");

export function iptablesPlan(id: string, family: Family, chains: IptablesChain[]): Plan {
  const bin = iptablesProgram(family);
  const name = iptablesChainName(id);
  // -w: wait for the xtables lock instead of failing when another tool holds it.
  const ipt = (table: string, ...args: string[]) => cmd(bin, "-w", "-t", table, ...args);
  const apply: Command[] = [];
  const undo: Command[] = [];
  const checks: Check[] = [];
  const counters: CounterReader[] = [];
  for (const chain of chains) {
    apply.push(ipt(chain.table, "-N", name));
    for (const rule of chain.rules) apply.push(ipt(chain.table, "-A", name, ...rule));
    // The jump goes in last, so the chain is complete before traffic reaches it.
    apply.push(ipt(chain.table, "-I", chain.hook, "1", "-j", name));
    undo.push(
      ipt(chain.table, "-D", chain.hook, "-j", name),
      ipt(chain.table, "-F", name),
      ipt(chain.table, "-X", name),
    );
    checks.push(
      { argv: ipt(chain.table, "-C", chain.hook, "-j", name).argv, expect: "success" },
      { argv: ipt(chain.table, "-S", name).argv, expect: "iptables-rules", rules: chain.rules.length },
    );
    if (chain.table === "filter")
      counters.push({ argv: ipt(chain.table, "-nvxL", name).argv, format: "iptables" });
  }
  return { apply, undo, checks, counters, shared: [] };
}

/** tc ingress police filters at their own priority; the ingress qdisc is shared (kept if it was there). */
export function tcPlan(
  device: string,
  slot: number,
  family: Family,
  match: string[],
  rateBits: number,
  burstBytes: number,
): Plan {
  const protocol = family === "ipv6" ? "ipv6" : "ip";
  // Levee's tc priorities sit in 49153–65535, away from the low numbers people pick by hand.
  const prio = String(TC_PRIO_BASE + slot);
  const where = ["dev", device, "parent", "ffff:", "protocol", protocol, "prio", prio];
  return {
    apply: [
      { ...cmd("tc", "qdisc", "add", "dev", device, "handle", "ffff:", "ingress"), existsOk: true },
      cmd(
        "tc",
        "filter",
        "add",
        ...where,
        "u32",
        ...match,
        "police",
        "rate",
        `${rateBits}bit`,
        "burst",
        String(burstBytes),
        "drop",
        "flowid",
        ":1",
      ),
    ],
    undo: [cmd("tc", "filter", "del", ...where)],
    checks: [
      {
        argv: ["tc", "filter", "show", "dev", device, "parent", "ffff:", "prio", prio],
        expect: "output",
        includes: "police",
      },
    ],
    counters: [
      { argv: ["tc", "-s", "filter", "show", "dev", device, "parent", "ffff:", "prio", prio], format: "tc" },
    ],
    shared: [{ kind: "tc-ingress", device }],
  };
}

export { cmd };

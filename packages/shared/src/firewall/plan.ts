import type { z } from "zod";

/** The programs an action may run; the agent's executor refuses any other argv[0]. */
export const PROGRAMS = ["nft", "iptables", "ip6tables", "ipset", "tc", "ip", "sysctl"] as const;
export type Program = (typeof PROGRAMS)[number];

/** One program run with an argument vector (never a shell); `stdin` carries validated data lines only. */
export interface Command {
  argv: [Program, ...string[]];
  stdin?: string;
  /** Creates a shared object: "already exists" counts as success (and the object stays the host's). */
  existsOk?: boolean;
}

/** How the executor proves an applied action is still in place (reconciliation). */
export type Check =
  | { argv: Command["argv"]; expect: "success" }
  | { argv: Command["argv"]; expect: "nft-rules"; chain: string; rules: number }
  | { argv: Command["argv"]; expect: "iptables-rules"; rules: number }
  | { argv: Command["argv"]; expect: "output"; includes: string }
  | { argv: Command["argv"]; expect: "equals"; value: string };

export type CounterFormat = "nft-json" | "iptables" | "tc";
export interface CounterReader {
  argv: Command["argv"];
  format: CounterFormat;
  /** nft: the chains whose rule counters are summed. */
  chains?: string[];
}

/** Objects more than one action may share; the executor removes them when the last user is gone. */
export type SharedObject =
  | { kind: "nft-table"; family: "inet" | "netdev" }
  | { kind: "tc-ingress"; device: string };

/** A value read before applying, needed to undo (a sysctl's previous value). */
export interface Remember {
  argv: Command["argv"];
}

export interface Plan {
  apply: Command[];
  undo: Command[];
  checks: Check[];
  counters: CounterReader[];
  shared: SharedObject[];
  remember?: Remember;
}

export type Backend = "nftables" | "nftables-netdev" | "iptables" | "ipset" | "tc" | "route" | "sysctl";

export interface RenderContext {
  id: string;
  /** tc filter priority (a handle only Levee uses on that device), assigned per node. */
  slot: number;
  /** What `remember` read before apply; undefined in a preview. */
  remembered?: string | undefined;
}

export interface ActionDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  backend: Backend;
  title: string;
  params: S;
  render(params: z.output<S>, ctx: RenderContext): Plan;
  /** Addresses and prefixes whose traffic the action drops or limits (guardrails check them). */
  targets?(params: z.output<S>): string[];
  /** Warnings that follow from the parameters alone (the API adds incident-specific ones). */
  risks?(params: z.output<S>): string[];
  /** Limits or drops by source: useless against spoofed floods. */
  bySource?: boolean;
}

export const defineAction = <S extends z.ZodType>(definition: ActionDefinition<S>) =>
  definition as unknown as ActionDefinition;

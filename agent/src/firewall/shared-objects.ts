import { NFT_TABLE, type Program, parseIntent, renderIntent } from "@levee/shared/firewall";
import type { CommandResult, RunCommand } from "./command-runner.ts";
import type { AppliedAction, FirewallState } from "./firewall-state.ts";

// Objects several actions share (Levee's nft tables, a tc ingress qdisc Levee added) go when
// their last user goes, so an undo leaves the host exactly as it was. Orphans — Levee-named
// objects no applied action owns (a crash between apply and the state write) — are removed by
// reconciliation.

function sharedInUse(applied: readonly AppliedAction[]): Set<string> {
  const used = new Set<string>();
  for (const action of applied) {
    const parsed = parseIntent(action.intent);
    if (!parsed.ok) continue;
    for (const shared of renderIntent(parsed.definition, parsed.intent, action.remembered).shared)
      used.add(shared.kind === "nft-table" ? `nft-table:${shared.family}` : `tc-ingress:${shared.device}`);
  }
  return used;
}

export async function removeUnusedShared(run: RunCommand, state: FirewallState): Promise<CommandResult[]> {
  const used = sharedInUse(state.data.applied);
  const results: CommandResult[] = [];
  for (const family of ["inet", "netdev"]) {
    if (used.has(`nft-table:${family}`)) continue;
    const exists = await run({ argv: ["nft", "list", "table", family, NFT_TABLE] });
    if (exists.exitCode === 0)
      results.push(await run({ argv: ["nft", "delete", "table", family, NFT_TABLE] }));
  }
  for (const key of [...state.data.createdShared]) {
    if (used.has(key)) continue;
    const device = key.slice("tc-ingress:".length);
    results.push(await run({ argv: ["tc", "qdisc", "del", "dev", device, "ingress"] }));
    state.data.createdShared = state.data.createdShared.filter((k) => k !== key);
  }
  return results;
}

const OWNED_NFT = /^[a-z]\d?_([a-z0-9]{6,12})$/;

export async function removeOrphans(
  run: RunCommand,
  applied: readonly AppliedAction[],
): Promise<CommandResult[]> {
  const ids = new Set(applied.map((a) => a.intent.id));
  const results: CommandResult[] = [];
  for (const family of ["inet", "netdev"]) {
    const listed = await run({ argv: ["nft", "-j", "list", "table", family, NFT_TABLE] });
    if (listed.exitCode !== 0) continue;
    const items =
      (JSON.parse(listed.stdout) as { nftables?: { chain?: { name: string }; set?: { name: string } }[] })
        .nftables ?? [];
    const orphan = (name: string) => !ids.has(OWNED_NFT.exec(name)?.[1] ?? "");
    for (const chain of items.flatMap((i) => (i.chain && orphan(i.chain.name) ? [i.chain.name] : [])))
      results.push(await run({ argv: ["nft", "delete", "chain", family, NFT_TABLE, chain] }));
    for (const set of items.flatMap((i) => (i.set && orphan(i.set.name) ? [i.set.name] : [])))
      results.push(await run({ argv: ["nft", "delete", "set", family, NFT_TABLE, set] }));
  }
  for (const program of ["iptables", "ip6tables"] as Program[])
    for (const table of ["filter", "raw"]) {
      const rules = await run({ argv: [program, "-w", "-t", table, "-S"] });
      if (rules.exitCode !== 0) continue;
      const chains = [...rules.stdout.matchAll(/^-N (LEVEE-([a-z0-9]{6,12}))$/gm)].filter(
        (m) => !ids.has(m[2] as string),
      );
      for (const [, chain] of chains) {
        for (const jump of rules.stdout.matchAll(new RegExp(`^-A (INPUT|PREROUTING) -j ${chain}$`, "gm")))
          results.push(
            await run({ argv: [program, "-w", "-t", table, "-D", jump[1] as string, "-j", chain as string] }),
          );
        results.push(await run({ argv: [program, "-w", "-t", table, "-F", chain as string] }));
        results.push(await run({ argv: [program, "-w", "-t", table, "-X", chain as string] }));
      }
    }
  const sets = await run({ argv: ["ipset", "list", "-n"] });
  if (sets.exitCode === 0)
    for (const [name, id] of sets.stdout.matchAll(/^levee-([a-z0-9]{6,12})$/gm))
      if (!ids.has(id as string)) results.push(await run({ argv: ["ipset", "destroy", name as string] }));
  return results;
}

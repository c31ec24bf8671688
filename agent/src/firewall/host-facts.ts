import { lookup } from "node:dns/promises";
import { networkInterfaces } from "node:os";
import { type ProtectedPrefix, prefixSchema } from "@levee/shared/firewall";
import type { FirewallHost } from "../transport/agent-api.ts";

/** IPv4 default gateways in /proc/net/route (hex, little-endian), lowest metric first. */
export function defaultGateways(routeText: string): string[] {
  const rows: { gateway: string; metric: number }[] = [];
  for (const line of routeText.split("\n").slice(1)) {
    const [, destination, gateway, , , , metric, mask] = line.trim().split(/\s+/);
    if (destination !== "00000000" || mask !== "00000000" || !gateway || gateway === "00000000") continue;
    const bytes = (gateway.match(/../g) ?? []).map((h) => Number.parseInt(h, 16)).reverse();
    rows.push({ gateway: bytes.join("."), metric: Number(metric) });
  }
  return rows.sort((a, b) => a.metric - b.metric).map((r) => r.gateway);
}

/**
 * What this host must never cut off: its own addresses on the interface that carries the
 * management traffic, its gateways, the API's addresses — reported to the API (which refuses
 * such actions before sending them) and enforced again here.
 */
export async function readHostFacts(options: {
  routeText: string;
  device: string | undefined;
  apiUrl: string;
}): Promise<FirewallHost> {
  const interfaces = networkInterfaces();
  const own = options.device ? (interfaces[options.device] ?? []) : Object.values(interfaces).flat();
  const managementAddresses = (own ?? [])
    .filter((a) => a && !a.internal)
    .map((a) => (a as { address: string }).address.split("%")[0] as string);
  let apiAddresses: string[] = [];
  try {
    apiAddresses = (await lookup(new URL(options.apiUrl).hostname, { all: true })).map((a) => a.address);
  } catch {
    apiAddresses = [];
  }
  return { managementAddresses, gateways: defaultGateways(options.routeText), apiAddresses };
}

export function protectedFromHost(
  host: FirewallHost | undefined,
  safelist: readonly string[],
): ProtectedPrefix[] {
  const valid = (list: readonly string[]) => list.filter((p) => prefixSchema.safeParse(p).success);
  return [
    ...valid(host?.managementAddresses ?? []).map((prefix) => ({
      prefix,
      reason: "this host's management address",
    })),
    ...valid(host?.gateways ?? []).map((prefix) => ({ prefix, reason: "this host's gateway" })),
    ...valid(host?.apiAddresses ?? []).map((prefix) => ({ prefix, reason: "the Levee API's address" })),
    ...valid(safelist).map((prefix) => ({ prefix, reason: "the agent's safelist" })),
  ];
}

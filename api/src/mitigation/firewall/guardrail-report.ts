import { type ActionDefinition, checkGuardrails, type ProtectedPrefix } from "@levee/shared/firewall";

export interface HostFacts {
  managementAddresses: string[];
  gateways: string[];
  apiAddresses: string[];
  /** What the agent found in the kernel (`{ tcPolice, xdp }`), as it reported it. */
  capabilities?: unknown;
}

/** Everything a node's mitigation must never cut off, with the reason shown in a refusal. */
export function protectedPrefixes(host: HostFacts | null, safelist: readonly string[]): ProtectedPrefix[] {
  return [
    ...(host?.managementAddresses ?? []).map((prefix) => ({
      prefix,
      reason: "the node's management address",
    })),
    ...(host?.gateways ?? []).map((prefix) => ({ prefix, reason: "the node's gateway" })),
    ...(host?.apiAddresses ?? []).map((prefix) => ({ prefix, reason: "the Levee API's address" })),
    ...safelist.map((prefix) => ({ prefix, reason: "the workspace safelist" })),
  ];
}

/**
 * Refusals and warnings for one action: the shared guardrails, plus what only the incident
 * tells — blocking by source against a spoofed flood drops forged addresses (innocent hosts)
 * and does not stop the attack.
 */
export function assessRisk(
  definition: ActionDefinition,
  params: Record<string, unknown>,
  protectedList: readonly ProtectedPrefix[],
  incident: { spoofed: boolean } | null,
): { refused: string[]; warnings: string[] } {
  const verdict = checkGuardrails(definition, params, protectedList);
  if (incident?.spoofed && definition.bySource)
    verdict.warnings.push(
      "the attack is spoofed: blocking by source address cannot help (the sources are forged, often innocent hosts)",
    );
  return verdict;
}

/**
 * What this node's kernel cannot do, from the capabilities its agent reported: a tc police
 * action on a kernel without the police action (CONFIG_NET_ACT_POLICE) fails on the node, is
 * rolled back and reported FAILED. Said before saving, not discovered after.
 */
export function capabilityWarnings(
  definition: Pick<ActionDefinition, "backend"> | undefined,
  capabilities: unknown,
): string[] {
  const tcPolice = (capabilities as { tcPolice?: boolean | null } | null | undefined)?.tcPolice;
  if (definition?.backend === "tc" && tcPolice === false)
    return [
      "this node's kernel has no tc police action (CONFIG_NET_ACT_POLICE): the agent will report the action FAILED and roll it back; an nftables rate limit works there",
    ];
  return [];
}

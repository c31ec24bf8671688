// What the node page says about the node's interface: the one the agent reports sampling (from its
// heartbeat) first, then the setting when the two differ — the agent is on its way to it, cannot follow
// it (the interface is not on the host), or pins its own. The setting is what the agent follows; the
// form makes it read-only while the agent pins it. Pure, for node:test.

export interface NodeInterfaceFacts {
  /** The setting (updateNode, enrolment): a name or "auto". */
  interface: string;
  /** What the agent reports sampling; null until it has. */
  sampledInterface: string | null | undefined;
  interfaceProblem: string | null | undefined;
  interfacePinned: boolean;
}

/** The header's words, e.g. "interface eth0 · switching to eth1…". */
export function interfaceSummary(node: NodeInterfaceFacts): string {
  const setting = node.interface;
  const sampled = node.sampledInterface;
  if (!sampled) return `interface ${setting} (not reported by the agent yet)`;
  if (node.interfacePinned) return `interface ${sampled} (pinned by the agent's config)`;
  if (node.interfaceProblem) return `interface ${sampled} · ${node.interfaceProblem}`;
  if (setting === "auto") return `interface ${sampled} (auto)`;
  if (setting !== sampled) return `interface ${sampled} · switching to ${setting}…`;
  return `interface ${sampled}`;
}

/** The settings form's hint under Interface, and whether the field can be edited. */
export function interfaceField(node: NodeInterfaceFacts): { editable: boolean; hint: string } {
  if (node.interfacePinned)
    return {
      editable: false,
      hint: "Pinned by the agent's config on the host (levee-agent run --interface or LEVEE_AGENT_INTERFACE): change it there.",
    };
  return {
    editable: true,
    hint: "The agent samples and captures on it, switching on its next heartbeat (up to 30 s). “auto”: the interface the agent's own agent.json names, or the default-route interface.",
  };
}

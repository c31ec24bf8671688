// The nodes the status page settings form lists, read from the form: which are ticked, under which
// display name, in which order. Pure, for node:test.

export interface ListedNode {
  nodeId: string;
  displayName: string;
}

/**
 * The ticked nodes in the chosen order, or the first ticked node left without a display name. Until
 * December 5 an empty display name quietly became the node's own name, which for an enrolled agent is
 * its host name: blanking the field published the host name the form says the page never shows.
 */
export function listedNodes(
  nodes: ReadonlyArray<{ id: string; name: string }>,
  get: (field: string) => string | null,
): { nodes: ListedNode[]; unnamed: null } | { nodes: null; unnamed: string } {
  const chosen = nodes
    .filter((n) => get(`list-${n.id}`) === "on")
    .map((n) => ({
      node: n,
      displayName: (get(`name-${n.id}`) ?? "").trim(),
      order: Number(get(`order-${n.id}`) || 0),
    }))
    .sort((a, b) => a.order - b.order);
  const unnamed = chosen.find((c) => c.displayName === "");
  if (unnamed) return { nodes: null, unnamed: unnamed.node.name };
  return { nodes: chosen.map((c) => ({ nodeId: c.node.id, displayName: c.displayName })), unnamed: null };
}

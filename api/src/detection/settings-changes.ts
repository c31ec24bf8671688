/**
 * The nodes of a settings change. An API of the release before (a rolling upgrade, Redis between
 * them) publishes `{ nodeId }`: read too, rather than ending this subscription on a bad shape.
 */
export function changedNodes(change: { nodeIds?: unknown; nodeId?: unknown }): string[] {
  if (Array.isArray(change.nodeIds))
    return change.nodeIds.filter((id): id is string => typeof id === "string");
  return typeof change.nodeId === "string" ? [change.nodeId] : [];
}

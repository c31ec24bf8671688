/**
 * The nodes of a settings change (detectionSettingsChanged). An API of the release before (a
 * rolling upgrade, Redis between them) publishes `{ nodeId }`: read too. Any other shape reads
 * as no nodes, rather than ending the subscription that reads them.
 */
export function changedNodes(change: unknown): string[] {
  if (typeof change !== "object" || change === null) return [];
  const { nodeIds, nodeId } = change as { nodeIds?: unknown; nodeId?: unknown };
  if (Array.isArray(nodeIds)) return nodeIds.filter((id): id is string => typeof id === "string");
  return typeof nodeId === "string" ? [nodeId] : [];
}

/** Ids per message: a workspace-wide change of 10,000 nodes is ~390 KB as one. */
const PER_MESSAGE = 1000;

/**
 * The messages announcing that these nodes' settings changed. A single node's also carries
 * `nodeId`, which is what an API of the release before reads.
 */
export function settingsChangeMessages(nodeIds: readonly string[]): { nodeIds: string[]; nodeId?: string }[] {
  if (nodeIds.length === 1) return [{ nodeIds: [...nodeIds], nodeId: nodeIds[0] as string }];
  const messages: { nodeIds: string[] }[] = [];
  for (let i = 0; i < nodeIds.length; i += PER_MESSAGE)
    messages.push({ nodeIds: nodeIds.slice(i, i + PER_MESSAGE) });
  return messages;
}

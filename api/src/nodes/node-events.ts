import type { CoreServices } from "../core-services.ts";
import type { NodeEventKind } from "../topics.ts";

/** `nodeEvents` for a workspace: node services, enrolment and node status publish through this one place. */
export function publishNodeEvent(
  ctx: Pick<CoreServices, "pubsub">,
  workspaceId: string,
  kind: NodeEventKind,
  node: { id: string; name: string },
) {
  ctx.pubsub.publish("nodeEvents", workspaceId, {
    kind,
    nodeId: node.id,
    name: node.name,
    at: new Date().toISOString(),
  });
}

/**
 * Announces deleted nodes on every API process (pub/sub): each one's per-node subscriptions
 * (`trafficUpdated`) complete instead of waiting for events that will never come.
 */
export function publishNodesDeleted(ctx: Pick<CoreServices, "pubsub">, nodeIds: readonly string[]) {
  const at = new Date().toISOString();
  for (const nodeId of nodeIds) ctx.pubsub.publish("nodeDeleted", nodeId, { at });
}

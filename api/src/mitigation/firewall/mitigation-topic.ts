import type { AppServices } from "../../context.ts";

/** What subscribers of `mitigationEvents` receive (ids only; the resolver loads the action). */
export interface MitigationEventPayload {
  kind: string;
  actionId: string;
  nodeId: string;
  incidentId: string | null;
  at: string;
}

export function publishMitigation(
  services: Pick<AppServices, "pubsub">,
  action: { id: string; workspaceId: string; nodeId: string; incidentId: string | null },
  kind: string,
) {
  services.pubsub.publish("mitigationEvents", action.workspaceId, {
    kind,
    actionId: action.id,
    nodeId: action.nodeId,
    incidentId: action.incidentId,
    at: new Date().toISOString(),
  });
}

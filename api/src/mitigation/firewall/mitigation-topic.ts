import type { CoreServices } from "../../core-services.ts";

// The payload type sits with every other topic in topics.ts (so topics.ts imports no domain).
export type { MitigationEventPayload } from "../../topics.ts";

export function publishMitigation(
  services: Pick<CoreServices, "pubsub">,
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

/**
 * Every pub/sub topic, keyed by the id subscribers filter on. Payloads cross Redis as JSON,
 * so they carry ids and plain values; subscription resolvers load objects fresh (and
 * re-check access) when delivering.
 */
export type NodeEventKind = "CREATED" | "UPDATED" | "DELETED" | "ENROLLED" | "STATUS_CHANGED";

export interface NodeEventPayload {
  kind: NodeEventKind;
  nodeId: string;
  name: string;
  at: string;
}

export type Topics = {
  nodeEvents: [workspaceId: string, payload: NodeEventPayload];
};

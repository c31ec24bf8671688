import type { ListenQueueRates, Nullable, SocketCounts, TrafficRates } from "@levee/shared/traffic-rates";
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

export type DetectionLevel = "NORMAL" | "ELEVATED" | "ATTACK";

/** A node's connectivity or detection level changed. */
export interface NodeStatusPayload {
  nodeId: string;
  status: "PENDING" | "ONLINE" | "OFFLINE";
  detectionState: DetectionLevel;
  at: string;
}

/** The latest second of a node's traffic (the last sample of a reportTelemetry call). */
/**
 * Socket counts and listen-queue rates null where not read; a process of the previous version
 * publishes no listen-queue fields at all (read as null).
 */
export interface TrafficPayload extends TrafficRates, Nullable<SocketCounts>, Partial<ListenQueueRates> {
  nodeId: string;
  ts: string;
  detectionState: DetectionLevel;
}

export type IncidentEventKind = "OPENED" | "UPDATED" | "RESOLVED";

export interface IncidentEventPayload {
  kind: IncidentEventKind;
  incidentId: string;
  nodeId: string;
  workspaceId: string;
  at: string;
}

/** A network mitigation rule was announced, withdrawn, or a call for it failed. */
export interface NetworkMitigationEventPayload {
  ruleId: string;
  workspaceId: string;
  kind: "ANNOUNCED" | "WITHDRAWN" | "FAILED";
  /** The speaker or provider called. */
  target: string;
  detail: string;
  at: string;
}

/** What subscribers of `mitigationEvents` receive (ids only; the resolver loads the action). */
export interface MitigationEventPayload {
  kind: string;
  actionId: string;
  nodeId: string;
  incidentId: string | null;
  at: string;
}

export type Topics = {
  nodeEvents: [workspaceId: string, payload: NodeEventPayload];
  nodeStatusChanged: [workspaceId: string, payload: NodeStatusPayload];
  trafficUpdated: [nodeId: string, payload: TrafficPayload];
  /** A node was deleted (alone or with its workspace): its per-node subscriptions complete. */
  nodeDeleted: [nodeId: string, payload: { at: string }];
  /** A workspace was deleted: every subscription in it completes. */
  workspaceDeleted: [workspaceId: string, payload: { at: string }];
  incidentEvents: [workspaceId: string, payload: IncidentEventPayload];
  mitigationEvents: [workspaceId: string, payload: MitigationEventPayload];
  networkMitigationEvents: [workspaceId: string, payload: NetworkMitigationEventPayload];
  /** Internal: nodes' thresholds or multiplier changed; every API instance reloads those it serves. */
  detectionSettingsChanged: [payload: { nodeIds: string[]; nodeId?: string }];
  /**
   * Internal: an API key was revoked or unbound (no `userId`): every instance forgets the keys it
   * verified; or a user's sessions or memberships changed (`userId`: sign-out, password change,
   * member removed or re-roled): that user's sockets and streams re-check (auth/live-access.ts).
   */
  credentialsChanged: [payload: { reason: string; userId?: string }];
  /** Internal: a status page's settings or notices changed; kept public answers are forgotten (http/public-read-cache.ts). */
  statusPagesChanged: [payload: { workspaceId: string }];
  /** Internal: a process has a first `trafficUpdated` subscriber for a node (traffic-watch.ts). */
  trafficWatched: [payload: { nodeId: string; until: number }];
};

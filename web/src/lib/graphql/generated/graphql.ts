/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AddCustomDomainInput = {
  /** e.g. status.example.com; IDNs are converted to punycode */
  host: string;
  workspaceId: string | number;
};

export type ApiKeyKind =
  | 'AGENT'
  | 'INTEGRATION';

export type AttackFamily =
  /** ACK flood */
  | 'ACK_FLOOD'
  /** DNS amplification */
  | 'DNS_AMPLIFICATION'
  /** GRE flood */
  | 'GRE_FLOOD'
  /** HTTP flood */
  | 'HTTP_FLOOD'
  /** ICMP flood */
  | 'ICMP_FLOOD'
  /** IP protocol flood */
  | 'IP_PROTOCOL_FLOOD'
  /** memcached amplification */
  | 'MEMCACHED_AMPLIFICATION'
  /** multi-vector attack */
  | 'MULTI_VECTOR'
  /** NTP amplification */
  | 'NTP_AMPLIFICATION'
  /** UDP reflection */
  | 'REFLECTION_OTHER'
  /** RST flood */
  | 'RST_FLOOD'
  /** SSDP amplification */
  | 'SSDP_AMPLIFICATION'
  /** SYN flood */
  | 'SYN_FLOOD'
  /** TCP flag flood */
  | 'TCP_FLAG_FLOOD'
  /** UDP flood */
  | 'UDP_FLOOD';

/** FLOOR also while LEARNING (fewer than 300 quiet samples) */
export type BaselineSource =
  | 'FLOOR'
  | 'LEARNED'
  | 'MANUAL';

/** Omit a field to keep it; null or "" inherits it again */
export type BrandingInput = {
  /** Hex colour replacing the theme's accent */
  accent?: string | null | undefined;
  /** A path under /public, an https:// URL or a base64 data:image URI (≤ 64 KiB) */
  logo?: string | null | undefined;
  /** 1–60 characters; replaces the theme's name */
  productName?: string | null | undefined;
  theme?: string | null | undefined;
};

export type ChangeMemberRoleInput = {
  membershipId: string | number;
  role: Role;
};

export type ColorScheme =
  | 'DARK'
  | 'LIGHT'
  | 'SYSTEM';

export type CreateApiKeyInput = {
  expiresAt?: string | null | undefined;
  name: string;
  /** Permissions granted, from: workspace:read, workspace:update, workspace:delete, workspace:create-child, member:read, member:manage, apikey:read, apikey:manage, node:read, node:create, node:update, node:delete, enrollment:manage, audit:read, incident:read, detection:override, mitigation:read, mitigation:manage, incident:acknowledge, alert:read, alert:manage */
  scopes: Array<string>;
  workspaceId: string | number;
};

export type CreateCustomerWorkspaceInput = {
  branding?: BrandingInput | null | undefined;
  name: string;
  /** The MSP workspace */
  parentWorkspaceId: string | number;
  /** URL name: 1–48 lower-case letters, digits or inner hyphens */
  slug: string;
  /** Turn on its public status page */
  statusPage?: boolean | null | undefined;
};

export type CreateEnrollmentTokenInput = {
  expiresInMinutes?: number;
  /** Enrol (or re-enrol) this node; omit to let the agent create one */
  nodeId?: string | number | null | undefined;
  workspaceId: string | number;
};

export type CreateWorkspaceInput = {
  name: string;
  /** Create as a customer workspace of this MSP workspace */
  parentWorkspaceId?: string | number | null | undefined;
  /** URL name: 1–48 lower-case letters, digits or inner hyphens */
  slug: string;
};

export type CustomDomainStatus =
  | 'PENDING'
  | 'VERIFIED';

/** ELEVATED: a metric above DETECTION_ELEVATED_FRACTION (default 0.5) of its threshold */
export type DetectionState =
  | 'ATTACK'
  | 'ELEVATED'
  | 'NORMAL';

export type IncidentEventKind =
  | 'OPENED'
  | 'RESOLVED'
  | 'UPDATED';

export type IncidentFilter = {
  nodeId?: string | number | null | undefined;
  severities?: Array<Severity> | null | undefined;
  /** Started at or after */
  since?: string | null | undefined;
  status?: IncidentStatus | null | undefined;
  /** Started before */
  until?: string | null | undefined;
};

export type IncidentStatus =
  | 'OPEN'
  | 'RESOLVED';

export type InviteMemberInput = {
  email: string;
  role: Role;
  workspaceId: string | number;
};

export type LoginInput = {
  email: string;
  password: string;
};

export type NodeEventKind =
  | 'CREATED'
  | 'DELETED'
  | 'ENROLLED'
  | 'STATUS_CHANGED'
  | 'UPDATED';

/** Agent connectivity: PENDING until the agent first reports */
export type NodeStatus =
  | 'OFFLINE'
  | 'ONLINE'
  | 'PENDING';

export type RemoveCustomDomainInput = {
  customDomainId: string | number;
};

export type RemoveMemberInput = {
  membershipId: string | number;
};

export type RevokeApiKeyInput = {
  apiKeyId: string | number;
};

export type Role =
  | 'ADMIN'
  | 'ANALYST'
  | 'OWNER'
  | 'READONLY';

export type SetNodeThresholdsInput = {
  /** 1.5–20; threshold = multiplier × p99 (above 10 needs ADMIN or OWNER) */
  multiplier?: number | null | undefined;
  nodeId: string | number;
  overrides?: Array<ThresholdOverrideInput> | null | undefined;
};

/** From peak / threshold: LOW < 2×, MEDIUM < 5×, HIGH < 10×, CRITICAL ≥ 10× */
export type Severity =
  | 'CRITICAL'
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type SignupInput = {
  email: string;
  /** Join the inviting workspace at once (required when the server's SIGNUP_MODE is invite) */
  invitationToken?: string | null | undefined;
  name: string;
  /** At least 12 characters, not common, not containing your e-mail name */
  password: string;
};

export type ThresholdOverrideInput = {
  metric: TrafficMetric;
  /** null removes the override (back to learned); above 10 × the floor needs ADMIN or OWNER */
  threshold?: number | null | undefined;
};

/** Inbound packets/s, bits/s, and packets/s per protocol */
export type TrafficMetric =
  | 'BPS'
  | 'ICMP_PPS'
  | 'PPS'
  | 'TCP_PPS'
  | 'UDP_PPS';

/** AUTO: raw seconds up to 2 h, minute rollups up to 3 days, hourly beyond */
export type TrafficResolution =
  | 'AUTO'
  | 'HOUR'
  | 'MINUTE'
  | 'SECOND';

export type UpdateWorkspaceBrandingInput = {
  branding: BrandingInput;
  workspaceId: string | number;
};

export type UpdateWorkspaceInput = {
  /** Days packet captures are kept, 1–365 (existing captures follow) */
  evidenceRetentionDays?: number | null | undefined;
  name?: string | null | undefined;
  workspaceId: string | number;
};

export type VerifyCustomDomainInput = {
  customDomainId: string | number;
};

export type BrandingFieldsFragment = { theme: string, productName: string, logo: string, favicon: string, scheme: ColorScheme, fontSans: string, fontMono: string, radius: string, light: { primary: string, accent: string, background: string, surface: string, text: string, muted: string, success: string, warning: string, danger: string }, dark: { primary: string, accent: string, background: string, surface: string, text: string, muted: string, success: string, warning: string, danger: string } };

export type PublicBrandingQueryVariables = Exact<{
  slug?: string | null | undefined;
}>;


export type PublicBrandingQuery = { publicBranding: { theme: string, productName: string, logo: string, favicon: string, scheme: ColorScheme, fontSans: string, fontMono: string, radius: string, light: { primary: string, accent: string, background: string, surface: string, text: string, muted: string, success: string, warning: string, danger: string }, dark: { primary: string, accent: string, background: string, surface: string, text: string, muted: string, success: string, warning: string, danger: string } } };

export type CustomDomainRouteQueryVariables = Exact<{
  host: string;
}>;


export type CustomDomainRouteQuery = { customDomainRoute: { slug: string, branding: { theme: string, productName: string, logo: string, favicon: string, scheme: ColorScheme, fontSans: string, fontMono: string, radius: string, light: { primary: string, accent: string, background: string, surface: string, text: string, muted: string, success: string, warning: string, danger: string }, dark: { primary: string, accent: string, background: string, surface: string, text: string, muted: string, success: string, warning: string, danger: string } } } | null };

export type WorkspaceBrandingQueryVariables = Exact<{
  slug: string;
}>;


export type WorkspaceBrandingQuery = { workspace: { id: string, branding: { theme: string, productName: string, logo: string, favicon: string, scheme: ColorScheme, fontSans: string, fontMono: string, radius: string, light: { primary: string, accent: string, background: string, surface: string, text: string, muted: string, success: string, warning: string, danger: string }, dark: { primary: string, accent: string, background: string, surface: string, text: string, muted: string, success: string, warning: string, danger: string } } } };

export type BrandingSettingsQueryVariables = Exact<{
  slug: string;
}>;


export type BrandingSettingsQuery = { themes: Array<{ name: string }>, workspace: { id: string, slug: string, viewerRole: Role | null, parent: { name: string } | null, branding: { theme: string, productName: string, logo: string }, brandingSettings: { theme: string | null, accent: string | null, logo: string | null, productName: string | null }, customDomains: Array<{ id: string, host: string, status: CustomDomainStatus, txtName: string, txtValue: string, verifiedAt: string | null, lastCheckedAt: string | null, lastError: string | null }> } };

export type UpdateWorkspaceBrandingMutationVariables = Exact<{
  input: UpdateWorkspaceBrandingInput;
}>;


export type UpdateWorkspaceBrandingMutation = { updateWorkspaceBranding:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
    | { __typename: 'WorkspacePayload', workspace: { id: string } }
   };

export type AddCustomDomainMutationVariables = Exact<{
  input: AddCustomDomainInput;
}>;


export type AddCustomDomainMutation = { addCustomDomain:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'CustomDomainPayload', customDomain: { id: string, host: string } }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type VerifyCustomDomainMutationVariables = Exact<{
  input: VerifyCustomDomainInput;
}>;


export type VerifyCustomDomainMutation = { verifyCustomDomain:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'CustomDomainPayload', customDomain: { id: string, status: CustomDomainStatus, lastError: string | null } }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type RemoveCustomDomainMutationVariables = Exact<{
  input: RemoveCustomDomainInput;
}>;


export type RemoveCustomDomainMutation = { removeCustomDomain:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'RemoveCustomDomainPayload', removedCustomDomainId: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type CreateCustomerWorkspaceMutationVariables = Exact<{
  input: CreateCustomerWorkspaceInput;
}>;


export type CreateCustomerWorkspaceMutation = { createCustomerWorkspace:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
    | { __typename: 'WorkspacePayload', workspace: { id: string, slug: string } }
   };

export type IncidentsQueryVariables = Exact<{
  workspaceId: string | number;
  filter?: IncidentFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type IncidentsQuery = { incidents: { edges: Array<{ node: { id: string, status: IncidentStatus, severity: Severity, startedAt: string, endedAt: string | null, durationSeconds: number, peakPps: number, peakBps: number, triggerMetrics: Array<TrafficMetric>, node: { id: string, name: string }, classification: { family: AttackFamily | null, confidence: number, spoofed: boolean, botnet: boolean } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type IncidentDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type IncidentDetailQuery = { node:
    | { __typename: 'AlertChannel' }
    | { __typename: 'ApiKey' }
    | { __typename: 'CustomDomain' }
    | { __typename: 'Incident', id: string, status: IncidentStatus, severity: Severity, startedAt: string, endedAt: string | null, lastAttackAt: string, durationSeconds: number, peakPps: number, peakBps: number, triggerMetrics: Array<TrafficMetric>, thresholds: unknown, workspace: { id: string, slug: string }, node: { id: string, name: string }, attack: { nodeCount: number }, timeline: Array<{ ts: string, rxPps: number, rxBps: number }>, classification: { family: AttackFamily | null, detail: string | null, confidence: number, summary: string, evidence: Array<string>, spoofed: boolean, spoofingScore: number, botnet: boolean, distinctSources: number, packetsPerSecond: number, bitsPerSecond: number, vectors: Array<{ family: AttackFamily, detail: string | null, confidence: number, packetsShare: number }>, topSources: Array<{ ip: string, country: string | null, asn: number | null, asOrg: string | null, knownBad: boolean, packets: number, share: number, lists: Array<{ list: string, category: string }> }> } | null, pcap: { sizeBytes: number, packets: number, preBufferPackets: number, downloadUrl: string, expiresAt: string, sha256: string } | null }
    | { __typename: 'Membership' }
    | { __typename: 'MitigationAction' }
    | { __typename: 'MitigationRule' }
    | { __typename: 'MonitoredNode' }
    | { __typename: 'NetworkMitigationRule' }
    | { __typename: 'User' }
    | { __typename: 'Workspace' }
   | null };

export type IncidentEventsSubscriptionVariables = Exact<{
  workspaceId: string | number;
}>;


export type IncidentEventsSubscription = { incidentEvents: { kind: IncidentEventKind, incidentId: string, nodeId: string, at: string } };

export type NodesQueryVariables = Exact<{
  slug: string;
}>;


export type NodesQuery = { workspace: { id: string, nodes: { edges: Array<{ node: { id: string, name: string, hostname: string | null, status: NodeStatus, lastSeenAt: string | null, agentVersion: string | null, detection: { state: DetectionState }, baseline: { learning: boolean } | null } }> } } };

export type NodeSparklinesQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
  from: string;
}>;


export type NodeSparklinesQuery = { nodes: Array<
    | { id: string, traffic: { points: Array<{ ts: string, rxPps: number }> } }
    | Record<PropertyKey, never>
   | null> };

export type NodeDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type NodeDetailQuery = { node:
    | { __typename: 'AlertChannel' }
    | { __typename: 'ApiKey' }
    | { __typename: 'CustomDomain' }
    | { __typename: 'Incident' }
    | { __typename: 'Membership' }
    | { __typename: 'MitigationAction' }
    | { __typename: 'MitigationRule' }
    | { __typename: 'MonitoredNode', id: string, name: string, hostname: string | null, interface: string, status: NodeStatus, lastSeenAt: string | null, agentVersion: string | null, enrolled: boolean, detectionMultiplier: number, workspace: { id: string, slug: string, viewerRole: Role | null }, detection: { state: DetectionState, incidentId: string | null, thresholds: Array<{ metric: TrafficMetric, threshold: number, elevatedAt: number, source: BaselineSource }> }, baselines: Array<{ metric: TrafficMetric, avg: number, p95: number, p99: number, samples: number, learning: boolean, threshold: number, source: BaselineSource, updatedAt: string | null }>, uptime: { uptimePercent: number | null, attackMinutes: number, days: Array<{ date: string, uptimePercent: number | null, onlineMinutes: number, expectedMinutes: number, attackMinutes: number }> } }
    | { __typename: 'NetworkMitigationRule' }
    | { __typename: 'User' }
    | { __typename: 'Workspace' }
   | null };

export type NodeTrafficQueryVariables = Exact<{
  id: string | number;
  from: string;
  to?: string | null | undefined;
  resolution?: TrafficResolution | null | undefined;
}>;


export type NodeTrafficQuery = { node:
    | { id: string, traffic: { resolution: string, points: Array<{ ts: string, rxPps: number, rxBps: number, tcpPps: number, udpPps: number, icmpPps: number, otherPps: number, maxPps: number, maxBps: number, attackSeconds: number }> } }
    | Record<PropertyKey, never>
   | null };

export type TrafficUpdatedSubscriptionVariables = Exact<{
  nodeId: string | number;
}>;


export type TrafficUpdatedSubscription = { trafficUpdated: { nodeId: string, ts: string, rxPps: number, rxBps: number, tcpPps: number, udpPps: number, icmpPps: number, otherPps: number, detectionState: string } };

export type NodeStatusChangedSubscriptionVariables = Exact<{
  workspaceId: string | number;
}>;


export type NodeStatusChangedSubscription = { nodeStatusChanged: { nodeId: string, status: string, detectionState: DetectionState, at: string } };

export type NodeEventsSubscriptionVariables = Exact<{
  workspaceId: string | number;
}>;


export type NodeEventsSubscription = { nodeEvents: { kind: NodeEventKind, nodeId: string, name: string, at: string } };

export type SetNodeThresholdsMutationVariables = Exact<{
  input: SetNodeThresholdsInput;
}>;


export type SetNodeThresholdsMutation = { setNodeThresholds:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NodePayload', node: { id: string, detectionMultiplier: number } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type NodeNamesQueryVariables = Exact<{
  slug: string;
}>;


export type NodeNamesQuery = { workspace: { id: string, nodes: { edges: Array<{ node: { id: string, name: string } }> } } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { me: { id: string, email: string, name: string, memberships: Array<{ role: Role, workspace: { id: string, slug: string, name: string } }> } | null };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login:
    | { __typename: 'AuthenticationError', code: string, message: string }
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'RateLimitedError', code: string, message: string }
    | { __typename: 'SessionPayload', expiresAt: string, user: { id: string } }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type SignupMutationVariables = Exact<{
  input: SignupInput;
}>;


export type SignupMutation = { signup:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'RateLimitedError', code: string, message: string }
    | { __typename: 'SessionPayload', expiresAt: string, user: { id: string } }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type CreateEnrollmentTokenMutationVariables = Exact<{
  input: CreateEnrollmentTokenInput;
}>;


export type CreateEnrollmentTokenMutation = { createEnrollmentToken:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'CreateEnrollmentTokenPayload', token: string, enrollmentToken: { id: string, expiresAt: string } }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type ApiKeysQueryVariables = Exact<{
  slug: string;
}>;


export type ApiKeysQuery = { workspace: { id: string, viewerRole: Role | null, apiKeys: { edges: Array<{ node: { id: string, name: string, kind: ApiKeyKind, prefix: string, scopes: Array<string>, createdAt: string, lastUsedAt: string | null, expiresAt: string | null, node: { name: string } | null } }> } } };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'CreateApiKeyPayload', secret: string, apiKey: { id: string, prefix: string } }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type RevokeApiKeyMutationVariables = Exact<{
  input: RevokeApiKeyInput;
}>;


export type RevokeApiKeyMutation = { revokeApiKey:
    | { __typename: 'ApiKeyPayload', apiKey: { id: string, revokedAt: string | null } }
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type MembersQueryVariables = Exact<{
  slug: string;
}>;


export type MembersQuery = { me: { id: string } | null, workspace: { id: string, viewerRole: Role | null, members: { edges: Array<{ node: { id: string, role: Role, createdAt: string, user: { id: string, name: string, email: string } } }> }, pendingInvitations: Array<{ id: string, email: string, role: Role, expiresAt: string }> } };

export type InviteMemberMutationVariables = Exact<{
  input: InviteMemberInput;
}>;


export type InviteMemberMutation = { inviteMember:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'InviteMemberPayload', token: string, invitation: { id: string, email: string } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type ChangeMemberRoleMutationVariables = Exact<{
  input: ChangeMemberRoleInput;
}>;


export type ChangeMemberRoleMutation = { changeMemberRole:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'MembershipPayload', membership: { id: string, role: Role } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type RemoveMemberMutationVariables = Exact<{
  input: RemoveMemberInput;
}>;


export type RemoveMemberMutation = { removeMember:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'RemoveMemberPayload', removedMembershipId: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type AuditLogQueryVariables = Exact<{
  workspaceId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  action?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { edges: Array<{ node: { id: string, seq: number, action: string, createdAt: string, ip: string | null, targetType: string | null, targetId: string | null, hash: string, actor: { type: string, label: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type VerifyAuditChainQueryVariables = Exact<{
  workspaceId: string | number;
}>;


export type VerifyAuditChainQuery = { verifyAuditChain: { valid: boolean, entriesChecked: number, firstBrokenLink: { seq: number, reason: string, entryId: string } | null } };

export type WorkspaceShellQueryVariables = Exact<{
  slug: string;
}>;


export type WorkspaceShellQuery = { me: { id: string, name: string, email: string } | null, workspace: { id: string, slug: string, name: string, viewerRole: Role | null, parent: { slug: string, name: string } | null, children: { edges: Array<{ node: { id: string } }> } }, workspaces: { edges: Array<{ node: { id: string, slug: string, name: string, parent: { id: string } | null } }> } };

export type CustomerWorkspacesQueryVariables = Exact<{
  slug: string;
}>;


export type CustomerWorkspacesQuery = { workspace: { id: string, children: { edges: Array<{ node: { id: string, slug: string, name: string, nodes: { edges: Array<{ node: { id: string, status: NodeStatus, detection: { state: DetectionState } } }> } } }> } } };

export type OverviewAnalyticsQueryVariables = Exact<{
  workspaceId: string | number;
  since: string;
}>;


export type OverviewAnalyticsQuery = { workspaceAnalytics: { nodes: number, onlineNodes: number, nodesUnderAttack: number, openIncidents: number, incidents: number, peakPps: number, peakBps: number, attackMinutes: number } };

export type CreateWorkspaceMutationVariables = Exact<{
  input: CreateWorkspaceInput;
}>;


export type CreateWorkspaceMutation = { createWorkspace:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
    | { __typename: 'WorkspacePayload', workspace: { id: string, slug: string } }
   };

export type WorkspaceSettingsQueryVariables = Exact<{
  slug: string;
}>;


export type WorkspaceSettingsQuery = { workspace: { id: string, name: string, slug: string, evidenceRetentionDays: number, viewerRole: Role | null } };

export type UpdateWorkspaceMutationVariables = Exact<{
  input: UpdateWorkspaceInput;
}>;


export type UpdateWorkspaceMutation = { updateWorkspace:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
    | { __typename: 'WorkspacePayload', workspace: { id: string, name: string, evidenceRetentionDays: number } }
   };

export type WorkspaceNodeIdsQueryVariables = Exact<{
  slug: string;
}>;


export type WorkspaceNodeIdsQuery = { workspace: { id: string, nodes: { edges: Array<{ node: { id: string, detectionMultiplier: number } }> } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const BrandingFieldsFragmentDoc = new TypedDocumentString(`
    fragment BrandingFields on Branding {
  theme
  productName
  logo
  favicon
  scheme
  fontSans
  fontMono
  radius
  light {
    primary
    accent
    background
    surface
    text
    muted
    success
    warning
    danger
  }
  dark {
    primary
    accent
    background
    surface
    text
    muted
    success
    warning
    danger
  }
}
    `, {"fragmentName":"BrandingFields"}) as unknown as TypedDocumentString<BrandingFieldsFragment, unknown>;
export const PublicBrandingDocument = new TypedDocumentString(`
    query PublicBranding($slug: String) {
  publicBranding(slug: $slug) {
    ...BrandingFields
  }
}
    fragment BrandingFields on Branding {
  theme
  productName
  logo
  favicon
  scheme
  fontSans
  fontMono
  radius
  light {
    primary
    accent
    background
    surface
    text
    muted
    success
    warning
    danger
  }
  dark {
    primary
    accent
    background
    surface
    text
    muted
    success
    warning
    danger
  }
}`) as unknown as TypedDocumentString<PublicBrandingQuery, PublicBrandingQueryVariables>;
export const CustomDomainRouteDocument = new TypedDocumentString(`
    query CustomDomainRoute($host: String!) {
  customDomainRoute(host: $host) {
    slug
    branding {
      ...BrandingFields
    }
  }
}
    fragment BrandingFields on Branding {
  theme
  productName
  logo
  favicon
  scheme
  fontSans
  fontMono
  radius
  light {
    primary
    accent
    background
    surface
    text
    muted
    success
    warning
    danger
  }
  dark {
    primary
    accent
    background
    surface
    text
    muted
    success
    warning
    danger
  }
}`) as unknown as TypedDocumentString<CustomDomainRouteQuery, CustomDomainRouteQueryVariables>;
export const WorkspaceBrandingDocument = new TypedDocumentString(`
    query WorkspaceBranding($slug: String!) {
  workspace(slug: $slug) {
    id
    branding {
      ...BrandingFields
    }
  }
}
    fragment BrandingFields on Branding {
  theme
  productName
  logo
  favicon
  scheme
  fontSans
  fontMono
  radius
  light {
    primary
    accent
    background
    surface
    text
    muted
    success
    warning
    danger
  }
  dark {
    primary
    accent
    background
    surface
    text
    muted
    success
    warning
    danger
  }
}`) as unknown as TypedDocumentString<WorkspaceBrandingQuery, WorkspaceBrandingQueryVariables>;
export const BrandingSettingsDocument = new TypedDocumentString(`
    query BrandingSettings($slug: String!) {
  themes {
    name
  }
  workspace(slug: $slug) {
    id
    slug
    viewerRole
    parent {
      name
    }
    branding {
      theme
      productName
      logo
    }
    brandingSettings {
      theme
      accent
      logo
      productName
    }
    customDomains {
      id
      host
      status
      txtName
      txtValue
      verifiedAt
      lastCheckedAt
      lastError
    }
  }
}
    `) as unknown as TypedDocumentString<BrandingSettingsQuery, BrandingSettingsQueryVariables>;
export const UpdateWorkspaceBrandingDocument = new TypedDocumentString(`
    mutation UpdateWorkspaceBranding($input: UpdateWorkspaceBrandingInput!) {
  updateWorkspaceBranding(input: $input) {
    __typename
    ... on WorkspacePayload {
      workspace {
        id
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateWorkspaceBrandingMutation, UpdateWorkspaceBrandingMutationVariables>;
export const AddCustomDomainDocument = new TypedDocumentString(`
    mutation AddCustomDomain($input: AddCustomDomainInput!) {
  addCustomDomain(input: $input) {
    __typename
    ... on CustomDomainPayload {
      customDomain {
        id
        host
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AddCustomDomainMutation, AddCustomDomainMutationVariables>;
export const VerifyCustomDomainDocument = new TypedDocumentString(`
    mutation VerifyCustomDomain($input: VerifyCustomDomainInput!) {
  verifyCustomDomain(input: $input) {
    __typename
    ... on CustomDomainPayload {
      customDomain {
        id
        status
        lastError
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<VerifyCustomDomainMutation, VerifyCustomDomainMutationVariables>;
export const RemoveCustomDomainDocument = new TypedDocumentString(`
    mutation RemoveCustomDomain($input: RemoveCustomDomainInput!) {
  removeCustomDomain(input: $input) {
    __typename
    ... on RemoveCustomDomainPayload {
      removedCustomDomainId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveCustomDomainMutation, RemoveCustomDomainMutationVariables>;
export const CreateCustomerWorkspaceDocument = new TypedDocumentString(`
    mutation CreateCustomerWorkspace($input: CreateCustomerWorkspaceInput!) {
  createCustomerWorkspace(input: $input) {
    __typename
    ... on WorkspacePayload {
      workspace {
        id
        slug
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreateCustomerWorkspaceMutation, CreateCustomerWorkspaceMutationVariables>;
export const IncidentsDocument = new TypedDocumentString(`
    query Incidents($workspaceId: ID!, $filter: IncidentFilter, $first: Int, $after: String) {
  incidents(
    workspaceId: $workspaceId
    filter: $filter
    first: $first
    after: $after
  ) {
    edges {
      node {
        id
        status
        severity
        startedAt
        endedAt
        durationSeconds
        peakPps
        peakBps
        triggerMetrics
        node {
          id
          name
        }
        classification {
          family
          confidence
          spoofed
          botnet
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<IncidentsQuery, IncidentsQueryVariables>;
export const IncidentDetailDocument = new TypedDocumentString(`
    query IncidentDetail($id: ID!) {
  node(id: $id) {
    __typename
    ... on Incident {
      id
      status
      severity
      startedAt
      endedAt
      lastAttackAt
      durationSeconds
      peakPps
      peakBps
      triggerMetrics
      thresholds
      workspace {
        id
        slug
      }
      node {
        id
        name
      }
      attack {
        nodeCount
      }
      timeline {
        ts
        rxPps
        rxBps
      }
      classification {
        family
        detail
        confidence
        summary
        evidence
        spoofed
        spoofingScore
        botnet
        distinctSources
        packetsPerSecond
        bitsPerSecond
        vectors {
          family
          detail
          confidence
          packetsShare
        }
        topSources {
          ip
          country
          asn
          asOrg
          knownBad
          lists {
            list
            category
          }
          packets
          share
        }
      }
      pcap {
        sizeBytes
        packets
        preBufferPackets
        downloadUrl
        expiresAt
        sha256
      }
    }
  }
}
    `) as unknown as TypedDocumentString<IncidentDetailQuery, IncidentDetailQueryVariables>;
export const IncidentEventsDocument = new TypedDocumentString(`
    subscription IncidentEvents($workspaceId: ID!) {
  incidentEvents(workspaceId: $workspaceId) {
    kind
    incidentId
    nodeId
    at
  }
}
    `) as unknown as TypedDocumentString<IncidentEventsSubscription, IncidentEventsSubscriptionVariables>;
export const NodesDocument = new TypedDocumentString(`
    query Nodes($slug: String!) {
  workspace(slug: $slug) {
    id
    nodes(first: 200) {
      edges {
        node {
          id
          name
          hostname
          status
          lastSeenAt
          agentVersion
          detection {
            state
          }
          baseline(metric: PPS) {
            learning
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NodesQuery, NodesQueryVariables>;
export const NodeSparklinesDocument = new TypedDocumentString(`
    query NodeSparklines($ids: [ID!]!, $from: DateTime!) {
  nodes(ids: $ids) {
    ... on MonitoredNode {
      id
      traffic(from: $from, resolution: SECOND) {
        points {
          ts
          rxPps
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NodeSparklinesQuery, NodeSparklinesQueryVariables>;
export const NodeDetailDocument = new TypedDocumentString(`
    query NodeDetail($id: ID!) {
  node(id: $id) {
    __typename
    ... on MonitoredNode {
      id
      name
      hostname
      interface
      status
      lastSeenAt
      agentVersion
      enrolled
      detectionMultiplier
      workspace {
        id
        slug
        viewerRole
      }
      detection {
        state
        incidentId
        thresholds {
          metric
          threshold
          elevatedAt
          source
        }
      }
      baselines {
        metric
        avg
        p95
        p99
        samples
        learning
        threshold
        source
        updatedAt
      }
      uptime(days: 30) {
        uptimePercent
        attackMinutes
        days {
          date
          uptimePercent
          onlineMinutes
          expectedMinutes
          attackMinutes
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NodeDetailQuery, NodeDetailQueryVariables>;
export const NodeTrafficDocument = new TypedDocumentString(`
    query NodeTraffic($id: ID!, $from: DateTime!, $to: DateTime, $resolution: TrafficResolution) {
  node(id: $id) {
    ... on MonitoredNode {
      id
      traffic(from: $from, to: $to, resolution: $resolution) {
        resolution
        points {
          ts
          rxPps
          rxBps
          tcpPps
          udpPps
          icmpPps
          otherPps
          maxPps
          maxBps
          attackSeconds
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NodeTrafficQuery, NodeTrafficQueryVariables>;
export const TrafficUpdatedDocument = new TypedDocumentString(`
    subscription TrafficUpdated($nodeId: ID!) {
  trafficUpdated(nodeId: $nodeId) {
    nodeId
    ts
    rxPps
    rxBps
    tcpPps
    udpPps
    icmpPps
    otherPps
    detectionState
  }
}
    `) as unknown as TypedDocumentString<TrafficUpdatedSubscription, TrafficUpdatedSubscriptionVariables>;
export const NodeStatusChangedDocument = new TypedDocumentString(`
    subscription NodeStatusChanged($workspaceId: ID!) {
  nodeStatusChanged(workspaceId: $workspaceId) {
    nodeId
    status
    detectionState
    at
  }
}
    `) as unknown as TypedDocumentString<NodeStatusChangedSubscription, NodeStatusChangedSubscriptionVariables>;
export const NodeEventsDocument = new TypedDocumentString(`
    subscription NodeEvents($workspaceId: ID!) {
  nodeEvents(workspaceId: $workspaceId) {
    kind
    nodeId
    name
    at
  }
}
    `) as unknown as TypedDocumentString<NodeEventsSubscription, NodeEventsSubscriptionVariables>;
export const SetNodeThresholdsDocument = new TypedDocumentString(`
    mutation SetNodeThresholds($input: SetNodeThresholdsInput!) {
  setNodeThresholds(input: $input) {
    __typename
    ... on NodePayload {
      node {
        id
        detectionMultiplier
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SetNodeThresholdsMutation, SetNodeThresholdsMutationVariables>;
export const NodeNamesDocument = new TypedDocumentString(`
    query NodeNames($slug: String!) {
  workspace(slug: $slug) {
    id
    nodes(first: 500) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NodeNamesQuery, NodeNamesQueryVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  me {
    id
    email
    name
    memberships {
      role
      workspace {
        id
        slug
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($input: LoginInput!) {
  login(input: $input) {
    __typename
    ... on SessionPayload {
      user {
        id
      }
      expiresAt
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const SignupDocument = new TypedDocumentString(`
    mutation Signup($input: SignupInput!) {
  signup(input: $input) {
    __typename
    ... on SessionPayload {
      user {
        id
      }
      expiresAt
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SignupMutation, SignupMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const CreateEnrollmentTokenDocument = new TypedDocumentString(`
    mutation CreateEnrollmentToken($input: CreateEnrollmentTokenInput!) {
  createEnrollmentToken(input: $input) {
    __typename
    ... on CreateEnrollmentTokenPayload {
      token
      enrollmentToken {
        id
        expiresAt
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreateEnrollmentTokenMutation, CreateEnrollmentTokenMutationVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys($slug: String!) {
  workspace(slug: $slug) {
    id
    viewerRole
    apiKeys(first: 100) {
      edges {
        node {
          id
          name
          kind
          prefix
          scopes
          createdAt
          lastUsedAt
          expiresAt
          node {
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeyPayload {
      secret
      apiKey {
        id
        prefix
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) {
    __typename
    ... on ApiKeyPayload {
      apiKey {
        id
        revokedAt
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const MembersDocument = new TypedDocumentString(`
    query Members($slug: String!) {
  me {
    id
  }
  workspace(slug: $slug) {
    id
    viewerRole
    members(first: 200) {
      edges {
        node {
          id
          role
          createdAt
          user {
            id
            name
            email
          }
        }
      }
    }
    pendingInvitations {
      id
      email
      role
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<MembersQuery, MembersQueryVariables>;
export const InviteMemberDocument = new TypedDocumentString(`
    mutation InviteMember($input: InviteMemberInput!) {
  inviteMember(input: $input) {
    __typename
    ... on InviteMemberPayload {
      token
      invitation {
        id
        email
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<InviteMemberMutation, InviteMemberMutationVariables>;
export const ChangeMemberRoleDocument = new TypedDocumentString(`
    mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {
  changeMemberRole(input: $input) {
    __typename
    ... on MembershipPayload {
      membership {
        id
        role
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ChangeMemberRoleMutation, ChangeMemberRoleMutationVariables>;
export const RemoveMemberDocument = new TypedDocumentString(`
    mutation RemoveMember($input: RemoveMemberInput!) {
  removeMember(input: $input) {
    __typename
    ... on RemoveMemberPayload {
      removedMembershipId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveMemberMutation, RemoveMemberMutationVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($workspaceId: ID!, $first: Int, $after: String, $action: String) {
  auditLog(
    workspaceId: $workspaceId
    first: $first
    after: $after
    action: $action
  ) {
    edges {
      node {
        id
        seq
        action
        createdAt
        ip
        targetType
        targetId
        hash
        actor {
          type
          label
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const VerifyAuditChainDocument = new TypedDocumentString(`
    query VerifyAuditChain($workspaceId: ID!) {
  verifyAuditChain(workspaceId: $workspaceId) {
    valid
    entriesChecked
    firstBrokenLink {
      seq
      reason
      entryId
    }
  }
}
    `) as unknown as TypedDocumentString<VerifyAuditChainQuery, VerifyAuditChainQueryVariables>;
export const WorkspaceShellDocument = new TypedDocumentString(`
    query WorkspaceShell($slug: String!) {
  me {
    id
    name
    email
  }
  workspace(slug: $slug) {
    id
    slug
    name
    viewerRole
    parent {
      slug
      name
    }
    children(first: 1) {
      edges {
        node {
          id
        }
      }
    }
  }
  workspaces(first: 100) {
    edges {
      node {
        id
        slug
        name
        parent {
          id
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WorkspaceShellQuery, WorkspaceShellQueryVariables>;
export const CustomerWorkspacesDocument = new TypedDocumentString(`
    query CustomerWorkspaces($slug: String!) {
  workspace(slug: $slug) {
    id
    children(first: 50) {
      edges {
        node {
          id
          slug
          name
          nodes(first: 200) {
            edges {
              node {
                id
                status
                detection {
                  state
                }
              }
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerWorkspacesQuery, CustomerWorkspacesQueryVariables>;
export const OverviewAnalyticsDocument = new TypedDocumentString(`
    query OverviewAnalytics($workspaceId: ID!, $since: DateTime!) {
  workspaceAnalytics(workspaceId: $workspaceId, since: $since) {
    nodes
    onlineNodes
    nodesUnderAttack
    openIncidents
    incidents
    peakPps
    peakBps
    attackMinutes
  }
}
    `) as unknown as TypedDocumentString<OverviewAnalyticsQuery, OverviewAnalyticsQueryVariables>;
export const CreateWorkspaceDocument = new TypedDocumentString(`
    mutation CreateWorkspace($input: CreateWorkspaceInput!) {
  createWorkspace(input: $input) {
    __typename
    ... on WorkspacePayload {
      workspace {
        id
        slug
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreateWorkspaceMutation, CreateWorkspaceMutationVariables>;
export const WorkspaceSettingsDocument = new TypedDocumentString(`
    query WorkspaceSettings($slug: String!) {
  workspace(slug: $slug) {
    id
    name
    slug
    evidenceRetentionDays
    viewerRole
  }
}
    `) as unknown as TypedDocumentString<WorkspaceSettingsQuery, WorkspaceSettingsQueryVariables>;
export const UpdateWorkspaceDocument = new TypedDocumentString(`
    mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {
  updateWorkspace(input: $input) {
    __typename
    ... on WorkspacePayload {
      workspace {
        id
        name
        evidenceRetentionDays
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateWorkspaceMutation, UpdateWorkspaceMutationVariables>;
export const WorkspaceNodeIdsDocument = new TypedDocumentString(`
    query WorkspaceNodeIds($slug: String!) {
  workspace(slug: $slug) {
    id
    nodes(first: 500) {
      edges {
        node {
          id
          detectionMultiplier
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WorkspaceNodeIdsQuery, WorkspaceNodeIdsQueryVariables>;
/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AcceptInvitationInput = {
  token: string;
};

export type AcknowledgeIncidentInput = {
  incidentId: string | number;
};

export type AddCustomDomainInput = {
  /** e.g. status.example.com; IDNs are converted to punycode */
  host: string;
  workspaceId: string | number;
};

export type AddStatusPageNoticeInput = {
  endsAt: string;
  message: string;
  startsAt: string;
  workspaceId: string | number;
};

export type AlertChannelKind =
  | 'DISCORD'
  | 'EMAIL'
  | 'OPSGENIE'
  | 'PAGERDUTY'
  | 'SLACK'
  | 'SMS'
  | 'TEAMS'
  | 'TELEGRAM'
  | 'WEBHOOK';

/** Fields by kind — WEBHOOK: url, signingSecret (whsec_…), previousSigningSecret; SLACK: url, callbackSecret; DISCORD/TEAMS: url; TELEGRAM: botToken, chatId; PAGERDUTY: routingKey, callbackSecret; OPSGENIE: apiKey, callbackSecret; SMS (Twilio): accountSid, authToken, fromNumber, toNumber (E.164); EMAIL: emails. callbackSecret (optional) checks the provider's acknowledgements sent to /hooks/alerts/<channel>/<provider>: PagerDuty's webhook signing secret, the Slack app's signing secret, or a token of your choosing for OpsGenie. Secrets left out on update are kept; null clears an optional one. */
export type AlertChannelSettingsInput = {
  accountSid?: string | null | undefined;
  apiKey?: string | null | undefined;
  authToken?: string | null | undefined;
  botToken?: string | null | undefined;
  callbackSecret?: string | null | undefined;
  chatId?: string | null | undefined;
  emails?: Array<string> | null | undefined;
  fromNumber?: string | null | undefined;
  previousSigningSecret?: string | null | undefined;
  routingKey?: string | null | undefined;
  signingSecret?: string | null | undefined;
  toNumber?: string | null | undefined;
  url?: string | null | undefined;
};

export type AnnounceMitigationInput = {
  /** RTBH: extra communities (65535:666 and no-export are always added) */
  communities?: Array<string> | null | undefined;
  /** Target address or prefix */
  destination: string;
  destinationPorts?: Array<PortRangeInput> | null | undefined;
  /** Allow a prefix wider than a host route */
  escalated?: boolean | null | undefined;
  fragments?: Array<FragmentType> | null | undefined;
  kind: MitigationIntentKind;
  packetLengths?: Array<PortRangeInput> | null | undefined;
  protocols?: Array<number> | null | undefined;
  /** FlowSpec: 0 = discard (default) */
  rateBytesPerSecond?: number | null | undefined;
  source?: string | null | undefined;
  sourcePorts?: Array<PortRangeInput> | null | undefined;
  tcpFlags?: Array<TcpFlag> | null | undefined;
  ttlSeconds: number;
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

/** What set the threshold: LEARNED (multiplier × p99 of the trailing 300 quiet seconds), SEASONAL (multiplier × p99 of the same hour of the week over the last 4 weeks, when higher), MANUAL, or FLOOR (also while LEARNING without history) */
export type BaselineSource =
  | 'FLOOR'
  | 'LEARNED'
  | 'MANUAL'
  | 'SEASONAL';

export type BgpSpeakerInput = {
  /** ExaBGP relay answer file, or BIRD control socket */
  control?: string | null | undefined;
  /** GoBGP gRPC target, ExaBGP relay FIFO, or BIRD include file */
  endpoint: string;
  kind: BgpSpeakerKind;
  name: string;
  /** GoBGP only: verify gobgpd over TLS (omitted: plaintext gRPC) */
  tls?: BgpSpeakerTlsInput | null | undefined;
};

export type BgpSpeakerKind =
  | 'BIRD'
  | 'EXABGP'
  | 'GOBGP';

/** TLS on GoBGP's gRPC API (gobgpd --tls --tls-cert-file … --tls-key-file …) */
export type BgpSpeakerTlsInput = {
  /** PEM certificate(s) of the CA that signed gobgpd's certificate (or that certificate itself); omitted keeps the stored one */
  caCertificate?: string | null | undefined;
  /** The name gobgpd's certificate must carry, instead of the target's host (unix:// targets: localhost) */
  serverName?: string | null | undefined;
};

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

export type ChangePasswordInput = {
  currentPassword: string;
  /** Same rules as at sign-up */
  newPassword: string;
};

export type ClearWorkspaceMailServerInput = {
  workspaceId: string | number;
};

export type ColorScheme =
  | 'DARK'
  | 'LIGHT'
  | 'SYSTEM';

export type ConfirmStatusPageSubscriptionInput = {
  /** From the link in the e-mail */
  token: string;
};

export type CreateAlertChannelInput = {
  enabled?: boolean | null | undefined;
  kind: AlertChannelKind;
  name: string;
  settings: AlertChannelSettingsInput;
  sharedWithCustomers?: boolean | null | undefined;
  workspaceId: string | number;
};

export type CreateApiKeyInput = {
  /** When the key stops working (refused from then on, open sockets closed); none: until revoked */
  expiresAt?: string | null | undefined;
  name: string;
  /** Permissions granted, each one you hold yourself, from: workspace:read, node:read, incident:read, alert:read, mitigation:read, audit:read, member:read, apikey:read, node:create, node:update, node:delete, incident:acknowledge, mitigation:manage */
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

export type CreateEscalationPolicyInput = {
  families?: Array<string> | null | undefined;
  name: string;
  nodeLabels?: Array<EscalationNodeLabelInput> | null | undefined;
  /** Lower first; the first matching policy routes */
  position?: number | null | undefined;
  /** Extra rounds of all steps (0–10) */
  repeat?: number | null | undefined;
  repeatAfterSeconds?: number | null | undefined;
  severities?: Array<string> | null | undefined;
  sharedWithCustomers?: boolean | null | undefined;
  steps: Array<EscalationStepInput>;
  workspaceId: string | number;
};

export type CreateMaintenanceWindowInput = {
  endsAt: string;
  name: string;
  /** Only this node; omitted: the whole workspace */
  nodeId?: string | number | null | undefined;
  startsAt: string;
  /** IANA zone of the weekly recurrence, default UTC */
  timeZone?: string | null | undefined;
  weekly?: boolean | null | undefined;
  workspaceId: string | number;
};

export type CreateMitigationRuleInput = {
  actionType: string;
  enabled?: boolean | null | undefined;
  /** Attack family for a FAMILY trigger */
  family?: string | null | undefined;
  minSeverity?: Severity | null | undefined;
  name: string;
  /** Only this node; omit for every node of the workspace */
  nodeId?: string | number | null | undefined;
  /** May name $TARGET_ADDRESS, $TOP_SOURCES, $AMPLIFIER_PORT, $PROTOCOL */
  params: unknown;
  permanent?: boolean | null | undefined;
  trigger: MitigationRuleTrigger;
  ttlSeconds: number;
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

export type DeleteAlertChannelInput = {
  channelId: string | number;
};

export type DeleteEscalationPolicyInput = {
  policyId: string | number;
};

export type DeleteIncidentUpdateInput = {
  updateId: string | number;
};

export type DeleteMaintenanceWindowInput = {
  windowId: string | number;
};

export type DeleteMitigationRuleInput = {
  ruleId: string | number;
};

export type DeleteNodeInput = {
  nodeId: string | number;
};

export type DeleteStatusPageNoticeInput = {
  noticeId: string | number;
};

/** ELEVATED: a metric above DETECTION_ELEVATED_FRACTION (default 0.5) of its threshold */
export type DetectionState =
  | 'ATTACK'
  | 'ELEVATED'
  | 'NORMAL';

export type EditIncidentUpdateInput = {
  /** Plain text, trimmed, 1 to 2000 characters */
  message: string;
  status: IncidentUpdateStatus;
  updateId: string | number;
};

export type EscalationNodeLabelInput = {
  key: string;
  value: string;
};

export type EscalationStepInput = {
  channelIds: Array<string | number>;
  delaySeconds: number;
};

export type FragmentType =
  | 'DONT_FRAGMENT'
  | 'FIRST_FRAGMENT'
  | 'IS_FRAGMENT'
  | 'LAST_FRAGMENT';

export type IncidentEventKind =
  | 'OPENED'
  | 'RESOLVED'
  | 'UPDATED';

export type IncidentFilter = {
  /** Classified as one of these families (with unclassified: or not classified yet) */
  families?: Array<AttackFamily> | null | undefined;
  nodeId?: string | number | null | undefined;
  severities?: Array<Severity> | null | undefined;
  /** Started at or after */
  since?: string | null | undefined;
  status?: IncidentStatus | null | undefined;
  /** Not classified (yet) */
  unclassified?: boolean | null | undefined;
  /** Started before */
  until?: string | null | undefined;
};

export type IncidentStatus =
  | 'OPEN'
  | 'RESOLVED';

/** What an operator's incident update says of the attack's handling; the incident's resolution is the detector's (RESOLVED), not an update's */
export type IncidentUpdateStatus =
  /** The attack is understood (its vector, its target) */
  | 'IDENTIFIED'
  /** Looking into the attack */
  | 'INVESTIGATING'
  /** Filtering or scrubbing is under way */
  | 'MITIGATING'
  /** Traffic is back to normal; watching */
  | 'MONITORING';

export type InviteMemberInput = {
  email: string;
  role: Role;
  workspaceId: string | number;
};

export type LoginInput = {
  email: string;
  password: string;
};

/** What sends a workspace's e-mail (alert channels, invitations, status page subscribers' e-mails) */
export type MailRoute =
  /** Nothing: e-mail channels cannot be created or enabled */
  | 'NONE'
  /** The relay of its nearest MSP parent that has one */
  | 'PARENT'
  /** The server's SMTP_URL */
  | 'PLATFORM'
  /** Its own relay (mailServer) */
  | 'WORKSPACE';

export type MailSecurity =
  /** No encryption (port 25 on a trusted network); no password is allowed */
  | 'NONE'
  /** Plain connection upgraded with STARTTLS, which must succeed (port 587) */
  | 'STARTTLS'
  /** Implicit TLS from the first byte (port 465) */
  | 'TLS';

export type MitigationActionFilter = {
  incidentId?: string | number | null | undefined;
  nodeId?: string | number | null | undefined;
  states?: Array<MitigationActionState> | null | undefined;
};

export type MitigationActionState =
  | 'ACTIVE'
  | 'FAILED'
  | 'PENDING'
  | 'REFUSED'
  | 'UNDONE'
  | 'UNDO_PENDING';

export type MitigationEventKind =
  | 'ANNOUNCED'
  | 'FAILED'
  | 'WITHDRAWN';

export type MitigationIntentKind =
  | 'FLOWSPEC'
  | 'RTBH'
  | 'SCRUBBING';

export type MitigationLevel =
  | 'DISCARD'
  | 'RATE_LIMIT'
  | 'RTBH'
  | 'SCRUBBING';

export type MitigationOutcome =
  | 'ESCALATED'
  | 'MERGED'
  | 'QUEUED';

export type MitigationProviderInput = {
  baseUrl?: string | null | undefined;
  /** Write-only; omitted keeps the stored credentials */
  credentials?: unknown;
  kind: MitigationProviderKind;
  name: string;
  /** accountId / ipBlock / servers / url */
  settings: unknown;
};

export type MitigationProviderKind =
  | 'CLOUDFLARE'
  | 'HETZNER'
  | 'OVH'
  | 'WEBHOOK';

export type MitigationRuleState =
  | 'ANNOUNCED'
  | 'PENDING'
  | 'WITHDRAWN';

export type MitigationRuleTrigger =
  | 'FAMILY'
  | 'MANUAL'
  | 'SEVERITY'
  | 'THRESHOLD';

export type MitigationTrigger =
  | 'FAMILY'
  | 'MANUAL'
  | 'SEVERITY'
  | 'THRESHOLD';

export type NodeEventKind =
  | 'CREATED'
  | 'DELETED'
  | 'ENROLLED'
  | 'STATUS_CHANGED'
  | 'UPDATED';

export type NodeLabelInput = {
  key: string;
  value: string;
};

/** Agent connectivity: PENDING until the agent first reports */
export type NodeStatus =
  | 'OFFLINE'
  | 'ONLINE'
  | 'PENDING';

export type PortRangeInput = {
  from: number;
  to: number;
};

export type PostIncidentUpdateInput = {
  incidentId: string | number;
  /** Plain text, trimmed, 1 to 2000 characters */
  message: string;
  /** E-mail it to the status page's confirmed subscribers (only when the page lists the incident); default true */
  notify?: boolean | null | undefined;
  status: IncidentUpdateStatus;
};

export type PreviewMitigationInput = {
  actionType: string;
  /** Without incidentId: fill incident variables with documentation values (as rules are checked on save) */
  exampleIncident?: boolean | null | undefined;
  /** Fills incident variables */
  incidentId?: string | number | null | undefined;
  nodeId: string | number;
  /** May name $TARGET_ADDRESS, $TOP_SOURCES, $AMPLIFIER_PORT, $PROTOCOL */
  params: unknown;
};

export type PublicIncidentUpdateKind =
  /** The attack was detected: the incident started */
  | 'DETECTED'
  /** The attack ended: the incident was resolved */
  | 'RESOLVED'
  /** An update the operator wrote (status and message) */
  | 'UPDATE';

export type RemoveCustomDomainInput = {
  customDomainId: string | number;
};

export type RemoveMemberInput = {
  membershipId: string | number;
};

export type RemoveStatusPageSubscriberInput = {
  subscriberId: string | number;
};

export type RenewStatusPageFeedTokenInput = {
  workspaceId: string | number;
};

export type RequestPasswordResetInput = {
  email: string;
};

export type ResetPasswordInput = {
  /** The new password: same rules as at sign-up */
  password: string;
  /** The token of the mailed link */
  token: string;
};

export type RevokeApiKeyInput = {
  apiKeyId: string | number;
};

export type Role =
  | 'ADMIN'
  | 'ANALYST'
  | 'OWNER'
  | 'READONLY';

export type RunMitigationInput = {
  actionType: string;
  /** Fills incident variables; the action is undone when it resolves */
  incidentId?: string | number | null | undefined;
  nodeId: string | number;
  /** May name $TARGET_ADDRESS, $TOP_SOURCES, $AMPLIFIER_PORT, $PROTOCOL */
  params: unknown;
  /** Kept without TTL and through the dead-man switch */
  permanent?: boolean | null | undefined;
  /** 10 s – 30 days; the agent removes it then, API or not */
  ttlSeconds: number;
};

export type SetMitigationSafelistInput = {
  prefixes: Array<string>;
  workspaceId: string | number;
};

export type SetNodeThresholdsInput = {
  /** 1.5–20; threshold = multiplier × p99 (above 10 needs ADMIN or OWNER) */
  multiplier?: number | null | undefined;
  nodeId: string | number;
  overrides?: Array<ThresholdOverrideInput> | null | undefined;
};

export type SetWorkspaceDetectionMultiplierInput = {
  /** 1.5–20, set on every node of the workspace and on the nodes created after (defaultDetectionMultiplier). Above 10 without detection:override (ADMIN or OWNER; no API key may hold it) the whole call is refused if it would raise any node */
  multiplier: number;
  workspaceId: string | number;
};

export type SetWorkspaceMailServerInput = {
  /** Sender address, e.g. alerts@example.com */
  fromAddress: string;
  /** Host name or IP address, checked as alert channel URLs are */
  host: string;
  /** Left out: the stored one is kept (for the same username). Null or empty: none */
  password?: string | null | undefined;
  port: number;
  security: MailSecurity;
  username?: string | null | undefined;
  workspaceId: string | number;
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

export type StatusBanner =
  | 'DEGRADED'
  | 'OFFLINE'
  | 'OPERATIONAL'
  | 'UNDER_ATTACK';

export type StatusPageNodeInput = {
  displayName: string;
  nodeId: string | number;
};

export type StatusPillState =
  | 'ELEVATED'
  | 'OFFLINE'
  | 'OPERATIONAL'
  | 'UNDER_ATTACK';

export type SubscribeToStatusPageInput = {
  /** The proof unlockStatusPage gave, for a password-protected page (without it: NOT_FOUND) */
  access?: string | null | undefined;
  email: string;
  /** Only updates about these nodes, named as the page shows them (PublicStatusNode.name; at most 100), and the page-wide maintenance notices. Absent or empty: every update of the page. An address already subscribed is sent a link to confirm the new choice; until then it gets what it got */
  nodes?: Array<string> | null | undefined;
  /** The status page's slug (/s/<slug>) */
  slug: string;
};

export type TcpFlag =
  | 'ACK'
  | 'CWR'
  | 'ECE'
  | 'FIN'
  | 'PSH'
  | 'RST'
  | 'SYN'
  | 'URG';

export type TestAlertChannelInput = {
  channelId: string | number;
};

export type ThresholdOverrideInput = {
  metric: TrafficMetric;
  /** null removes the override (back to learned); above 10 × the floor needs ADMIN or OWNER */
  threshold?: number | null | undefined;
};

/** Inbound packets/s, bits/s, packets/s per protocol, TCP sockets: SYN_RECV (half-open), TCP_ESTABLISHED, TCP_SOCKETS (any state), and SYN_COOKIES: SYN cookies sent/s (the kernel answering SYNs with cookies while a listener's SYN backlog is full; no seasonal p99, the hourly rollups keep none) */
export type TrafficMetric =
  | 'BPS'
  | 'ICMP_PPS'
  | 'PPS'
  | 'SYN_COOKIES'
  | 'SYN_RECV'
  | 'TCP_ESTABLISHED'
  | 'TCP_PPS'
  | 'TCP_SOCKETS'
  | 'UDP_PPS';

/** AUTO: raw seconds up to 2 h, minute rollups up to 3 days, hourly beyond */
export type TrafficResolution =
  | 'AUTO'
  | 'HOUR'
  | 'MINUTE'
  | 'SECOND';

export type UndoMitigationInput = {
  actionId: string | number;
};

export type UnlockStatusPageInput = {
  /** The page's access password, as its owner gave it */
  password: string;
  /** The status page's slug (/s/<slug>) */
  slug: string;
};

export type UnsubscribeFromStatusPageInput = {
  /** From the link in the e-mail */
  token: string;
};

export type UpdateAlertChannelInput = {
  channelId: string | number;
  enabled?: boolean | null | undefined;
  name?: string | null | undefined;
  settings?: AlertChannelSettingsInput | null | undefined;
  sharedWithCustomers?: boolean | null | undefined;
};

/** Every field but policyId: left out or null keeps its value; the policy as it would be saved is checked again */
export type UpdateEscalationPolicyInput = {
  /** Empty list: any family */
  families?: Array<string> | null | undefined;
  name?: string | null | undefined;
  /** Empty list: any node */
  nodeLabels?: Array<EscalationNodeLabelInput> | null | undefined;
  policyId: string | number;
  /** Lower first; the first matching policy routes */
  position?: number | null | undefined;
  /** Extra rounds of all steps (0–10) */
  repeat?: number | null | undefined;
  repeatAfterSeconds?: number | null | undefined;
  /** Empty list: any severity */
  severities?: Array<string> | null | undefined;
  /** Shared, its steps may only name shared channels */
  sharedWithCustomers?: boolean | null | undefined;
  /** Replaces every step; incidents already escalating keep their plan */
  steps?: Array<EscalationStepInput> | null | undefined;
};

/** Every field but windowId and nodeId: left out or null keeps its value; the window as it would be saved is checked again */
export type UpdateMaintenanceWindowInput = {
  /** Now ends a one-off window under way; a weekly window's sets every occurrence's length */
  endsAt?: string | null | undefined;
  name?: string | null | undefined;
  /** Only this node; null: the whole workspace; left out: unchanged */
  nodeId?: string | number | null | undefined;
  startsAt?: string | null | undefined;
  /** IANA zone of the weekly recurrence (startsAt stays the same instant) */
  timeZone?: string | null | undefined;
  weekly?: boolean | null | undefined;
  windowId: string | number;
};

export type UpdateMitigationRuleInput = {
  actionType?: string | null | undefined;
  enabled?: boolean | null | undefined;
  family?: string | null | undefined;
  minSeverity?: Severity | null | undefined;
  name?: string | null | undefined;
  params?: unknown;
  permanent?: boolean | null | undefined;
  ruleId: string | number;
  trigger?: MitigationRuleTrigger | null | undefined;
  ttlSeconds?: number | null | undefined;
};

export type UpdateNetworkMitigationInput = {
  announcementsPerMinute?: number | null | undefined;
  maxActiveRules?: number | null | undefined;
  /** Escalation policy (steps, maxLevel, rateLimitBytesPerSecond, ttlSeconds) */
  policy?: unknown;
  /** Declared prefixes (replaces the list); verified against the operator's allow-list */
  prefixes?: Array<string> | null | undefined;
  providers?: Array<MitigationProviderInput> | null | undefined;
  safelist?: Array<string> | null | undefined;
  speakers?: Array<BgpSpeakerInput> | null | undefined;
  workspaceId: string | number;
};

export type UpdateNodeInput = {
  /** "auto" or a Linux interface name: the agent switches its sampling and capture to it on its next heartbeat (refused while the agent pins its own, see MonitoredNode.interfacePinned) */
  interface?: string | null | undefined;
  /** Replaces all labels */
  labels?: Array<NodeLabelInput> | null | undefined;
  name?: string | null | undefined;
  nodeId: string | number;
  /** IPv4/IPv6 addresses or CIDR prefixes; replaces the list */
  ownedPrefixes?: Array<string> | null | undefined;
};

export type UpdateProfileInput = {
  /** The display name others see (members, invitations, updates): 1–100 characters (as at sign-up) */
  name: string;
};

export type UpdateStatusPageInput = {
  /** A new access password (8–256 characters; visitors who entered the old one must enter the new one); null: no password; absent: unchanged. Needs LEVEE_SECRET_KEY */
  accessPassword?: string | null | undefined;
  /** Visitors may subscribe by e-mail to the page's updates; absent: unchanged */
  allowSubscriptions?: boolean | null | undefined;
  description?: string | null | undefined;
  enabled: boolean;
  /** Listed nodes, in display order */
  nodes: Array<StatusPageNodeInput>;
  public: boolean;
  title: string;
  workspaceId: string | number;
};

export type UpdateWorkspaceBrandingInput = {
  branding: BrandingInput;
  workspaceId: string | number;
};

export type UpdateWorkspaceInput = {
  /** Days packet captures are kept, 1–365 (existing captures follow) */
  evidenceRetentionDays?: number | null | undefined;
  name?: string | null | undefined;
  /** IANA time zone such as Europe/Berlin (or UTC) of the seasonal baselines' hour of the week; nodes follow it from their next hour */
  timeZone?: string | null | undefined;
  workspaceId: string | number;
};

export type UploadWorkspaceLogoInput = {
  workspaceId: string | number;
};

export type VerifyCustomDomainInput = {
  customDomainId: string | number;
};

export type WithdrawMitigationInput = {
  ruleId: string | number;
};

export type AlertRoutingQueryVariables = Exact<{
  slug: string;
}>;


export type AlertRoutingQuery = { workspace: { id: string, escalationPolicies: Array<{ id: string, name: string, position: number, sharedWithCustomers: boolean, severities: Array<string>, families: Array<string>, repeat: number, repeatAfterSeconds: number, nodeLabels: Array<{ key: string, value: string }>, steps: Array<{ channelIds: Array<string>, delaySeconds: number }> }>, maintenanceWindows: Array<{ id: string, name: string, nodeId: string | null, startsAt: string, endsAt: string, weekly: boolean, timeZone: string }> } };

export type CreateEscalationPolicyMutationVariables = Exact<{
  input: CreateEscalationPolicyInput;
}>;


export type CreateEscalationPolicyMutation = { createEscalationPolicy:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'EscalationPolicyPayload', policy: { id: string, name: string } }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type DeleteEscalationPolicyMutationVariables = Exact<{
  input: DeleteEscalationPolicyInput;
}>;


export type DeleteEscalationPolicyMutation = { deleteEscalationPolicy:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type CreateMaintenanceWindowMutationVariables = Exact<{
  input: CreateMaintenanceWindowInput;
}>;


export type CreateMaintenanceWindowMutation = { createMaintenanceWindow:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'MaintenanceWindowPayload', window: { id: string, name: string } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type DeleteMaintenanceWindowMutationVariables = Exact<{
  input: DeleteMaintenanceWindowInput;
}>;


export type DeleteMaintenanceWindowMutation = { deleteMaintenanceWindow:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type UpdateEscalationPolicyMutationVariables = Exact<{
  input: UpdateEscalationPolicyInput;
}>;


export type UpdateEscalationPolicyMutation = { updateEscalationPolicy:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'EscalationPolicyPayload', policy: { id: string, name: string } }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type UpdateMaintenanceWindowMutationVariables = Exact<{
  input: UpdateMaintenanceWindowInput;
}>;


export type UpdateMaintenanceWindowMutation = { updateMaintenanceWindow:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'MaintenanceWindowPayload', window: { id: string, name: string, endsAt: string } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type IncidentAlertDeliveriesQueryVariables = Exact<{
  id: string | number;
}>;


export type IncidentAlertDeliveriesQuery = { node:
    | { __typename: 'AlertChannel' }
    | { __typename: 'ApiKey' }
    | { __typename: 'CustomDomain' }
    | { __typename: 'Incident', id: string, alertDeliveries: Array<{ id: string, channelName: string, channelKind: AlertChannelKind, event: string, step: number, status: string, attempts: number, dueAt: string, sentAt: string | null, lastError: string | null, log: Array<{ at: string, attempt: number, outcome: string, httpStatus: number | null, latencyMs: number, error: string | null }> }> }
    | { __typename: 'Membership' }
    | { __typename: 'MitigationAction' }
    | { __typename: 'MitigationRule' }
    | { __typename: 'MonitoredNode' }
    | { __typename: 'NetworkMitigationRule' }
    | { __typename: 'User' }
    | { __typename: 'Workspace' }
   | null };

export type AlertsPageQueryVariables = Exact<{
  slug: string;
}>;


export type AlertsPageQuery = { workspace: { id: string, viewerRole: Role | null, mailRoute: MailRoute, alertChannels: Array<{ id: string, name: string, kind: AlertChannelKind, enabled: boolean, sharedWithCustomers: boolean, settings: unknown, callbackUrl: string | null, secrets: Array<{ field: string, hint: string }> }>, mailServer: { host: string, port: number, security: MailSecurity, username: string | null, passwordSet: boolean, fromAddress: string } | null } };

export type SetWorkspaceMailServerMutationVariables = Exact<{
  input: SetWorkspaceMailServerInput;
}>;


export type SetWorkspaceMailServerMutation = { setWorkspaceMailServer:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
    | { __typename: 'WorkspaceMailServerPayload', workspace: { id: string, mailRoute: MailRoute } }
   };

export type ClearWorkspaceMailServerMutationVariables = Exact<{
  input: ClearWorkspaceMailServerInput;
}>;


export type ClearWorkspaceMailServerMutation = { clearWorkspaceMailServer:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
    | { __typename: 'WorkspaceMailServerPayload', workspace: { id: string, mailRoute: MailRoute } }
   };

export type CreateAlertChannelMutationVariables = Exact<{
  input: CreateAlertChannelInput;
}>;


export type CreateAlertChannelMutation = { createAlertChannel:
    | { __typename: 'AlertChannelPayload', channel: { id: string, name: string } }
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type UpdateAlertChannelMutationVariables = Exact<{
  input: UpdateAlertChannelInput;
}>;


export type UpdateAlertChannelMutation = { updateAlertChannel:
    | { __typename: 'AlertChannelPayload', channel: { id: string, name: string, enabled: boolean } }
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type DeleteAlertChannelMutationVariables = Exact<{
  input: DeleteAlertChannelInput;
}>;


export type DeleteAlertChannelMutation = { deleteAlertChannel:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'DeleteAlertChannelPayload', deletedChannelId: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type TestAlertChannelMutationVariables = Exact<{
  input: TestAlertChannelInput;
}>;


export type TestAlertChannelMutation = { testAlertChannel:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'TestAlertChannelPayload', ok: boolean, httpStatus: number | null, latencyMs: number, error: string | null, title: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type RecentDeliveriesQueryVariables = Exact<{
  workspaceId: string | number;
}>;


export type RecentDeliveriesQuery = { incidents: { edges: Array<{ node: { id: string, startedAt: string, status: IncidentStatus, node: { name: string }, alertDeliveries: Array<{ id: string, channelName: string, channelKind: AlertChannelKind, event: string, step: number, status: string, attempts: number, dueAt: string, sentAt: string | null, lastError: string | null, log: Array<{ at: string, attempt: number, outcome: string, httpStatus: number | null, latencyMs: number, error: string | null }> }> } }> } };

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

export type UploadWorkspaceLogoMutationVariables = Exact<{
  input: UploadWorkspaceLogoInput;
  file: File;
}>;


export type UploadWorkspaceLogoMutation = { uploadWorkspaceLogo:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
    | { __typename: 'WorkspacePayload', workspace: { id: string, branding: { logo: string } } }
   };

export type BrandingLogoQueryVariables = Exact<{
  sha256: string;
}>;


export type BrandingLogoQuery = { brandingLogo: { contentType: string, base64: string } | null };

export type IncidentsQueryVariables = Exact<{
  workspaceId: string | number;
  filter?: IncidentFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type IncidentsQuery = { incidents: { edges: Array<{ node: { id: string, status: IncidentStatus, severity: Severity, startedAt: string, endedAt: string | null, durationSeconds: number, peakPps: number, peakBps: number, triggerMetrics: Array<TrafficMetric>, triggerPeaks: Array<{ metric: TrafficMetric, peak: number, thresholdAtPeak: number }>, node: { id: string, name: string }, classification: { family: AttackFamily | null, confidence: number, spoofed: boolean, botnet: boolean } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type IncidentTrafficQueryVariables = Exact<{
  nodeId: string | number;
  from: string;
}>;


export type IncidentTrafficQuery = { node:
    | { id: string, traffic: { points: Array<{ ts: string, rxPps: number, rxBps: number }> } }
    | Record<PropertyKey, never>
   | null };

export type IncidentDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type IncidentDetailQuery = { node:
    | { __typename: 'AlertChannel' }
    | { __typename: 'ApiKey' }
    | { __typename: 'CustomDomain' }
    | { __typename: 'Incident', id: string, status: IncidentStatus, severity: Severity, startedAt: string, endedAt: string | null, lastAttackAt: string, durationSeconds: number, peakPps: number, peakBps: number, triggerMetrics: Array<TrafficMetric>, thresholds: unknown, acknowledgedAt: string | null, acknowledgedBy: string | null, statusPagePath: string | null, triggerPeaks: Array<{ metric: TrafficMetric, peak: number, thresholdAtPeak: number }>, workspace: { id: string, slug: string, viewerRole: Role | null }, node: { id: string, name: string }, attack: { nodeCount: number }, publicUpdates: Array<{ id: string, status: IncidentUpdateStatus, message: string, createdAt: string, editedAt: string | null, authorName: string | null }>, timeline: Array<{ ts: string, rxPps: number, rxBps: number }>, classification: { family: AttackFamily | null, detail: string | null, confidence: number, summary: string, evidence: Array<string>, spoofed: boolean, spoofingScore: number, botnet: boolean, distinctSources: number, packetsPerSecond: number, bitsPerSecond: number, vectors: Array<{ family: AttackFamily, detail: string | null, confidence: number, packetsShare: number }>, topSources: Array<{ ip: string, country: string | null, asn: number | null, asOrg: string | null, knownBad: boolean, packets: number, share: number, lists: Array<{ list: string, category: string }> }> } | null, pcap: { sizeBytes: number, packets: number, preBufferPackets: number, downloadUrl: string, expiresAt: string, sha256: string } | null }
    | { __typename: 'Membership' }
    | { __typename: 'MitigationAction' }
    | { __typename: 'MitigationRule' }
    | { __typename: 'MonitoredNode' }
    | { __typename: 'NetworkMitigationRule' }
    | { __typename: 'User' }
    | { __typename: 'Workspace' }
   | null };

export type AcknowledgeIncidentMutationVariables = Exact<{
  input: AcknowledgeIncidentInput;
}>;


export type AcknowledgeIncidentMutation = { acknowledgeIncident:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'IncidentPayload', incident: { id: string, acknowledgedAt: string | null } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type IncidentEventsSubscriptionVariables = Exact<{
  workspaceId: string | number;
}>;


export type IncidentEventsSubscription = { incidentEvents: { kind: IncidentEventKind, incidentId: string, nodeId: string, at: string } };

export type PostIncidentUpdateMutationVariables = Exact<{
  input: PostIncidentUpdateInput;
}>;


export type PostIncidentUpdateMutation = { postIncidentUpdate:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'IncidentUpdatePayload', update: { id: string } | null }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type EditIncidentUpdateMutationVariables = Exact<{
  input: EditIncidentUpdateInput;
}>;


export type EditIncidentUpdateMutation = { editIncidentUpdate:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'IncidentUpdatePayload', update: { id: string, editedAt: string | null } | null }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type DeleteIncidentUpdateMutationVariables = Exact<{
  input: DeleteIncidentUpdateInput;
}>;


export type DeleteIncidentUpdateMutation = { deleteIncidentUpdate:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'IncidentUpdatePayload', incident: { id: string } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type MitigationPageQueryVariables = Exact<{
  slug: string;
}>;


export type MitigationPageQuery = { workspace: { id: string, viewerRole: Role | null }, mitigationActionTypes: Array<{ type: string, backend: string, title: string, example: unknown }> };

export type MitigationRulesQueryVariables = Exact<{
  workspaceId: string | number;
}>;


export type MitigationRulesQuery = { mitigationRules: Array<{ id: string, name: string, nodeId: string | null, actionType: string, params: unknown, trigger: MitigationTrigger, minSeverity: Severity | null, family: string | null, ttlSeconds: number, permanent: boolean, enabled: boolean, createdAt: string }> };

export type MitigationActionsQueryVariables = Exact<{
  workspaceId: string | number;
  filter?: MitigationActionFilter | null | undefined;
}>;


export type MitigationActionsQuery = { mitigationActions: Array<{ id: string, actionType: string, params: unknown, state: MitigationActionState, permanent: boolean, expiresAt: string | null, warnings: Array<string>, packets: number | null, bytes: number | null, message: string | null, createdAt: string, appliedAt: string | null, undoneAt: string | null, nodeId: string, incidentId: string | null, ruleId: string | null, events: Array<{ kind: string, at: string, packets: number | null, bytes: number | null, message: string | null, commands: Array<{ argv: Array<string>, exitCode: number | null, stderr: string }> }> }> };

export type PreviewMitigationQueryVariables = Exact<{
  input: PreviewMitigationInput;
}>;


export type PreviewMitigationQuery = { previewMitigation: { valid: boolean, issues: Array<string>, refused: Array<string>, warnings: Array<string>, params: unknown, apply: Array<{ argv: Array<string> }>, undo: Array<{ argv: Array<string> }> } };

export type IncidentMitigationQueryVariables = Exact<{
  id: string | number;
}>;


export type IncidentMitigationQuery = { node:
    | { __typename: 'AlertChannel' }
    | { __typename: 'ApiKey' }
    | { __typename: 'CustomDomain' }
    | { __typename: 'Incident', id: string, mitigationTimeline: Array<{ kind: string, at: string, actionId: string, packets: number | null, bytes: number | null, message: string | null, commands: Array<{ argv: Array<string>, exitCode: number | null, stderr: string }> }> }
    | { __typename: 'Membership' }
    | { __typename: 'MitigationAction' }
    | { __typename: 'MitigationRule' }
    | { __typename: 'MonitoredNode' }
    | { __typename: 'NetworkMitigationRule' }
    | { __typename: 'User' }
    | { __typename: 'Workspace' }
   | null };

export type CreateMitigationRuleMutationVariables = Exact<{
  input: CreateMitigationRuleInput;
}>;


export type CreateMitigationRuleMutation = { createMitigationRule:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'MitigationRulePayload', rule: { id: string } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type UpdateMitigationRuleMutationVariables = Exact<{
  input: UpdateMitigationRuleInput;
}>;


export type UpdateMitigationRuleMutation = { updateMitigationRule:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'MitigationRulePayload', rule: { id: string } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type DeleteMitigationRuleMutationVariables = Exact<{
  input: DeleteMitigationRuleInput;
}>;


export type DeleteMitigationRuleMutation = { deleteMitigationRule:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'DeleteMitigationRulePayload', deletedRuleId: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type RunMitigationMutationVariables = Exact<{
  input: RunMitigationInput;
}>;


export type RunMitigationMutation = { runMitigation:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'MitigationActionPayload', action: { id: string } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type UndoMitigationMutationVariables = Exact<{
  input: UndoMitigationInput;
}>;


export type UndoMitigationMutation = { undoMitigation:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'MitigationActionPayload', action: { id: string } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type MitigationEventsSubscriptionVariables = Exact<{
  workspaceId: string | number;
}>;


export type MitigationEventsSubscription = { mitigationEvents: { kind: string, at: string, nodeId: string, incidentId: string | null } };

export type MitigationSafelistQueryVariables = Exact<{
  workspaceId: string | number;
}>;


export type MitigationSafelistQuery = { mitigationSafelist: Array<string> };

export type SetMitigationSafelistMutationVariables = Exact<{
  input: SetMitigationSafelistInput;
}>;


export type SetMitigationSafelistMutation = { setMitigationSafelist:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'MitigationSafelistPayload', prefixes: Array<string> }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type NetworkMitigationPageQueryVariables = Exact<{
  slug: string;
}>;


export type NetworkMitigationPageQuery = { workspace: { id: string, viewerRole: Role | null } };

export type NetworkMitigationStateQueryVariables = Exact<{
  workspaceId: string | number;
}>;


export type NetworkMitigationStateQuery = { networkMitigation: { configured: boolean, policy: unknown, safelist: Array<string>, maxActiveRules: number | null, announcementsPerMinute: number | null, speakers: Array<{ name: string, kind: BgpSpeakerKind, endpoint: string, control: string | null, tls: { caFingerprint: string, caSubject: string, caNotAfter: string, serverName: string | null } | null }>, providers: Array<{ name: string, kind: MitigationProviderKind, settings: unknown, baseUrl: string | null, hasCredentials: boolean }>, prefixes: Array<{ prefix: string, verified: boolean, note: string }>, rules: Array<{ id: string, level: MitigationLevel, state: MitigationRuleState, rule: string, manual: boolean, incidentIds: Array<string>, createdAt: string, announcedAt: string | null, expiresAt: string, withdrawnAt: string | null, withdrawReason: string | null, lastError: string | null }> } };

export type NetworkMitigationLogQueryVariables = Exact<{
  workspaceId: string | number;
}>;


export type NetworkMitigationLogQuery = { announced: { edges: Array<{ node: { id: string, action: string, createdAt: string, summary: unknown, targetId: string | null } }> }, withdrawn: { edges: Array<{ node: { id: string, action: string, createdAt: string, summary: unknown, targetId: string | null } }> } };

export type UpdateNetworkMitigationMutationVariables = Exact<{
  input: UpdateNetworkMitigationInput;
}>;


export type UpdateNetworkMitigationMutation = { updateNetworkMitigation:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'UpdateNetworkMitigationPayload', networkMitigation: { configured: boolean } }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type AnnounceMitigationMutationVariables = Exact<{
  input: AnnounceMitigationInput;
}>;


export type AnnounceMitigationMutation = { announceMitigation:
    | { __typename: 'AnnounceMitigationPayload', outcome: MitigationOutcome, failures: Array<string>, rule: { id: string, state: MitigationRuleState, rule: string } }
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type WithdrawMitigationMutationVariables = Exact<{
  input: WithdrawMitigationInput;
}>;


export type WithdrawMitigationMutation = { withdrawMitigation:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
    | { __typename: 'WithdrawMitigationPayload', failures: Array<string>, rule: { id: string, state: MitigationRuleState } }
   };

export type NetworkMitigationEventsSubscriptionVariables = Exact<{
  workspaceId: string | number;
}>;


export type NetworkMitigationEventsSubscription = { networkMitigationEvents: { kind: MitigationEventKind, ruleId: string, target: string, detail: string, at: string } };

export type NodesQueryVariables = Exact<{
  slug: string;
  after?: string | null | undefined;
  search?: string | null | undefined;
}>;


export type NodesQuery = { workspace: { id: string, nodeCounts: { total: number }, nodes: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, hostname: string | null, status: NodeStatus, lastSeenAt: string | null, agentVersion: string | null, detection: { state: DetectionState }, baseline: { learning: boolean } | null } }> } } };

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
    | { __typename: 'MonitoredNode', id: string, name: string, ownedPrefixes: Array<string>, hostname: string | null, interface: string, sampledInterface: string | null, interfaceProblem: string | null, interfacePinned: boolean, status: NodeStatus, lastSeenAt: string | null, agentVersion: string | null, enrolled: boolean, detectionMultiplier: number, labels: Array<{ key: string, value: string }>, workspace: { id: string, slug: string, viewerRole: Role | null, timeZone: string }, detection: { state: DetectionState, incidentId: string | null, thresholds: Array<{ metric: TrafficMetric, threshold: number, elevatedAt: number, source: BaselineSource }> }, baselines: Array<{ metric: TrafficMetric, avg: number, p95: number, p99: number, seasonalP99: number | null, samples: number, learning: boolean, threshold: number, source: BaselineSource, updatedAt: string | null }>, seasonalWeek: Array<{ hourOfWeek: number, p99: number | null }>, uptime: { uptimePercent: number | null, attackMinutes: number, days: Array<{ date: string, uptimePercent: number | null, onlineMinutes: number, expectedMinutes: number, attackMinutes: number }> } }
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
    | { id: string, traffic: { resolution: string, points: Array<{ ts: string, rxPps: number, rxBps: number, tcpPps: number, udpPps: number, icmpPps: number, otherPps: number, maxPps: number, maxBps: number, attackSeconds: number, synRecv: number | null, maxSynRecv: number | null, tcpEstablished: number | null, tcpTotal: number | null, syncookiesSent: number | null, maxSyncookiesSent: number | null, listenOverflows: number | null, maxListenOverflows: number | null }> } }
    | Record<PropertyKey, never>
   | null };

export type TrafficUpdatedSubscriptionVariables = Exact<{
  nodeId: string | number;
}>;


export type TrafficUpdatedSubscription = { trafficUpdated: { nodeId: string, ts: string, rxPps: number, rxBps: number, tcpPps: number, udpPps: number, icmpPps: number, otherPps: number, synRecv: number | null, tcpEstablished: number | null, tcpTotal: number | null, syncookiesSent: number | null, listenOverflows: number | null, detectionState: string } };

export type NodesTrafficUpdatedSubscriptionVariables = Exact<{
  nodeIds: Array<string | number> | string | number;
}>;


export type NodesTrafficUpdatedSubscription = { nodesTrafficUpdated: { nodeId: string, rxPps: number, detectionState: string } };

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

export type UpdateNodeMutationVariables = Exact<{
  input: UpdateNodeInput;
}>;


export type UpdateNodeMutation = { updateNode:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NodePayload', node: { id: string, name: string, interface: string, ownedPrefixes: Array<string>, labels: Array<{ key: string, value: string }> } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type DeleteNodeMutationVariables = Exact<{
  input: DeleteNodeInput;
}>;


export type DeleteNodeMutation = { deleteNode:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'DeleteNodePayload', deletedNodeId: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type NodePickerSearchQueryVariables = Exact<{
  workspaceId: string | number;
  search: string;
  first: number;
}>;


export type NodePickerSearchQuery = { node:
    | { id: string, nodes: { pageInfo: { hasNextPage: boolean }, edges: Array<{ node: { id: string, name: string, hostname: string | null } }> } }
    | Record<PropertyKey, never>
   | null };

export type NodeNamesByIdQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type NodeNamesByIdQuery = { nodes: Array<
    | { id: string, name: string }
    | Record<PropertyKey, never>
   | null> };

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

export type ChangePasswordMutationVariables = Exact<{
  input: ChangePasswordInput;
}>;


export type ChangePasswordMutation = { changePassword:
    | { __typename: 'AuthenticationError', code: string, message: string }
    | { __typename: 'ChangePasswordPayload', otherSessionsEnded: number, user: { id: string } }
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type AcceptInvitationMutationVariables = Exact<{
  input: AcceptInvitationInput;
}>;


export type AcceptInvitationMutation = { acceptInvitation:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'MembershipPayload', membership: { id: string, role: Role, workspace: { id: string, slug: string, name: string } } }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type UpdateProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateProfileMutation = { updateProfile:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'UpdateProfilePayload', user: { id: string, name: string } }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type RequestPasswordResetMutationVariables = Exact<{
  input: RequestPasswordResetInput;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'RateLimitedError', code: string, message: string }
    | { __typename: 'RequestPasswordResetPayload', accepted: boolean }
    | { __typename: 'UnavailableError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type ResetPasswordMutationVariables = Exact<{
  input: ResetPasswordInput;
}>;


export type ResetPasswordMutation = { resetPassword:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ResetPasswordPayload', sessionsEnded: number }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

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
  withInvitations: boolean;
}>;


export type MembersQuery = { me: { id: string } | null, workspace: { id: string, viewerRole: Role | null, members: { edges: Array<{ node: { id: string, role: Role, createdAt: string, user: { id: string, name: string, email: string } } }> }, pendingInvitations?: Array<{ id: string, email: string, role: Role, expiresAt: string }> } };

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

export type PublicStatusPageQueryVariables = Exact<{
  slug: string;
  access?: string | null | undefined;
  feedToken?: string | null | undefined;
}>;


export type PublicStatusPageQuery = { statusPage: { slug: string, title: string, description: string, subscribable: boolean, passwordProtected: boolean, banner: StatusBanner, generatedAt: string, nodes: Array<{ name: string, state: StatusPillState, uptimePercent: number | null, days: Array<{ day: string, uptimePercent: number | null, incidents: number }> }>, notices: Array<{ startsAt: string, endsAt: string, message: string, active: boolean, postedAt: string }>, incidents: Array<{ ref: string, nodeName: string, family: AttackFamily | null, peakPps: number | null, peakBps: number | null, startedAt: string, endedAt: string | null, durationSeconds: number, updates: Array<{ kind: PublicIncidentUpdateKind, at: string, status: IncidentUpdateStatus | null, message: string | null, editedAt: string | null }> }> } | null, statusPageLock: { slug: string, title: string } | null };

export type PublicStatusIncidentQueryVariables = Exact<{
  slug: string;
  ref: string;
  access?: string | null | undefined;
}>;


export type PublicStatusIncidentQuery = { statusPageLock: { slug: string, title: string } | null, statusPageIncident: { slug: string, title: string, incident: { ref: string, nodeName: string, family: AttackFamily | null, peakPps: number | null, peakBps: number | null, startedAt: string, endedAt: string | null, durationSeconds: number }, updates: Array<{ kind: PublicIncidentUpdateKind, at: string, status: IncidentUpdateStatus | null, message: string | null, editedAt: string | null }> } | null };

export type UnlockStatusPageMutationVariables = Exact<{
  input: UnlockStatusPageInput;
}>;


export type UnlockStatusPageMutation = { unlockStatusPage:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'RateLimitedError', code: string, message: string }
    | { __typename: 'UnlockStatusPagePayload', access: string, expiresAt: string }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type StatusPageSettingsQueryVariables = Exact<{
  slug: string;
}>;


export type StatusPageSettingsQuery = { workspace: { id: string, slug: string, viewerRole: Role | null, statusPage: { enabled: boolean, public: boolean, title: string, description: string, path: string, passwordProtected: boolean, allowSubscriptions: boolean, subscriberCount: number, subscriptionMailAvailable: boolean, nodes: Array<{ nodeId: string, displayName: string, position: number }>, notices: Array<{ id: string, startsAt: string, endsAt: string, message: string }> } } };

export type UpdateStatusPageMutationVariables = Exact<{
  input: UpdateStatusPageInput;
}>;


export type UpdateStatusPageMutation = { updateStatusPage:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'StatusPagePayload', statusPage: { enabled: boolean, public: boolean, path: string } }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type AddStatusPageNoticeMutationVariables = Exact<{
  input: AddStatusPageNoticeInput;
}>;


export type AddStatusPageNoticeMutation = { addStatusPageNotice:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'StatusPagePayload', statusPage: { path: string } }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type DeleteStatusPageNoticeMutationVariables = Exact<{
  input: DeleteStatusPageNoticeInput;
}>;


export type DeleteStatusPageNoticeMutation = { deleteStatusPageNotice:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'StatusPagePayload', statusPage: { path: string } }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type StatusPageFeedTokenQueryVariables = Exact<{
  slug: string;
}>;


export type StatusPageFeedTokenQuery = { workspace: { statusPage: { feedToken: string | null } } };

export type RenewStatusPageFeedTokenMutationVariables = Exact<{
  input: RenewStatusPageFeedTokenInput;
}>;


export type RenewStatusPageFeedTokenMutation = { renewStatusPageFeedToken:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'StatusPagePayload', statusPage: { feedToken: string | null } }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type StatusPageSubscribersQueryVariables = Exact<{
  slug: string;
  after?: string | null | undefined;
}>;


export type StatusPageSubscribersQuery = { workspace: { statusPage: { subscribers: { endCursor: string | null, hasNextPage: boolean, nodes: Array<{ id: string, email: string, confirmed: boolean, createdAt: string, confirmedAt: string | null, wholePage: boolean, nodes: Array<string> }> } } } };

export type RemoveStatusPageSubscriberMutationVariables = Exact<{
  input: RemoveStatusPageSubscriberInput;
}>;


export type RemoveStatusPageSubscriberMutation = { removeStatusPageSubscriber:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'StatusPagePayload', statusPage: { subscriberCount: number } }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type SubscribeToStatusPageMutationVariables = Exact<{
  input: SubscribeToStatusPageInput;
}>;


export type SubscribeToStatusPageMutation = { subscribeToStatusPage:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'RateLimitedError', code: string, message: string }
    | { __typename: 'SubscribeToStatusPagePayload', accepted: boolean }
    | { __typename: 'UnavailableError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type ConfirmStatusPageSubscriptionMutationVariables = Exact<{
  input: ConfirmStatusPageSubscriptionInput;
}>;


export type ConfirmStatusPageSubscriptionMutation = { confirmStatusPageSubscription:
    | { __typename: 'ConfirmStatusPageSubscriptionPayload', slug: string }
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
   };

export type UnsubscribeFromStatusPageMutationVariables = Exact<{
  input: UnsubscribeFromStatusPageInput;
}>;


export type UnsubscribeFromStatusPageMutation = { unsubscribeFromStatusPage:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'UnsubscribeFromStatusPagePayload', unsubscribed: boolean }
    | { __typename: 'ValidationError', code: string, message: string }
   };

export type WorkspaceShellQueryVariables = Exact<{
  slug: string;
}>;


export type WorkspaceShellQuery = { me: { id: string, name: string, email: string } | null, workspace: { id: string, slug: string, name: string, viewerRole: Role | null, parent: { slug: string, name: string } | null, children: { edges: Array<{ node: { id: string } }> } }, workspaces: { edges: Array<{ node: { id: string, slug: string, name: string, parent: { id: string } | null } }> } };

export type NewWorkspaceParentsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type NewWorkspaceParentsQuery = { workspaces: { edges: Array<{ node: { id: string, name: string, viewerRole: Role | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CustomerWorkspacesQueryVariables = Exact<{
  slug: string;
  after?: string | null | undefined;
}>;


export type CustomerWorkspacesQuery = { workspace: { id: string, children: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, slug: string, name: string, nodeCounts: { total: number, online: number, offline: number, pending: number, elevated: number, underAttack: number } } }> } } };

export type CustomerNodesChangedSubscriptionVariables = Exact<{
  workspaceIds: Array<string | number> | string | number;
}>;


export type CustomerNodesChangedSubscription = { workspaceNodesChanged: { workspaceId: string, nodeId: string, at: string } };

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


export type WorkspaceSettingsQuery = { workspace: { id: string, name: string, slug: string, evidenceRetentionDays: number, timeZone: string, viewerRole: Role | null, defaultDetectionMultiplier: number, detectionMultipliers: Array<{ multiplier: number, nodeCount: number }> } };

export type UpdateWorkspaceMutationVariables = Exact<{
  input: UpdateWorkspaceInput;
}>;


export type UpdateWorkspaceMutation = { updateWorkspace:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
    | { __typename: 'WorkspacePayload', workspace: { id: string, name: string, evidenceRetentionDays: number, timeZone: string } }
   };

export type SetWorkspaceDetectionMultiplierMutationVariables = Exact<{
  input: SetWorkspaceDetectionMultiplierInput;
}>;


export type SetWorkspaceDetectionMultiplierMutation = { setWorkspaceDetectionMultiplier:
    | { __typename: 'ConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'NotFoundError', code: string, message: string }
    | { __typename: 'ValidationError', code: string, message: string, fieldErrors: Array<{ path: string, message: string }> }
    | { __typename: 'WorkspaceDetectionMultiplierPayload', nodesChanged: number }
   };

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
export const AlertRoutingDocument = new TypedDocumentString(`
    query AlertRouting($slug: String!) {
  workspace(slug: $slug) {
    id
    escalationPolicies {
      id
      name
      position
      sharedWithCustomers
      severities
      families
      nodeLabels {
        key
        value
      }
      steps {
        channelIds
        delaySeconds
      }
      repeat
      repeatAfterSeconds
    }
    maintenanceWindows {
      id
      name
      nodeId
      startsAt
      endsAt
      weekly
      timeZone
    }
  }
}
    `) as unknown as TypedDocumentString<AlertRoutingQuery, AlertRoutingQueryVariables>;
export const CreateEscalationPolicyDocument = new TypedDocumentString(`
    mutation CreateEscalationPolicy($input: CreateEscalationPolicyInput!) {
  createEscalationPolicy(input: $input) {
    __typename
    ... on EscalationPolicyPayload {
      policy {
        id
        name
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
    `) as unknown as TypedDocumentString<CreateEscalationPolicyMutation, CreateEscalationPolicyMutationVariables>;
export const DeleteEscalationPolicyDocument = new TypedDocumentString(`
    mutation DeleteEscalationPolicy($input: DeleteEscalationPolicyInput!) {
  deleteEscalationPolicy(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteEscalationPolicyMutation, DeleteEscalationPolicyMutationVariables>;
export const CreateMaintenanceWindowDocument = new TypedDocumentString(`
    mutation CreateMaintenanceWindow($input: CreateMaintenanceWindowInput!) {
  createMaintenanceWindow(input: $input) {
    __typename
    ... on MaintenanceWindowPayload {
      window {
        id
        name
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
    `) as unknown as TypedDocumentString<CreateMaintenanceWindowMutation, CreateMaintenanceWindowMutationVariables>;
export const DeleteMaintenanceWindowDocument = new TypedDocumentString(`
    mutation DeleteMaintenanceWindow($input: DeleteMaintenanceWindowInput!) {
  deleteMaintenanceWindow(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteMaintenanceWindowMutation, DeleteMaintenanceWindowMutationVariables>;
export const UpdateEscalationPolicyDocument = new TypedDocumentString(`
    mutation UpdateEscalationPolicy($input: UpdateEscalationPolicyInput!) {
  updateEscalationPolicy(input: $input) {
    __typename
    ... on EscalationPolicyPayload {
      policy {
        id
        name
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
    `) as unknown as TypedDocumentString<UpdateEscalationPolicyMutation, UpdateEscalationPolicyMutationVariables>;
export const UpdateMaintenanceWindowDocument = new TypedDocumentString(`
    mutation UpdateMaintenanceWindow($input: UpdateMaintenanceWindowInput!) {
  updateMaintenanceWindow(input: $input) {
    __typename
    ... on MaintenanceWindowPayload {
      window {
        id
        name
        endsAt
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
    `) as unknown as TypedDocumentString<UpdateMaintenanceWindowMutation, UpdateMaintenanceWindowMutationVariables>;
export const IncidentAlertDeliveriesDocument = new TypedDocumentString(`
    query IncidentAlertDeliveries($id: ID!) {
  node(id: $id) {
    __typename
    ... on Incident {
      id
      alertDeliveries {
        id
        channelName
        channelKind
        event
        step
        status
        attempts
        dueAt
        sentAt
        lastError
        log {
          at
          attempt
          outcome
          httpStatus
          latencyMs
          error
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<IncidentAlertDeliveriesQuery, IncidentAlertDeliveriesQueryVariables>;
export const AlertsPageDocument = new TypedDocumentString(`
    query AlertsPage($slug: String!) {
  workspace(slug: $slug) {
    id
    viewerRole
    alertChannels {
      id
      name
      kind
      enabled
      sharedWithCustomers
      settings
      secrets {
        field
        hint
      }
      callbackUrl
    }
    mailRoute
    mailServer {
      host
      port
      security
      username
      passwordSet
      fromAddress
    }
  }
}
    `) as unknown as TypedDocumentString<AlertsPageQuery, AlertsPageQueryVariables>;
export const SetWorkspaceMailServerDocument = new TypedDocumentString(`
    mutation SetWorkspaceMailServer($input: SetWorkspaceMailServerInput!) {
  setWorkspaceMailServer(input: $input) {
    __typename
    ... on WorkspaceMailServerPayload {
      workspace {
        id
        mailRoute
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
    `) as unknown as TypedDocumentString<SetWorkspaceMailServerMutation, SetWorkspaceMailServerMutationVariables>;
export const ClearWorkspaceMailServerDocument = new TypedDocumentString(`
    mutation ClearWorkspaceMailServer($input: ClearWorkspaceMailServerInput!) {
  clearWorkspaceMailServer(input: $input) {
    __typename
    ... on WorkspaceMailServerPayload {
      workspace {
        id
        mailRoute
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ClearWorkspaceMailServerMutation, ClearWorkspaceMailServerMutationVariables>;
export const CreateAlertChannelDocument = new TypedDocumentString(`
    mutation CreateAlertChannel($input: CreateAlertChannelInput!) {
  createAlertChannel(input: $input) {
    __typename
    ... on AlertChannelPayload {
      channel {
        id
        name
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
    `) as unknown as TypedDocumentString<CreateAlertChannelMutation, CreateAlertChannelMutationVariables>;
export const UpdateAlertChannelDocument = new TypedDocumentString(`
    mutation UpdateAlertChannel($input: UpdateAlertChannelInput!) {
  updateAlertChannel(input: $input) {
    __typename
    ... on AlertChannelPayload {
      channel {
        id
        name
        enabled
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
    `) as unknown as TypedDocumentString<UpdateAlertChannelMutation, UpdateAlertChannelMutationVariables>;
export const DeleteAlertChannelDocument = new TypedDocumentString(`
    mutation DeleteAlertChannel($input: DeleteAlertChannelInput!) {
  deleteAlertChannel(input: $input) {
    __typename
    ... on DeleteAlertChannelPayload {
      deletedChannelId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteAlertChannelMutation, DeleteAlertChannelMutationVariables>;
export const TestAlertChannelDocument = new TypedDocumentString(`
    mutation TestAlertChannel($input: TestAlertChannelInput!) {
  testAlertChannel(input: $input) {
    __typename
    ... on TestAlertChannelPayload {
      ok
      httpStatus
      latencyMs
      error
      title
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<TestAlertChannelMutation, TestAlertChannelMutationVariables>;
export const RecentDeliveriesDocument = new TypedDocumentString(`
    query RecentDeliveries($workspaceId: ID!) {
  incidents(workspaceId: $workspaceId, first: 25) {
    edges {
      node {
        id
        startedAt
        status
        node {
          name
        }
        alertDeliveries {
          id
          channelName
          channelKind
          event
          step
          status
          attempts
          dueAt
          sentAt
          lastError
          log {
            at
            attempt
            outcome
            httpStatus
            latencyMs
            error
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RecentDeliveriesQuery, RecentDeliveriesQueryVariables>;
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
export const UploadWorkspaceLogoDocument = new TypedDocumentString(`
    mutation UploadWorkspaceLogo($input: UploadWorkspaceLogoInput!, $file: File!) {
  uploadWorkspaceLogo(input: $input, file: $file) {
    __typename
    ... on WorkspacePayload {
      workspace {
        id
        branding {
          logo
        }
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
    `) as unknown as TypedDocumentString<UploadWorkspaceLogoMutation, UploadWorkspaceLogoMutationVariables>;
export const BrandingLogoDocument = new TypedDocumentString(`
    query BrandingLogo($sha256: String!) {
  brandingLogo(sha256: $sha256) {
    contentType
    base64
  }
}
    `) as unknown as TypedDocumentString<BrandingLogoQuery, BrandingLogoQueryVariables>;
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
        triggerPeaks {
          metric
          peak
          thresholdAtPeak
        }
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
export const IncidentTrafficDocument = new TypedDocumentString(`
    query IncidentTraffic($nodeId: ID!, $from: DateTime!) {
  node(id: $nodeId) {
    ... on MonitoredNode {
      id
      traffic(from: $from, resolution: SECOND) {
        points {
          ts
          rxPps
          rxBps
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<IncidentTrafficQuery, IncidentTrafficQueryVariables>;
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
      triggerPeaks {
        metric
        peak
        thresholdAtPeak
      }
      thresholds
      acknowledgedAt
      acknowledgedBy
      workspace {
        id
        slug
        viewerRole
      }
      node {
        id
        name
      }
      attack {
        nodeCount
      }
      statusPagePath
      publicUpdates {
        id
        status
        message
        createdAt
        editedAt
        authorName
      }
      timeline(maxPoints: 1000) {
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
export const AcknowledgeIncidentDocument = new TypedDocumentString(`
    mutation AcknowledgeIncident($input: AcknowledgeIncidentInput!) {
  acknowledgeIncident(input: $input) {
    __typename
    ... on IncidentPayload {
      incident {
        id
        acknowledgedAt
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AcknowledgeIncidentMutation, AcknowledgeIncidentMutationVariables>;
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
export const PostIncidentUpdateDocument = new TypedDocumentString(`
    mutation PostIncidentUpdate($input: PostIncidentUpdateInput!) {
  postIncidentUpdate(input: $input) {
    __typename
    ... on IncidentUpdatePayload {
      update {
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
    `) as unknown as TypedDocumentString<PostIncidentUpdateMutation, PostIncidentUpdateMutationVariables>;
export const EditIncidentUpdateDocument = new TypedDocumentString(`
    mutation EditIncidentUpdate($input: EditIncidentUpdateInput!) {
  editIncidentUpdate(input: $input) {
    __typename
    ... on IncidentUpdatePayload {
      update {
        id
        editedAt
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
    `) as unknown as TypedDocumentString<EditIncidentUpdateMutation, EditIncidentUpdateMutationVariables>;
export const DeleteIncidentUpdateDocument = new TypedDocumentString(`
    mutation DeleteIncidentUpdate($input: DeleteIncidentUpdateInput!) {
  deleteIncidentUpdate(input: $input) {
    __typename
    ... on IncidentUpdatePayload {
      incident {
        id
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteIncidentUpdateMutation, DeleteIncidentUpdateMutationVariables>;
export const MitigationPageDocument = new TypedDocumentString(`
    query MitigationPage($slug: String!) {
  workspace(slug: $slug) {
    id
    viewerRole
  }
  mitigationActionTypes {
    type
    backend
    title
    example
  }
}
    `) as unknown as TypedDocumentString<MitigationPageQuery, MitigationPageQueryVariables>;
export const MitigationRulesDocument = new TypedDocumentString(`
    query MitigationRules($workspaceId: ID!) {
  mitigationRules(workspaceId: $workspaceId) {
    id
    name
    nodeId
    actionType
    params
    trigger
    minSeverity
    family
    ttlSeconds
    permanent
    enabled
    createdAt
  }
}
    `) as unknown as TypedDocumentString<MitigationRulesQuery, MitigationRulesQueryVariables>;
export const MitigationActionsDocument = new TypedDocumentString(`
    query MitigationActions($workspaceId: ID!, $filter: MitigationActionFilter) {
  mitigationActions(workspaceId: $workspaceId, filter: $filter) {
    id
    actionType
    params
    state
    permanent
    expiresAt
    warnings
    packets
    bytes
    message
    createdAt
    appliedAt
    undoneAt
    nodeId
    incidentId
    ruleId
    events {
      kind
      at
      packets
      bytes
      message
      commands {
        argv
        exitCode
        stderr
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MitigationActionsQuery, MitigationActionsQueryVariables>;
export const PreviewMitigationDocument = new TypedDocumentString(`
    query PreviewMitigation($input: PreviewMitigationInput!) {
  previewMitigation(input: $input) {
    valid
    issues
    refused
    warnings
    params
    apply {
      argv
    }
    undo {
      argv
    }
  }
}
    `) as unknown as TypedDocumentString<PreviewMitigationQuery, PreviewMitigationQueryVariables>;
export const IncidentMitigationDocument = new TypedDocumentString(`
    query IncidentMitigation($id: ID!) {
  node(id: $id) {
    __typename
    ... on Incident {
      id
      mitigationTimeline {
        kind
        at
        actionId
        packets
        bytes
        message
        commands {
          argv
          exitCode
          stderr
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<IncidentMitigationQuery, IncidentMitigationQueryVariables>;
export const CreateMitigationRuleDocument = new TypedDocumentString(`
    mutation CreateMitigationRule($input: CreateMitigationRuleInput!) {
  createMitigationRule(input: $input) {
    __typename
    ... on MitigationRulePayload {
      rule {
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
    `) as unknown as TypedDocumentString<CreateMitigationRuleMutation, CreateMitigationRuleMutationVariables>;
export const UpdateMitigationRuleDocument = new TypedDocumentString(`
    mutation UpdateMitigationRule($input: UpdateMitigationRuleInput!) {
  updateMitigationRule(input: $input) {
    __typename
    ... on MitigationRulePayload {
      rule {
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
    `) as unknown as TypedDocumentString<UpdateMitigationRuleMutation, UpdateMitigationRuleMutationVariables>;
export const DeleteMitigationRuleDocument = new TypedDocumentString(`
    mutation DeleteMitigationRule($input: DeleteMitigationRuleInput!) {
  deleteMitigationRule(input: $input) {
    __typename
    ... on DeleteMitigationRulePayload {
      deletedRuleId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteMitigationRuleMutation, DeleteMitigationRuleMutationVariables>;
export const RunMitigationDocument = new TypedDocumentString(`
    mutation RunMitigation($input: RunMitigationInput!) {
  runMitigation(input: $input) {
    __typename
    ... on MitigationActionPayload {
      action {
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
    `) as unknown as TypedDocumentString<RunMitigationMutation, RunMitigationMutationVariables>;
export const UndoMitigationDocument = new TypedDocumentString(`
    mutation UndoMitigation($input: UndoMitigationInput!) {
  undoMitigation(input: $input) {
    __typename
    ... on MitigationActionPayload {
      action {
        id
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<UndoMitigationMutation, UndoMitigationMutationVariables>;
export const MitigationEventsDocument = new TypedDocumentString(`
    subscription MitigationEvents($workspaceId: ID!) {
  mitigationEvents(workspaceId: $workspaceId) {
    kind
    at
    nodeId
    incidentId
  }
}
    `) as unknown as TypedDocumentString<MitigationEventsSubscription, MitigationEventsSubscriptionVariables>;
export const MitigationSafelistDocument = new TypedDocumentString(`
    query MitigationSafelist($workspaceId: ID!) {
  mitigationSafelist(workspaceId: $workspaceId)
}
    `) as unknown as TypedDocumentString<MitigationSafelistQuery, MitigationSafelistQueryVariables>;
export const SetMitigationSafelistDocument = new TypedDocumentString(`
    mutation SetMitigationSafelist($input: SetMitigationSafelistInput!) {
  setMitigationSafelist(input: $input) {
    __typename
    ... on MitigationSafelistPayload {
      prefixes
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
    `) as unknown as TypedDocumentString<SetMitigationSafelistMutation, SetMitigationSafelistMutationVariables>;
export const NetworkMitigationPageDocument = new TypedDocumentString(`
    query NetworkMitigationPage($slug: String!) {
  workspace(slug: $slug) {
    id
    viewerRole
  }
}
    `) as unknown as TypedDocumentString<NetworkMitigationPageQuery, NetworkMitigationPageQueryVariables>;
export const NetworkMitigationStateDocument = new TypedDocumentString(`
    query NetworkMitigationState($workspaceId: ID!) {
  networkMitigation(workspaceId: $workspaceId) {
    configured
    policy
    safelist
    maxActiveRules
    announcementsPerMinute
    speakers {
      name
      kind
      endpoint
      control
      tls {
        caFingerprint
        caSubject
        caNotAfter
        serverName
      }
    }
    providers {
      name
      kind
      settings
      baseUrl
      hasCredentials
    }
    prefixes {
      prefix
      verified
      note
    }
    rules {
      id
      level
      state
      rule
      manual
      incidentIds
      createdAt
      announcedAt
      expiresAt
      withdrawnAt
      withdrawReason
      lastError
    }
  }
}
    `) as unknown as TypedDocumentString<NetworkMitigationStateQuery, NetworkMitigationStateQueryVariables>;
export const NetworkMitigationLogDocument = new TypedDocumentString(`
    query NetworkMitigationLog($workspaceId: ID!) {
  announced: auditLog(
    workspaceId: $workspaceId
    action: "mitigation.announce"
    first: 50
  ) {
    edges {
      node {
        id
        action
        createdAt
        summary
        targetId
      }
    }
  }
  withdrawn: auditLog(
    workspaceId: $workspaceId
    action: "mitigation.withdraw"
    first: 50
  ) {
    edges {
      node {
        id
        action
        createdAt
        summary
        targetId
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NetworkMitigationLogQuery, NetworkMitigationLogQueryVariables>;
export const UpdateNetworkMitigationDocument = new TypedDocumentString(`
    mutation UpdateNetworkMitigation($input: UpdateNetworkMitigationInput!) {
  updateNetworkMitigation(input: $input) {
    __typename
    ... on UpdateNetworkMitigationPayload {
      networkMitigation {
        configured
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
    `) as unknown as TypedDocumentString<UpdateNetworkMitigationMutation, UpdateNetworkMitigationMutationVariables>;
export const AnnounceMitigationDocument = new TypedDocumentString(`
    mutation AnnounceMitigation($input: AnnounceMitigationInput!) {
  announceMitigation(input: $input) {
    __typename
    ... on AnnounceMitigationPayload {
      outcome
      failures
      rule {
        id
        state
        rule
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
    `) as unknown as TypedDocumentString<AnnounceMitigationMutation, AnnounceMitigationMutationVariables>;
export const WithdrawMitigationDocument = new TypedDocumentString(`
    mutation WithdrawMitigation($input: WithdrawMitigationInput!) {
  withdrawMitigation(input: $input) {
    __typename
    ... on WithdrawMitigationPayload {
      failures
      rule {
        id
        state
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<WithdrawMitigationMutation, WithdrawMitigationMutationVariables>;
export const NetworkMitigationEventsDocument = new TypedDocumentString(`
    subscription NetworkMitigationEvents($workspaceId: ID!) {
  networkMitigationEvents(workspaceId: $workspaceId) {
    kind
    ruleId
    target
    detail
    at
  }
}
    `) as unknown as TypedDocumentString<NetworkMitigationEventsSubscription, NetworkMitigationEventsSubscriptionVariables>;
export const NodesDocument = new TypedDocumentString(`
    query Nodes($slug: String!, $after: String, $search: String) {
  workspace(slug: $slug) {
    id
    nodeCounts {
      total
    }
    nodes(first: 200, after: $after, search: $search) {
      pageInfo {
        hasNextPage
        endCursor
      }
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
      labels {
        key
        value
      }
      ownedPrefixes
      hostname
      interface
      sampledInterface
      interfaceProblem
      interfacePinned
      status
      lastSeenAt
      agentVersion
      enrolled
      detectionMultiplier
      workspace {
        id
        slug
        viewerRole
        timeZone
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
        seasonalP99
        samples
        learning
        threshold
        source
        updatedAt
      }
      seasonalWeek(metric: PPS) {
        hourOfWeek
        p99
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
          synRecv
          maxSynRecv
          tcpEstablished
          tcpTotal
          syncookiesSent
          maxSyncookiesSent
          listenOverflows
          maxListenOverflows
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
    synRecv
    tcpEstablished
    tcpTotal
    syncookiesSent
    listenOverflows
    detectionState
  }
}
    `) as unknown as TypedDocumentString<TrafficUpdatedSubscription, TrafficUpdatedSubscriptionVariables>;
export const NodesTrafficUpdatedDocument = new TypedDocumentString(`
    subscription NodesTrafficUpdated($nodeIds: [ID!]!) {
  nodesTrafficUpdated(nodeIds: $nodeIds) {
    nodeId
    rxPps
    detectionState
  }
}
    `) as unknown as TypedDocumentString<NodesTrafficUpdatedSubscription, NodesTrafficUpdatedSubscriptionVariables>;
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
export const UpdateNodeDocument = new TypedDocumentString(`
    mutation UpdateNode($input: UpdateNodeInput!) {
  updateNode(input: $input) {
    __typename
    ... on NodePayload {
      node {
        id
        name
        interface
        labels {
          key
          value
        }
        ownedPrefixes
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
    `) as unknown as TypedDocumentString<UpdateNodeMutation, UpdateNodeMutationVariables>;
export const DeleteNodeDocument = new TypedDocumentString(`
    mutation DeleteNode($input: DeleteNodeInput!) {
  deleteNode(input: $input) {
    __typename
    ... on DeleteNodePayload {
      deletedNodeId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteNodeMutation, DeleteNodeMutationVariables>;
export const NodePickerSearchDocument = new TypedDocumentString(`
    query NodePickerSearch($workspaceId: ID!, $search: String!, $first: Int!) {
  node(id: $workspaceId) {
    ... on Workspace {
      id
      nodes(first: $first, search: $search) {
        pageInfo {
          hasNextPage
        }
        edges {
          node {
            id
            name
            hostname
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NodePickerSearchQuery, NodePickerSearchQueryVariables>;
export const NodeNamesByIdDocument = new TypedDocumentString(`
    query NodeNamesById($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on MonitoredNode {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<NodeNamesByIdQuery, NodeNamesByIdQueryVariables>;
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
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($input: ChangePasswordInput!) {
  changePassword(input: $input) {
    __typename
    ... on ChangePasswordPayload {
      otherSessionsEnded
      user {
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
    `) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const AcceptInvitationDocument = new TypedDocumentString(`
    mutation AcceptInvitation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) {
    __typename
    ... on MembershipPayload {
      membership {
        id
        role
        workspace {
          id
          slug
          name
        }
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AcceptInvitationMutation, AcceptInvitationMutationVariables>;
export const UpdateProfileDocument = new TypedDocumentString(`
    mutation UpdateProfile($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    __typename
    ... on UpdateProfilePayload {
      user {
        id
        name
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
    `) as unknown as TypedDocumentString<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const RequestPasswordResetDocument = new TypedDocumentString(`
    mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
  requestPasswordReset(input: $input) {
    __typename
    ... on RequestPasswordResetPayload {
      accepted
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
    `) as unknown as TypedDocumentString<RequestPasswordResetMutation, RequestPasswordResetMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($input: ResetPasswordInput!) {
  resetPassword(input: $input) {
    __typename
    ... on ResetPasswordPayload {
      sessionsEnded
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
    `) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
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
    query Members($slug: String!, $withInvitations: Boolean!) {
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
    pendingInvitations @include(if: $withInvitations) {
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
export const PublicStatusPageDocument = new TypedDocumentString(`
    query PublicStatusPage($slug: String!, $access: String, $feedToken: String) {
  statusPage(slug: $slug, access: $access, feedToken: $feedToken) {
    slug
    title
    description
    subscribable
    passwordProtected
    banner
    generatedAt
    nodes {
      name
      state
      uptimePercent
      days {
        day
        uptimePercent
        incidents
      }
    }
    notices {
      startsAt
      endsAt
      message
      active
      postedAt
    }
    incidents {
      ref
      nodeName
      family
      peakPps
      peakBps
      startedAt
      endedAt
      durationSeconds
      updates {
        kind
        at
        status
        message
        editedAt
      }
    }
  }
  statusPageLock(slug: $slug) {
    slug
    title
  }
}
    `) as unknown as TypedDocumentString<PublicStatusPageQuery, PublicStatusPageQueryVariables>;
export const PublicStatusIncidentDocument = new TypedDocumentString(`
    query PublicStatusIncident($slug: String!, $ref: String!, $access: String) {
  statusPageLock(slug: $slug) {
    slug
    title
  }
  statusPageIncident(slug: $slug, ref: $ref, access: $access) {
    slug
    title
    incident {
      ref
      nodeName
      family
      peakPps
      peakBps
      startedAt
      endedAt
      durationSeconds
    }
    updates {
      kind
      at
      status
      message
      editedAt
    }
  }
}
    `) as unknown as TypedDocumentString<PublicStatusIncidentQuery, PublicStatusIncidentQueryVariables>;
export const UnlockStatusPageDocument = new TypedDocumentString(`
    mutation UnlockStatusPage($input: UnlockStatusPageInput!) {
  unlockStatusPage(input: $input) {
    __typename
    ... on UnlockStatusPagePayload {
      access
      expiresAt
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<UnlockStatusPageMutation, UnlockStatusPageMutationVariables>;
export const StatusPageSettingsDocument = new TypedDocumentString(`
    query StatusPageSettings($slug: String!) {
  workspace(slug: $slug) {
    id
    slug
    viewerRole
    statusPage {
      enabled
      public
      title
      description
      path
      passwordProtected
      allowSubscriptions
      subscriberCount
      subscriptionMailAvailable
      nodes {
        nodeId
        displayName
        position
      }
      notices {
        id
        startsAt
        endsAt
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StatusPageSettingsQuery, StatusPageSettingsQueryVariables>;
export const UpdateStatusPageDocument = new TypedDocumentString(`
    mutation UpdateStatusPage($input: UpdateStatusPageInput!) {
  updateStatusPage(input: $input) {
    __typename
    ... on StatusPagePayload {
      statusPage {
        enabled
        public
        path
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
    `) as unknown as TypedDocumentString<UpdateStatusPageMutation, UpdateStatusPageMutationVariables>;
export const AddStatusPageNoticeDocument = new TypedDocumentString(`
    mutation AddStatusPageNotice($input: AddStatusPageNoticeInput!) {
  addStatusPageNotice(input: $input) {
    __typename
    ... on StatusPagePayload {
      statusPage {
        path
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
    `) as unknown as TypedDocumentString<AddStatusPageNoticeMutation, AddStatusPageNoticeMutationVariables>;
export const DeleteStatusPageNoticeDocument = new TypedDocumentString(`
    mutation DeleteStatusPageNotice($input: DeleteStatusPageNoticeInput!) {
  deleteStatusPageNotice(input: $input) {
    __typename
    ... on StatusPagePayload {
      statusPage {
        path
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteStatusPageNoticeMutation, DeleteStatusPageNoticeMutationVariables>;
export const StatusPageFeedTokenDocument = new TypedDocumentString(`
    query StatusPageFeedToken($slug: String!) {
  workspace(slug: $slug) {
    statusPage {
      feedToken
    }
  }
}
    `) as unknown as TypedDocumentString<StatusPageFeedTokenQuery, StatusPageFeedTokenQueryVariables>;
export const RenewStatusPageFeedTokenDocument = new TypedDocumentString(`
    mutation RenewStatusPageFeedToken($input: RenewStatusPageFeedTokenInput!) {
  renewStatusPageFeedToken(input: $input) {
    __typename
    ... on StatusPagePayload {
      statusPage {
        feedToken
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RenewStatusPageFeedTokenMutation, RenewStatusPageFeedTokenMutationVariables>;
export const StatusPageSubscribersDocument = new TypedDocumentString(`
    query StatusPageSubscribers($slug: String!, $after: String) {
  workspace(slug: $slug) {
    statusPage {
      subscribers(first: 50, after: $after) {
        nodes {
          id
          email
          confirmed
          createdAt
          confirmedAt
          wholePage
          nodes
        }
        endCursor
        hasNextPage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StatusPageSubscribersQuery, StatusPageSubscribersQueryVariables>;
export const RemoveStatusPageSubscriberDocument = new TypedDocumentString(`
    mutation RemoveStatusPageSubscriber($input: RemoveStatusPageSubscriberInput!) {
  removeStatusPageSubscriber(input: $input) {
    __typename
    ... on StatusPagePayload {
      statusPage {
        subscriberCount
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveStatusPageSubscriberMutation, RemoveStatusPageSubscriberMutationVariables>;
export const SubscribeToStatusPageDocument = new TypedDocumentString(`
    mutation SubscribeToStatusPage($input: SubscribeToStatusPageInput!) {
  subscribeToStatusPage(input: $input) {
    __typename
    ... on SubscribeToStatusPagePayload {
      accepted
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
    `) as unknown as TypedDocumentString<SubscribeToStatusPageMutation, SubscribeToStatusPageMutationVariables>;
export const ConfirmStatusPageSubscriptionDocument = new TypedDocumentString(`
    mutation ConfirmStatusPageSubscription($input: ConfirmStatusPageSubscriptionInput!) {
  confirmStatusPageSubscription(input: $input) {
    __typename
    ... on ConfirmStatusPageSubscriptionPayload {
      slug
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
    `) as unknown as TypedDocumentString<ConfirmStatusPageSubscriptionMutation, ConfirmStatusPageSubscriptionMutationVariables>;
export const UnsubscribeFromStatusPageDocument = new TypedDocumentString(`
    mutation UnsubscribeFromStatusPage($input: UnsubscribeFromStatusPageInput!) {
  unsubscribeFromStatusPage(input: $input) {
    __typename
    ... on UnsubscribeFromStatusPagePayload {
      unsubscribed
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<UnsubscribeFromStatusPageMutation, UnsubscribeFromStatusPageMutationVariables>;
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
export const NewWorkspaceParentsDocument = new TypedDocumentString(`
    query NewWorkspaceParents($after: String) {
  workspaces(first: 100, after: $after) {
    edges {
      node {
        id
        name
        viewerRole
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<NewWorkspaceParentsQuery, NewWorkspaceParentsQueryVariables>;
export const CustomerWorkspacesDocument = new TypedDocumentString(`
    query CustomerWorkspaces($slug: String!, $after: String) {
  workspace(slug: $slug) {
    id
    children(first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          slug
          name
          nodeCounts {
            total
            online
            offline
            pending
            elevated
            underAttack
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerWorkspacesQuery, CustomerWorkspacesQueryVariables>;
export const CustomerNodesChangedDocument = new TypedDocumentString(`
    subscription CustomerNodesChanged($workspaceIds: [ID!]!) {
  workspaceNodesChanged(workspaceIds: $workspaceIds) {
    workspaceId
    nodeId
    at
  }
}
    `) as unknown as TypedDocumentString<CustomerNodesChangedSubscription, CustomerNodesChangedSubscriptionVariables>;
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
    timeZone
    viewerRole
    detectionMultipliers {
      multiplier
      nodeCount
    }
    defaultDetectionMultiplier
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
        timeZone
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
export const SetWorkspaceDetectionMultiplierDocument = new TypedDocumentString(`
    mutation SetWorkspaceDetectionMultiplier($input: SetWorkspaceDetectionMultiplierInput!) {
  setWorkspaceDetectionMultiplier(input: $input) {
    __typename
    ... on WorkspaceDetectionMultiplierPayload {
      nodesChanged
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
    `) as unknown as TypedDocumentString<SetWorkspaceDetectionMultiplierMutation, SetWorkspaceDetectionMultiplierMutationVariables>;
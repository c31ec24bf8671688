// Finding M5: integration-key scopes bypassed through relations (Incident.node, ApiKey.node).
// The class fix: every workspace-owned type checks the caller's permission on each object's own
// workspace whatever field led to it. Here a walk over the schema proves every object type is
// guarded or a plain value, and a sweep follows every relation between guarded types as a key
// holding only the parent's scope.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  type GraphQLNamedType,
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isObjectType,
  isScalarType,
} from "graphql";
import { guardedTypes, publicTypeNames } from "../../src/auth/node-guard.ts";
import { integrationScopes } from "../../src/auth/permissions.ts";
import { schema } from "../../src/schema.ts";
import { createIntegrationKey, createTenant, type Tenant } from "../fixtures.ts";
import { useTestApi } from "../harness.ts";

/** Object types that carry no workspace of their own: each is reached only as a part of a guarded object, a root field's answer (checked by its service), or a mutation payload. */
const VALUE_TYPES: Record<string, string> = {
  Query: "root",
  Mutation: "root",
  Subscription: "root",
  MetricPeak: "an incident's peak of one trigger metric, read through its guarded Incident",
  PageInfo: "connection page",
  ServerInfo: "public by design",
  FieldError: "error detail",
  ...Object.fromEntries(
    ["AuthenticationError", "ConflictError", "ForbiddenError", "NotFoundError", "RateLimitedError"]
      .concat(["UnavailableError", "ValidationError"])
      .map((name) => [name, "error"]),
  ),
  AttackSource: "part of IncidentClassification (Incident)",
  AttackVector: "part of IncidentClassification (Incident)",
  ReputationHit: "part of AttackSource",
  IncidentClassification: "Incident.classification",
  IncidentTimelinePoint: "Incident.timeline",
  AuditActor: "AuditLogEntry.actor",
  AuditChainBreak: "AuditChainReport",
  AuditChainReport: "verifyAuditChain (audit:read checked by the service)",
  MetricBaseline: "MonitoredNode.baseline",
  SeasonalHour: "MonitoredNode.seasonalWeek",
  MetricThreshold: "NodeDetection",
  NodeDetection: "MonitoredNode.detection, the agent's own telemetry answer",
  NodeLabel: "MonitoredNode.labels",
  NodeEvent: "nodeEvents (node:read checked by the subscription)",
  NodeStatusChange: "nodeStatusChanged (checked by the subscription)",
  WorkspaceNodesChange: "workspaceNodesChanged (node:read on every workspace checked by the subscription)",
  IncidentEvent: "incidentEvents (incident:read checked by the subscription)",
  TrafficPoint: "TrafficSeries / TrafficUpdate",
  TrafficSeries: "MonitoredNode.traffic",
  TrafficUpdate: "trafficUpdated (node:read checked by the subscription)",
  RejectedSample: "ReportTelemetryPayload",
  ReportTelemetryPayload: "agent's own answer",
  SeverityCount: "WorkspaceAnalytics",
  WorkspaceNodeCounts: "Workspace.nodeCounts (node:read on the workspace)",
  DetectionMultiplierShare: "Workspace.detectionMultipliers (node:read on the workspace)",
  WorkspaceMailServer: "Workspace.mailServer (alert:read on the workspace)",
  WorkspaceAnalytics: "workspaceAnalytics (checked by the service)",
  Uptime: "MonitoredNode.uptime",
  UptimeDay: "Uptime",
  // Alerting: parts of guarded alert:read objects.
  AlertSecretHint: "AlertChannel.secrets (a hint, never the secret)",
  AlertDeliveryAttempt: "AlertDelivery.log (no workspace column: a row of its delivery)",
  EscalationStep: "EscalationPolicy.steps",
  EscalationNodeLabel: "EscalationPolicy.nodeLabels",
  // Node firewall mitigation.
  MitigationCommand: "MitigationEvent.commands",
  MitigationActionType: "mitigationActionTypes: the built-in catalogue of action types, no tenant data",
  MitigationPreview: "previewMitigation (mitigation:read on the node checked by the service), not stored",
  MitigationPlannedCommand: "MitigationPreview.apply / undo",
  MitigationEventNotice: "mitigationEvents (mitigation:read checked by the subscription)",
  MitigationDirective: "ReportTelemetryPayload.mitigation: only the calling agent's own node's actions",
  // Network mitigation (BGP, cloud scrubbing): parts of NetworkMitigation (incident:read).
  BgpSpeaker: "NetworkMitigation.speakers",
  BgpSpeakerTls: "BgpSpeaker.tls (CA fingerprint and server name; no PEM)",
  MitigationProvider: "NetworkMitigation.providers (credentials never returned)",
  NetworkMitigationEvent: "networkMitigationEvents (incident:read checked by the subscription)",
  // Status page settings: parts of StatusPageSettings (workspace:read).
  StatusPageNodeEntry: "StatusPageSettings.nodes",
  StatusPageNoticeEntry: "StatusPageSettings.notices",
  StatusPageSubscriber: "StatusPageSettings.subscribers (workspace:update checked by the service)",
  // Public on purpose (status pages), declared with why in auth/node-guard.ts.
  ...Object.fromEntries(publicTypeNames()),
  // Public by design (white label, branding/branding.schema.ts): a name, a logo and colours, what a
  // sign-in or status page shows anyway; branding.test.ts pins their fields.
  Branding: "public by design: Workspace.branding, publicBranding, customDomainRoute",
  BrandPalette: "public by design: part of Branding",
  BrandingLogo: "public by design: brandingLogo (the file behind a Branding.logo URL, by its sha256)",
  CustomDomainRoute: "public by design: customDomainRoute (a verified host's slug and Branding)",
  ThemeOption: "themes (authenticated): the deployment's theme files, no tenant data",
  BrandingSettings: "Workspace.brandingSettings",
};
const isPlumbing = (name: string) => /(Connection|ConnectionEdge|Payload)$/.test(name);

const objectTypes = () =>
  Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith("__"),
  );

const typeScopesOf = (type: GraphQLObjectType) =>
  (type.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;

describe("scopes reach through relations", () => {
  it("every object type is guarded (type-level read check) or a declared plain value", () => {
    const guards = guardedTypes();
    const unclassified = objectTypes()
      .filter((type) => !guards.has(type.name) && !(type.name in VALUE_TYPES) && !isPlumbing(type.name))
      .map((type) => type.name);
    assert.deepEqual(unclassified, [], "object types neither guarded nor declared plain values");
    const unchecked = objectTypes()
      .filter((type) => guards.has(type.name) && typeof typeScopesOf(type) !== "function")
      .map((type) => type.name);
    assert.deepEqual(
      unchecked,
      [],
      "guarded types whose fields are not checked (authScopes: readableScopes)",
    );
    const stale = Object.keys(VALUE_TYPES).filter((name) => !schema.getType(name));
    assert.deepEqual(stale, []);
  });

  const api = useTestApi("pglite");
  let tenant: Tenant;
  before(async () => {
    tenant = await createTenant(api, "scopes");
  });

  /** One object of each guarded type reachable by global ID. */
  const fixtures = () =>
    ({
      Workspace: tenant.workspaceId,
      MonitoredNode: tenant.agent.nodeId,
      Incident: tenant.incidentId,
      ApiKey: tenant.agent.keyId,
      Membership: tenant.owner.membershipId,
    }) as Record<string, string>;

  /** `{ <scalar> }` of a guarded type, or a connection's `{ edges { node { <scalar> } } }`. */
  function probe(type: GraphQLNamedType): { guarded: string; selection: string } | undefined {
    if (!isObjectType(type)) return undefined;
    const edgeNode = type.getFields().edges && getNamedType(type.getFields().edges?.type);
    if (edgeNode && isObjectType(edgeNode)) {
      const inner = probe(getNamedType(edgeNode.getFields().node?.type) as GraphQLNamedType);
      return inner && { guarded: inner.guarded, selection: `{ edges { node ${inner.selection} } }` };
    }
    if (!guardedTypes().has(type.name)) return undefined;
    const scalar = Object.values(type.getFields()).find(
      (f) =>
        f.name !== "id" &&
        f.args.length === 0 &&
        (isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type))),
    );
    return scalar && { guarded: type.name, selection: `{ ${scalar.name} }` };
  }

  it("a key holding only the parent's scope cannot read a related object of another permission", async () => {
    const guards = guardedTypes();
    const pairs: string[] = [];
    const keys = new Map<string, string>();
    const keyFor = async (scopes: string[]) => {
      const id = scopes.join(",");
      if (!keys.has(id))
        keys.set(id, (await createIntegrationKey(api, tenant.owner, tenant.workspaceId, scopes)).token);
      return keys.get(id) as string;
    };
    for (const [parentName, id] of Object.entries(fixtures())) {
      const parent = schema.getType(parentName) as GraphQLObjectType;
      const parentPermission = guards.get(parentName)?.permission as string;
      for (const field of Object.values(parent.getFields())) {
        if (field.args.some((a) => a.type.toString().endsWith("!") && a.defaultValue === undefined)) continue;
        const target = probe(getNamedType(field.type));
        if (!target) continue;
        const targetPermission = guards.get(target.guarded)?.permission as string;
        if (targetPermission === parentPermission || !integrationScopes.has(targetPermission as never))
          continue;
        const query = `query($id: ID!) { node(id: $id) { ... on ${parentName} { ${field.name} ${target.selection} } } }`;
        pairs.push(`${parentName}.${field.name} → ${target.guarded}`);

        const narrow = await api.gql(query, { id }, { token: await keyFor([parentPermission]) });
        const codes = (narrow.errors ?? []).map((e) => e.extensions?.code);
        assert.ok(
          codes.some((code) => code === "FORBIDDEN" || code === "NOT_FOUND"),
          `${parentName}.${field.name} with only ${parentPermission}: ${JSON.stringify(narrow)}`,
        );
        assert.doesNotMatch(
          JSON.stringify(narrow.data),
          /scopes-|"[A-Z_]+"/,
          "no field of the related object",
        );

        const both = await api.gql(
          query,
          { id },
          { token: await keyFor([parentPermission, targetPermission]) },
        );
        assert.equal(
          both.errors,
          undefined,
          `${parentName}.${field.name} with both scopes: ${JSON.stringify(both)}`,
        );
      }
    }
    // The two relations of the probe, and more: the sweep must have something to sweep.
    // An incident:read key sees neither the alert delivery log nor the mitigation timeline.
    for (const expected of [
      "Incident.node → MonitoredNode",
      "ApiKey.node → MonitoredNode",
      "Incident.alertDeliveries → AlertDelivery",
      "Incident.mitigationTimeline → MitigationEvent",
      "Workspace.alertChannels → AlertChannel",
    ])
      assert.ok(pairs.includes(expected), `${expected} not swept: ${pairs.join(", ")}`);
  });

  it("an incident:read key reads incidents, not their node's hostname, prefixes or traffic", async () => {
    const { token } = await createIntegrationKey(api, tenant.owner, tenant.workspaceId, ["incident:read"]);
    const query = `query($id: ID!) { node(id: $id) { ... on Incident { severity node { hostname ownedPrefixes
      traffic(from: "2020-01-01T00:00:00Z", to: "2020-01-01T01:00:00Z") { resolution } } } } }`;
    const result = await api.gql(query, { id: tenant.incidentId }, { token });
    assert.equal(result.errors?.[0]?.extensions?.code, "FORBIDDEN");
    assert.doesNotMatch(JSON.stringify(result.data), /hostname|scopes-agent/);
    const own = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Incident { severity } } }`,
      { id: tenant.incidentId },
      { token },
    );
    assert.equal(typeof own.data.node.severity, "string");
  });

  it("a mitigation:manage key reads back the rule it creates, and no other rule", async () => {
    const { token } = await createIntegrationKey(api, tenant.owner, tenant.workspaceId, [
      "mitigation:manage",
    ]);
    const create = await api.gql(
      `mutation($input: CreateMitigationRuleInput!) { createMitigationRule(input: $input) {
        ... on MitigationRulePayload { rule { id name } } } }`,
      {
        input: {
          workspaceId: tenant.workspaceId,
          name: "key-made rule",
          actionType: "NFT_DROP_SOURCE_PORTS",
          params: { protocol: "udp", ports: [53] },
          trigger: "THRESHOLD",
          ttlSeconds: 600,
        },
      },
      { token },
    );
    assert.equal(create.errors, undefined, JSON.stringify(create));
    const rule = create.data.createMitigationRule.rule;
    assert.equal(rule.name, "key-made rule");
    // The grant lasts one request: by global ID, without mitigation:read, the rule is not there.
    const later = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on MitigationRule { name } } }`,
      { id: rule.id },
      { token },
    );
    assert.equal(later.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(later));
    assert.doesNotMatch(JSON.stringify(later.data), /key-made/);
  });

  it("an agent still reads its own node in its heartbeat answer, not another node", async () => {
    const heartbeat = await api.gql(
      `mutation { agentHeartbeat(input: { agentVersion: "1.0.0" }) { ... on NodePayload { node { name status } } } }`,
      {},
      { token: tenant.agent.token },
    );
    assert.equal(heartbeat.errors, undefined, JSON.stringify(heartbeat));
    const other = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on MonitoredNode { name } } }`,
      { id: tenant.nodeId },
      { token: tenant.agent.token },
    );
    assert.equal(other.errors?.[0]?.extensions?.code, "NOT_FOUND");
  });
});

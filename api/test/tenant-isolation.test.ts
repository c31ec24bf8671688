import assert from "node:assert/strict";
import { createHash, createHmac, randomUUID } from "node:crypto";
import { before, describe, it } from "node:test";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { hashPassword } from "../src/auth/credentials.ts";
import { createPasswordReset } from "../src/auth/password-reset.ts";
import { resolveStaleIncidents } from "../src/incidents/incident.jobs.ts";
import { markSilentNodesOffline } from "../src/nodes/node-status.ts";
import { schema } from "../src/schema.ts";
import { incidentRef } from "../src/status-pages/public-view.ts";
import { engines } from "./databases.ts";
import {
  createEnrollmentToken,
  createNode,
  createTenant,
  enrollAgent,
  errorCode,
  mutate,
  mutateOk,
  nodeEvents,
  rawId,
  snapshotWorkspace,
  sseSubscription,
  type Tenant,
} from "./fixtures.ts";
import {
  type Caller,
  createWorkspace,
  type GqlResult,
  PASSWORD,
  sessionCookieOf,
  type TestApi,
  useTestApi,
} from "./harness.ts";
import { waitFor } from "./support/job-queue.contract.ts";
import { pngBytes } from "./support/logo-image.test-data.ts";
import { pcapBytes } from "./support/pcap-file.test-data.ts";
import { REPORT, sample } from "./telemetry-client.ts";

/**
 * Tenant A attacks tenant B through every root field of the schema, with each kind of
 * credential A holds. B's objects must be NOT_FOUND (exactly like missing ones), lists must
 * never include them, and afterwards nothing of B may have changed.
 */
interface Ctx {
  api: TestApi;
  a: Tenant;
  b: Tenant;
  /** A second workspace of B's owner, used only as a source of events A must not see. */
  bSideWorkspaceId: string;
  /** An agent in that side workspace (its traffic must not reach A). */
  bSideAgentToken: string;
  /** The API on a real port: an aborted HTTP request ends an SSE stream (in-process ones can hang). */
  base: string;
  /** B's mitigation rule and action (global IDs). */
  bRuleId: string;
  bActionId: string;
  /** B's custom domain (pending), global ID. */
  bDomainId: string;
  /** B's alert channel, escalation policy and maintenance window. */
  bAlerts: { channelId: string; policyId: string; windowId: string };
  /** B's private status page's maintenance notice. */
  bNoticeId: string;
  /** A confirmed e-mail subscriber of B's page (global ID). */
  bSubscriberId: string;
  /** B's operator-written update of its incident (global ID). */
  bIncidentUpdateId: string;
}
type Kind = "session" | "integration" | "agent";

const callersOf = (t: Tenant): [Kind, Caller][] => [
  ["session", { cookie: t.owner.cookie }],
  ["integration", { token: t.integration.token }],
  ["agent", { token: t.agent.token }],
];

/** Every global ID of B's that A could try. */
const idsOf = (b: Tenant) => ({
  workspace: b.workspaceId,
  node: b.nodeId,
  agentNode: b.agent.nodeId,
  integrationKey: b.integration.id,
  agentKey: b.agent.keyId,
  ownerMembership: b.owner.membershipId,
  memberMembership: b.member.membershipId,
  owner: b.owner.userId,
  member: b.member.userId,
  incident: b.incidentId,
});

function assertNotFound(result: GqlResult, label: string) {
  assert.equal(errorCode(result), "NOT_FOUND", `${label}: ${JSON.stringify(result)}`);
}

/**
 * Mutations that take B's IDs, with the inputs A tries. A's session must get NotFoundError; A's
 * keys get the same, except on user-only fields, which refuse any key outright (FORBIDDEN: the key is
 * valid, only of the wrong kind).
 */
type Inputs = (b: Tenant, a: Tenant, bAlerts: Ctx["bAlerts"]) => Record<string, unknown>[];
const anyCaller = (inputs: Inputs) => ({ keys: "NOT_FOUND", inputs });
const userOnly = (inputs: Inputs) => ({ keys: "FORBIDDEN", inputs });
const attacks: Record<string, { keys: string; inputs: Inputs }> = {
  updateWorkspace: anyCaller((b) => [{ workspaceId: b.workspaceId, name: "pwned" }]),
  updateStatusPage: anyCaller((b) => [
    { workspaceId: b.workspaceId, enabled: true, public: true, title: "pwned", nodes: [] },
  ]),
  addStatusPageNotice: anyCaller((b) => [
    {
      workspaceId: b.workspaceId,
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      message: "pwned",
    },
  ]),
  postIncidentUpdate: anyCaller((b) => [
    { incidentId: b.incidentId, status: "IDENTIFIED", message: "pwned", notify: true },
  ]),
  deleteWorkspace: userOnly((b) => [{ workspaceId: b.workspaceId }]),
  createWorkspace: userOnly((b) => [{ name: "X", slug: "a-in-b", parentWorkspaceId: b.workspaceId }]),
  createNode: anyCaller((b) => [{ workspaceId: b.workspaceId, name: "intruder" }]),
  // The interface too: it is what the other tenant's agent samples (it follows the setting).
  updateNode: anyCaller((b) =>
    [b.nodeId, b.agent.nodeId].flatMap((nodeId) => [
      { nodeId, name: "pwned" },
      { nodeId, interface: "lo" },
    ]),
  ),
  deleteNode: anyCaller((b) => [{ nodeId: b.nodeId }, { nodeId: b.agent.nodeId }]),
  inviteMember: userOnly((b) => [{ workspaceId: b.workspaceId, email: "spy@example.com", role: "OWNER" }]),
  changeMemberRole: userOnly((b) => [
    { membershipId: b.owner.membershipId, role: "READONLY" },
    { membershipId: b.member.membershipId, role: "OWNER" },
  ]),
  removeMember: userOnly((b) => [
    { membershipId: b.owner.membershipId },
    { membershipId: b.member.membershipId },
  ]),
  createApiKey: userOnly((b) => [{ workspaceId: b.workspaceId, name: "spy", scopes: ["node:read"] }]),
  revokeApiKey: userOnly((b) => [{ apiKeyId: b.integration.id }, { apiKeyId: b.agent.keyId }]),
  // B's workspace, and A's own workspace naming B's node (to hijack it on enrolment).
  setNodeThresholds: anyCaller((b) =>
    [b.nodeId, b.agent.nodeId].map((nodeId) => ({
      nodeId,
      multiplier: 10,
      overrides: [{ metric: "PPS", threshold: 1 }],
    })),
  ),
  setWorkspaceDetectionMultiplier: anyCaller((b) => [{ workspaceId: b.workspaceId, multiplier: 10 }]),
  setWorkspaceMailServer: anyCaller((b) => [
    {
      workspaceId: b.workspaceId,
      host: "127.0.0.1",
      port: 25,
      security: "NONE",
      fromAddress: "x@evil.example",
    },
  ]),
  clearWorkspaceMailServer: anyCaller((b) => [{ workspaceId: b.workspaceId }]),
  createMitigationRule: anyCaller((b, a) => [
    {
      workspaceId: b.workspaceId,
      name: "x",
      actionType: "NFT_DROP_PROTOCOL",
      params: { protocol: "gre" },
      trigger: "MANUAL",
      ttlSeconds: 60,
    },
    {
      workspaceId: a.workspaceId,
      nodeId: b.agent.nodeId,
      name: "x",
      actionType: "NFT_DROP_PROTOCOL",
      params: { protocol: "gre" },
      trigger: "MANUAL",
      ttlSeconds: 60,
    },
  ]),
  runMitigation: anyCaller((b) => [
    { nodeId: b.agent.nodeId, actionType: "NFT_DROP_PROTOCOL", params: { protocol: "gre" }, ttlSeconds: 60 },
  ]),
  setMitigationSafelist: anyCaller((b) => [{ workspaceId: b.workspaceId, prefixes: [] }]),
  updateNetworkMitigation: anyCaller((b) => [{ workspaceId: b.workspaceId, safelist: ["203.0.113.1"] }]),
  announceMitigation: anyCaller((b) => [
    { workspaceId: b.workspaceId, kind: "RTBH", destination: "203.0.113.9", ttlSeconds: 600 },
  ]),
  createEnrollmentToken: userOnly((b, a) => [
    { workspaceId: b.workspaceId },
    { workspaceId: a.workspaceId, nodeId: b.nodeId },
  ]),
  createAlertChannel: anyCaller((b) => [
    { workspaceId: b.workspaceId, kind: "PAGERDUTY", name: "spy", settings: { routingKey: "k" } },
  ]),
  updateAlertChannel: anyCaller((_b, _a, x) => [
    { channelId: x.channelId, settings: { routingKey: "mine" } },
  ]),
  deleteAlertChannel: anyCaller((_b, _a, x) => [{ channelId: x.channelId }]),
  testAlertChannel: anyCaller((_b, _a, x) => [{ channelId: x.channelId }]),
  acknowledgeIncident: anyCaller((b) => [{ incidentId: b.incidentId }]),
  createEscalationPolicy: anyCaller((b, _a, x) => [
    { workspaceId: b.workspaceId, name: "spy", steps: [{ channelIds: [x.channelId], delaySeconds: 0 }] },
  ]),
  updateEscalationPolicy: anyCaller((_b, _a, x) => [{ policyId: x.policyId, name: "spy" }]),
  deleteEscalationPolicy: anyCaller((_b, _a, x) => [{ policyId: x.policyId }]),
  createMaintenanceWindow: anyCaller((b) => [
    {
      workspaceId: b.workspaceId,
      name: "mute",
      startsAt: "2026-01-01T00:00:00Z",
      endsAt: "2030-01-01T00:00:00Z",
    },
  ]),
  updateMaintenanceWindow: anyCaller((_b, _a, x) => [
    { windowId: x.windowId, endsAt: "2030-01-01T00:00:00Z" },
  ]),
  deleteMaintenanceWindow: anyCaller((_b, _a, x) => [{ windowId: x.windowId }]),
  updateWorkspaceBranding: anyCaller((b) => [
    { workspaceId: b.workspaceId, branding: { productName: "pwned" } },
  ]),
  addCustomDomain: userOnly((b) => [{ workspaceId: b.workspaceId, host: "hijack.example-a.com" }]),
  createCustomerWorkspace: userOnly((b) => [
    { parentWorkspaceId: b.workspaceId, name: "X", slug: "a-cust-in-b" },
  ]),
  // Inputs given by their cases (B's domain is made in `before`).
  verifyCustomDomain: userOnly(() => []),
  removeCustomDomain: userOnly(() => []),
};

async function refuses({ api, a, b, bAlerts }: Ctx, field: string, given?: Record<string, unknown>[]) {
  const { keys, inputs } = attacks[field] ?? anyCaller(() => given ?? []);
  for (const input of given ?? inputs(b, a, bAlerts)) {
    for (const [kind, caller] of callersOf(a)) {
      const result = await mutate(api, caller, field, input);
      const label = `${field}(${JSON.stringify(input)}) as A's ${kind}: ${JSON.stringify(result.errors ?? result.payload)}`;
      const expected = kind === "session" ? "NOT_FOUND" : keys;
      const typename = expected === "NOT_FOUND" ? "NotFoundError" : "ForbiddenError";
      assert.equal(result.payload?.__typename, typename, label);
      assert.equal(errorCode(result), expected, label);
    }
  }
}

/** Everything stored for B's workspace and users, to prove nothing changed. */
async function snapshotOf(api: TestApi, b: Tenant) {
  const ids = [b.owner.userId, b.member.userId].map(rawId);
  const where = { id: { in: ids } };
  const users = await api.server.services.database.prisma.user.findMany({ where, orderBy: { id: "asc" } });
  const { prisma } = api.server.services.database;
  const workspaceId = rawId(b.workspaceId);
  const mitigation = {
    rules: await prisma.mitigationRule.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    actions: await prisma.mitigationAction.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    events: await prisma.mitigationEvent.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    safelist: await prisma.mitigationSafelist.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
  };
  const statusPage = {
    page: await prisma.statusPage.findUnique({ where: { workspaceId } }),
    nodes: await prisma.statusPageNode.findMany({ where: { workspaceId }, orderBy: { nodeId: "asc" } }),
    notices: await prisma.statusPageNotice.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    subscribers: await prisma.statusPageSubscriber.findMany({
      where: { workspaceId },
      orderBy: { id: "asc" },
      include: { nodes: { orderBy: { nodeId: "asc" } } },
    }),
    incidentUpdates: await prisma.incidentPublicUpdate.findMany({
      where: { workspaceId },
      orderBy: { id: "asc" },
    }),
    mailings: await prisma.statusPageMailing.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
  };
  const mailServer = await prisma.workspaceMailServer.findUnique({ where: { workspaceId } });
  return { ...(await snapshotWorkspace(api, b.workspaceId)), users, mitigation, statusPage, mailServer };
}

const NODE_PAYLOAD = "... on NodePayload { node { id } }";

const renameNode = (api: TestApi, a: Tenant, nodeId: string, name: string) =>
  mutateOk(api, a.owner, "updateNode", { nodeId, name }, NODE_PAYLOAD);

type EventStream = Awaited<ReturnType<typeof sseSubscription>>;

/**
 * Renames A's node until `stream`, opened just before, yields its first event, and returns that event.
 * The stream's access check and pub/sub listener are set up after its response has begun, so one
 * rename after a fixed 100 ms pause could go out before the stream listened (a race on a loaded
 * machine, where the check's query alone can take longer). Renames the stream heard besides the first
 * stay queued in it; eventsBeforeMarker reads past them.
 */
async function firstOfRenames(api: TestApi, a: Tenant, stream: EventStream): Promise<GqlResult> {
  let arrived = false;
  const first = stream.next(30_000).finally(() => {
    arrived = true;
  });
  for (let i = 1; i <= 100 && !arrived; i++) {
    await renameNode(api, a, a.nodeId, `a-web-renamed-${i}`);
    await Promise.race([first.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 250))]);
  }
  return first;
}

/**
 * Creates a node in A's workspace as a marker that takes the same path as the events before it, and
 * returns every event the stream carried before the marker's: what a stream must not carry is checked
 * up to an event that came after it, not up to a pause. A new node (its id is no other event's) rather
 * than a change of an existing one: A's agent node may change status meanwhile.
 */
async function eventsBeforeMarker(
  api: TestApi,
  a: Tenant,
  stream: EventStream,
  name: string,
  nodeIdOf: (event: GqlResult) => string | undefined,
): Promise<GqlResult[]> {
  const marker = await createNode(api, a.owner, a.workspaceId, name);
  const events: GqlResult[] = [];
  for (;;) {
    const event = await stream.next(30_000);
    if (nodeIdOf(event) === marker) return events;
    events.push(event);
  }
}
const AUDIT = `query($w: ID!) { auditLog(workspaceId: $w, first: 100) { edges { node { targetId actor { id } } } } }`;
const WORKSPACES_DEEP = `{ workspaces { edges { node { id slug parent { id } children { edges { node { id } } }
  nodes { edges { node { id name } } } members { edges { node { id user { id email } } } }
  apiKeys(includeRevoked: true) { edges { node { id node { id } } } }
  pendingInvitations { email } pendingEnrollmentTokens { id } } } } }`;

const cases: Record<string, (ctx: Ctx) => Promise<void>> = {
  "Query.auditLog": async ({ api, a, b }) => {
    for (const [kind, caller] of callersOf(a))
      assertNotFound(await api.gql(AUDIT, { w: b.workspaceId }, caller), `auditLog(B) as ${kind}`);
    const own = await api.gql(AUDIT, { w: a.workspaceId }, a.owner);
    type Entry = { node: { targetId: string; actor: { id: string } } };
    const entries: Entry["node"][] = own.data.auditLog.edges.map((e: Entry) => e.node);
    const foreign = new Set(Object.values(idsOf(b)).map(rawId));
    assert.ok(entries.length > 0);
    assert.deepEqual(
      entries.filter((e) => foreign.has(e.targetId) || foreign.has(e.actor.id)),
      [],
    );
  },
  "Query.incidents": async ({ api, a, b }) => {
    const query = "query($w: ID!) { incidents(workspaceId: $w) { edges { node { id node { id } } } } }";
    for (const [kind, caller] of callersOf(a)) {
      assertNotFound(await api.gql(query, { w: b.workspaceId }, caller), `incidents(B) as ${kind}`);
      const filtered = await api.gql(
        "query($w: ID!, $n: ID!) { incidents(workspaceId: $w, filter: { nodeId: $n }) { edges { node { id } } } }",
        { w: a.workspaceId, n: b.agent.nodeId },
        caller,
      );
      if (kind === "agent") assertNotFound(filtered, "agents read no incidents");
      else assert.deepEqual(filtered.data.incidents.edges, [], `A filtering by B's node as ${kind}`);
    }
    const own = await api.gql(query, { w: a.workspaceId }, a.owner);
    assert.deepEqual(
      own.data.incidents.edges.map((e: any) => [e.node.id, e.node.node.id]),
      [[a.incidentId, a.agent.nodeId]],
    );
  },
  "Query.workspaceAnalytics": async ({ api, a, b }) => {
    const query = "query($w: ID!) { workspaceAnalytics(workspaceId: $w) { nodes incidents openIncidents } }";
    for (const [kind, caller] of callersOf(a))
      assertNotFound(await api.gql(query, { w: b.workspaceId }, caller), `workspaceAnalytics(B) as ${kind}`);
    const own = await api.gql(query, { w: a.workspaceId }, a.owner);
    assert.deepEqual(own.data.workspaceAnalytics, { nodes: 2, incidents: 1, openIncidents: 1 });
  },
  "Query.mitigationActionTypes": async ({ api, a }) => {
    const query = "{ mitigationActionTypes { type } }";
    const anonymous = await api.gql(query);
    assert.equal(errorCode({ ...anonymous, payload: null }), "UNAUTHENTICATED");
    const lists = await Promise.all(callersOf(a).map(([, caller]) => api.gql(query, {}, caller)));
    for (const list of lists) assert.deepEqual(list.data, lists[0]?.data, "no tenant data in the catalogue");
  },
  "Query.mitigationActions": async ({ api, a, b }) => {
    const query = "query($w: ID!) { mitigationActions(workspaceId: $w) { id } }";
    for (const [kind, caller] of callersOf(a))
      assertNotFound(await api.gql(query, { w: b.workspaceId }, caller), `mitigationActions(B) as ${kind}`);
    const filtered = await api.gql(
      "query($w: ID!, $n: ID!) { mitigationActions(workspaceId: $w, filter: { nodeId: $n }) { id } }",
      { w: a.workspaceId, n: b.agent.nodeId },
      a.owner,
    );
    assert.deepEqual(filtered.data.mitigationActions, [], "A filtering by B's node");
  },
  "Query.mitigationRules": async ({ api, a, b }) => {
    const query = "query($w: ID!) { mitigationRules(workspaceId: $w) { id } }";
    for (const [kind, caller] of callersOf(a))
      assertNotFound(await api.gql(query, { w: b.workspaceId }, caller), `mitigationRules(B) as ${kind}`);
    assert.deepEqual((await api.gql(query, { w: a.workspaceId }, a.owner)).data.mitigationRules, []);
  },
  "Query.mitigationSafelist": async ({ api, a, b }) => {
    const query = "query($w: ID!) { mitigationSafelist(workspaceId: $w) }";
    for (const [kind, caller] of callersOf(a))
      assertNotFound(await api.gql(query, { w: b.workspaceId }, caller), `mitigationSafelist(B) as ${kind}`);
    assert.deepEqual((await api.gql(query, { w: a.workspaceId }, a.owner)).data.mitigationSafelist, []);
  },
  "Query.previewMitigation": async ({ api, a, b }) => {
    const query =
      "query($input: PreviewMitigationInput!) { previewMitigation(input: $input) { valid apply { argv } } }";
    const input = { nodeId: b.agent.nodeId, actionType: "NFT_DROP_PROTOCOL", params: { protocol: "gre" } };
    for (const [kind, caller] of callersOf(a))
      assertNotFound(await api.gql(query, { input }, caller), `previewMitigation(B's node) as ${kind}`);
    const withIncident = { ...input, nodeId: a.agent.nodeId, incidentId: b.incidentId };
    assertNotFound(await api.gql(query, { input: withIncident }, a.owner), "A's node with B's incident");
  },
  "Query.networkMitigation": async ({ api, a, b }) => {
    const query = "query($w: ID!) { networkMitigation(workspaceId: $w) { configured rules { id } } }";
    for (const [kind, caller] of callersOf(a))
      assertNotFound(await api.gql(query, { w: b.workspaceId }, caller), `networkMitigation(B) as ${kind}`);
    const own = await api.gql(query, { w: a.workspaceId }, a.owner);
    assert.deepEqual(own.data.networkMitigation, { configured: false, rules: [] });
  },
  "Query.me": async ({ api, a }) => {
    for (const [kind, caller] of callersOf(a)) {
      const { data } = await api.gql("{ me { email memberships { workspace { id } } } }", {}, caller);
      if (kind !== "session") assert.equal(data.me, null, kind);
      else {
        assert.equal(data.me.email, a.owner.email);
        assert.deepEqual(data.me.memberships, [{ workspace: { id: a.workspaceId } }], "no B workspace");
      }
    }
  },
  "Query.node": async ({ api, a, b }) => {
    const query = "query($id: ID!) { node(id: $id) { id } }";
    for (const [what, id] of Object.entries(idsOf(b))) {
      // Same answer as for an object of that type that does not exist at all.
      const lookalike = encodeGlobalID(decodeGlobalID(id).typename, randomUUID());
      const missing = await api.gql(query, { id: lookalike }, a.owner);
      for (const [kind, caller] of callersOf(a)) {
        const result = await api.gql(query, { id }, caller);
        assertNotFound(result, `node(B's ${what}) as ${kind}`);
        assert.equal(result.data?.node ?? null, null);
        assert.equal(result.errors?.[0]?.message, missing.errors?.[0]?.message, `${what} stands out`);
      }
    }
  },
  "Query.nodes": async ({ api, a, b }) => {
    const foreign = Object.values(idsOf(b));
    for (const [kind, caller] of callersOf(a)) {
      const ids = [a.nodeId, ...foreign];
      const result = await api.gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids }, caller);
      // A's own node where it may read it (not the agent), and each of B's objects NOT_FOUND in its slot.
      const expected = ids.map((id, i) => (i === 0 && kind !== "agent" ? { id } : null));
      assert.deepEqual(result.data.nodes, expected, kind);
      const errors = (result.errors ?? []) as { path?: unknown[]; extensions?: { code?: string } }[];
      const refused = expected.flatMap((o, i) => (o ? [] : [[i, "NOT_FOUND"]]));
      const slots = errors.map((e) => [e.path?.[1], e.extensions?.code]);
      assert.deepEqual(
        slots.sort((x, y) => Number(x[0]) - Number(y[0])),
        refused,
        kind,
      );
    }
  },
  "Query.serverInfo": async ({ api, a }) => {
    const anonymous = await api.gql("{ serverInfo { name version } }");
    assert.deepEqual(Object.keys(anonymous.data.serverInfo).sort(), ["name", "version"]);
    for (const [, caller] of callersOf(a))
      assert.deepEqual((await api.gql("{ serverInfo { name version } }", {}, caller)).data, anonymous.data);
  },
  "Query.verifyAuditChain": async ({ api, a, b }) => {
    const query = "query($w: ID!) { verifyAuditChain(workspaceId: $w) { valid entriesChecked } }";
    for (const [kind, caller] of callersOf(a))
      assertNotFound(await api.gql(query, { w: b.workspaceId }, caller), kind);
    assert.equal((await api.gql(query, { w: a.workspaceId }, a.owner)).data.verifyAuditChain.valid, true);
  },
  "Query.workspace": async ({ api, a, b }) => {
    const query = "query($s: String!) { workspace(slug: $s) { id name } }";
    const missing = await api.gql(query, { s: "no-such-workspace" }, a.owner);
    for (const [kind, caller] of callersOf(a)) {
      const result = await api.gql(query, { s: b.slug }, caller);
      assertNotFound(result, `workspace(B's slug) as ${kind}`);
      assert.equal(result.errors?.[0]?.message, missing.errors?.[0]?.message);
    }
  },
  "Query.workspaces": async ({ api, a, b, bSideWorkspaceId }) => {
    const secrets = [...Object.values(idsOf(b)), bSideWorkspaceId, b.slug, b.owner.email, b.member.email];
    for (const [kind, caller] of callersOf(a)) {
      const query = kind === "session" ? WORKSPACES_DEEP : "{ workspaces { edges { node { id } } } }";
      const result = await api.gql(query, {}, caller);
      const ids = result.data.workspaces.edges.map((e: { node: { id: string } }) => e.node.id);
      assert.deepEqual(ids, kind === "agent" ? [] : [a.workspaceId], kind);
      for (const secret of [...secrets, "b-later@"])
        assert.ok(!JSON.stringify(result).includes(secret), `${kind} sees ${secret}`);
    }
  },

  "Query.failedJobs": async (ctx) => {
    const { api, a, b } = ctx;
    const jobId = await failedJobOf(ctx);
    const query = "query($w: ID) { failedJobs(workspaceId: $w) { id } }";
    for (const [kind, caller] of callersOf(a))
      assertNotFound(await api.gql(query, { w: b.workspaceId }, caller), `failedJobs(B) as ${kind}`);
    // A's owner owns the oldest root workspace, so is the operator: system jobs only, never B's.
    const system = await api.gql(query, {}, a.owner);
    assert.ok(Array.isArray(system.data?.failedJobs), JSON.stringify(system));
    assert.ok(!system.data.failedJobs.some((j: { id: string }) => j.id === jobId), "B's job in A's listing");
    const own = await api.gql(query, { w: a.workspaceId }, a.owner);
    assert.deepEqual(own.data.failedJobs, []);
    assert.deepEqual((await api.gql(query, { w: b.workspaceId }, b.owner)).data.failedJobs, [{ id: jobId }]);
  },
  "Mutation.retryFailedJob": async (ctx) => {
    const { api, a, b } = ctx;
    const jobId = await failedJobOf(ctx);
    for (const [kind, caller] of callersOf(a)) {
      const result = await mutate(api, caller, "retryFailedJob", { jobId });
      assert.equal(result.payload?.__typename, "NotFoundError", `retryFailedJob(B's job) as A's ${kind}`);
    }
    const still = await api.gql(
      "query($w: ID) { failedJobs(workspaceId: $w) { id } }",
      { w: b.workspaceId },
      b.owner,
    );
    assert.deepEqual(still.data.failedJobs, [{ id: jobId }], "B's job is still failed");
  },
  "Mutation.acceptInvitation": async ({ api, a, b }) => {
    for (const [kind, caller] of callersOf(a)) {
      const result = await mutate(api, caller, "acceptInvitation", { token: b.pendingInvitationToken });
      if (kind === "session") assert.equal(result.payload?.__typename, "ForbiddenError", "another e-mail");
      else assert.equal(errorCode(result), "FORBIDDEN", kind);
    }
  },
  "Mutation.agentHeartbeat": async ({ api, a }) => {
    for (const [kind, caller] of callersOf(a)) {
      const result = await mutate(api, caller, "agentHeartbeat", { agentVersion: "1.0.1" }, NODE_PAYLOAD);
      if (kind === "agent") assert.equal(result.payload?.node.id, a.agent.nodeId, "only for its own node");
      else assert.equal(errorCode(result), "FORBIDDEN", kind);
    }
  },
  "Mutation.updateProfile": async ({ api, a, b }) => {
    // Only ever the caller's own name; no key or agent has one.
    const input = { name: "Renamed member" };
    for (const [kind, caller] of callersOf(a).slice(1))
      assert.equal(errorCode(await mutate(api, caller, "updateProfile", input)), "FORBIDDEN", kind);
    await mutateOk(api, a.member, "updateProfile", input, "... on UpdateProfilePayload { user { id } }");
    const me = await api.gql("{ me { name } }", {}, b.owner);
    assert.notEqual(me.data.me.name, "Renamed member", "B's owner keeps its name");
  },
  "Mutation.changeMemberRole": (ctx) => refuses(ctx, "changeMemberRole"),
  "Mutation.changePassword": async ({ api, a, b }) => {
    // Only ever the caller's own password (A's analyst here, so A's owner stays signed in).
    const input = { currentPassword: PASSWORD, newPassword: "a-brand-new-long-passphrase" };
    for (const [kind, caller] of callersOf(a).slice(1))
      assert.equal(errorCode(await mutate(api, caller, "changePassword", input)), "FORBIDDEN", kind);
    await mutateOk(api, a.member, "changePassword", input, "... on ChangePasswordPayload { user { id } }");
    const me = await api.gql("{ me { email } }", {}, b.owner);
    assert.equal(me.data.me.email, b.owner.email, "B's sessions are not ended");
  },
  "Mutation.createApiKey": (ctx) => refuses(ctx, "createApiKey"),
  "Mutation.createEnrollmentToken": (ctx) => refuses(ctx, "createEnrollmentToken"),
  "Mutation.createNode": (ctx) => refuses(ctx, "createNode"),
  "Mutation.createWorkspace": async (ctx) => {
    await refuses(ctx, "createWorkspace");
    const taken = await mutate(ctx.api, ctx.a.owner, "createWorkspace", { name: "Mine", slug: ctx.b.slug });
    assert.equal(taken.payload?.__typename, "ConflictError", "B's slug cannot be taken over");
  },
  "Mutation.deleteNode": (ctx) => refuses(ctx, "deleteNode"),
  "Mutation.deleteWorkspace": (ctx) => refuses(ctx, "deleteWorkspace"),
  "Mutation.enrollAgent": async ({ api, a }) => {
    for (const [kind, caller] of [...callersOf(a), ["anonymous", {}] as const]) {
      const input = { token: "lve_bogus_token", hostname: "spy", agentVersion: "1.0.0" };
      const result = await mutate(api, caller, "enrollAgent", input);
      assert.equal(result.payload?.__typename, "AuthenticationError", `${kind}: ${JSON.stringify(result)}`);
    }
    // A's token, named like B's agent node: a node of A's own, B's node is left alone.
    const token = await createEnrollmentToken(api, a.owner, a.workspaceId);
    const where = { id: rawId((await enrollAgent(api, token, "b-agent-1")).nodeId) };
    const node = await api.server.services.database.prisma.node.findUniqueOrThrow({ where });
    assert.equal(node.workspaceId, rawId(a.workspaceId));
  },
  "Mutation.inviteMember": (ctx) => refuses(ctx, "inviteMember"),
  "Mutation.announceMitigation": (ctx) => refuses(ctx, "announceMitigation"),
  "Mutation.updateNetworkMitigation": (ctx) => refuses(ctx, "updateNetworkMitigation"),
  "Mutation.withdrawMitigation": async ({ api, a, b }) => {
    // A rule of B's (stored directly: B has no speaker) must be NOT_FOUND to every caller of A.
    const { prisma } = api.server.services.database;
    const id = randomUUID();
    const now = new Date();
    await prisma.networkMitigationRule.create({
      data: {
        id,
        workspaceId: rawId(b.workspaceId),
        key: "rtbh 203.0.113.9/32",
        level: "RTBH",
        intent: { kind: "RTBH", prefix: "203.0.113.9/32", nextHop: "192.0.2.1", communities: [] },
        state: "ANNOUNCED",
        manual: true,
        createdAt: now,
        announcedAt: now,
        expiresAt: new Date(now.getTime() + 600_000),
      },
    });
    const ruleId = encodeGlobalID("NetworkMitigationRule", id);
    for (const [kind, caller] of callersOf(a)) {
      const result = await mutate(api, caller, "withdrawMitigation", { ruleId });
      assert.equal(errorCode(result), "NOT_FOUND", `withdrawMitigation(B's rule) as ${kind}`);
      assertNotFound(await api.gql("query($id: ID!) { node(id: $id) { id } }", { id: ruleId }, caller), kind);
    }
    const rule = await prisma.networkMitigationRule.findUniqueOrThrow({ where: { id } });
    assert.equal(rule.state, "ANNOUNCED");
    await prisma.networkMitigationRule.delete({ where: { id } });
  },
  "Mutation.login": async ({ api, b }) => {
    const password = "not-the-password-1";
    const wrong = await mutate(api, {}, "login", { email: b.owner.email, password });
    const unknown = await mutate(api, {}, "login", { email: "nobody@example.com", password });
    assert.equal(wrong.payload?.__typename, "AuthenticationError");
    assert.equal(wrong.payload?.message, unknown.payload?.message, "existing accounts are not told apart");
    assert.deepEqual(wrong.cookies, []);
  },
  "Mutation.requestPasswordReset": async ({ api, a, b }) => {
    // Whoever asks about B's owner gets what an unknown address gets, and no link is made for B.
    const { prisma } = api.server.services.database;
    const answer = (r: Awaited<ReturnType<typeof mutate>>) =>
      JSON.stringify([r.payload?.__typename, errorCode(r), r.payload?.message ?? r.errors?.[0]?.message]);
    for (const [kind, caller] of [["anonymous", {}] as const, ...callersOf(a)]) {
      const forB = await mutate(api, caller, "requestPasswordReset", { email: b.owner.email });
      const unknown = await mutate(api, caller, "requestPasswordReset", { email: "nobody@example.com" });
      assert.equal(answer(forB), answer(unknown), kind);
    }
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: b.owner.email } });
    assert.equal(await prisma.passwordReset.count({ where: { userId: owner.id } }), 0);
  },
  "Mutation.resetPassword": async ({ api, b }) => {
    // A link is one account's: made for another user, it sets that user's password, never B's.
    const { prisma } = api.server.services.database;
    const owner = () => prisma.user.findUniqueOrThrow({ where: { email: b.owner.email } });
    const hashBefore = (await owner()).passwordHash;
    const other = await api.signup("reset-isolation@example.com");
    const { token } = await prisma.$transaction((tx) =>
      createPasswordReset(tx, decodeGlobalID(other.userId).id),
    );
    const password = "isolated-new-passphrase";
    for (const tried of ["not-a-token", token]) {
      const result = await mutate(api, {}, "resetPassword", { token: tried, password });
      assert.equal(result.payload?.__typename, tried === token ? "ResetPasswordPayload" : "ValidationError");
    }
    assert.equal((await owner()).passwordHash, hashBefore, "B's password unchanged");
    const me = await api.gql("{ me { email } }", {}, b.owner);
    assert.equal(me.data.me.email, b.owner.email, "B's sessions are not ended");
  },
  "Mutation.logout": async ({ api, a, b }) => {
    const login = await mutate(api, {}, "login", { email: a.owner.email, password: PASSWORD });
    const cookie = sessionCookieOf(login.cookies);
    assert.equal((await api.gql("mutation { logout }", {}, { cookie })).data.logout, true);
    for (const [, caller] of callersOf(a).slice(1))
      assert.equal((await api.gql("mutation { logout }", {}, caller)).data.logout, false);
    const me = await api.gql("{ me { email } }", {}, b.owner);
    assert.equal(me.data.me.email, b.owner.email, "B stays signed in");
  },
  "Mutation.removeMember": (ctx) => refuses(ctx, "removeMember"),
  "Mutation.createMitigationRule": (ctx) => refuses(ctx, "createMitigationRule"),
  "Mutation.deleteMitigationRule": (ctx) => refuses(ctx, "deleteMitigationRule", [{ ruleId: ctx.bRuleId }]),
  "Mutation.reportMitigationResults": async ({ api, a, bActionId }) => {
    const query = `mutation($reports: [MitigationReportInput!]!) { reportMitigationResults(reports: $reports) {
      __typename ... on ReportMitigationResultsPayload { recorded } ... on Error { code } } }`;
    const reports = [{ actionId: rawId(bActionId), kind: "UNDONE", ok: true, commands: [] }];
    for (const [kind, caller] of callersOf(a)) {
      const result = await api.gql(query, { reports }, caller);
      const payload = result.data?.reportMitigationResults;
      if (kind === "agent")
        assert.equal(payload.recorded, 0, "an agent reports on its own node's actions only");
      else assert.equal(errorCode({ ...result, payload }), "FORBIDDEN", kind);
    }
  },
  "Mutation.runMitigation": (ctx) => refuses(ctx, "runMitigation"),
  "Mutation.setMitigationSafelist": (ctx) => refuses(ctx, "setMitigationSafelist"),
  "Mutation.undoMitigation": (ctx) => refuses(ctx, "undoMitigation", [{ actionId: ctx.bActionId }]),
  "Mutation.updateMitigationRule": (ctx) =>
    refuses(ctx, "updateMitigationRule", [{ ruleId: ctx.bRuleId, enabled: false }]),
  "Mutation.reportTelemetry": async ({ api, a }) => {
    // An agent key reports for its own node only: the call names no node at all.
    const samples = [sample(Date.now() - 500, 100)];
    for (const [kind, caller] of callersOf(a)) {
      const result = await api.gql(REPORT, { samples }, caller);
      const payload = result.data?.reportTelemetry;
      if (kind === "agent") assert.equal(payload.accepted, 1);
      else assert.equal(errorCode({ ...result, payload }), "FORBIDDEN", kind);
    }
    const { prisma } = api.server.services.database;
    const latest = await prisma.trafficSample.findFirst({
      orderBy: { ts: "desc" },
      where: { interface: "eth0" },
    });
    assert.equal(latest?.nodeId, rawId(a.agent.nodeId));
  },
  // The agent's persistent transport: the same mutation over graphql-ws, same rules.
  "Mutation.reportTelemetry over graphql-ws": async ({ api, a, base }) => {
    const samples = [sample(Date.now() - 250, 100)];
    for (const [kind, caller] of callersOf(a)) {
      const result = await overSocket(base, caller, REPORT, { samples });
      const payload = result.data?.reportTelemetry;
      if (kind === "agent") assert.equal(payload?.accepted, 1, JSON.stringify(result));
      else assert.equal(payload?.code ?? result.errors?.[0]?.extensions?.code, "FORBIDDEN", kind);
    }
    const { prisma } = api.server.services.database;
    const latest = await prisma.trafficSample.findFirst({
      orderBy: { ts: "desc" },
      where: { interface: "eth0" },
    });
    assert.equal(latest?.nodeId, rawId(a.agent.nodeId));
  },
  "Mutation.setNodeThresholds": (ctx) => refuses(ctx, "setNodeThresholds"),
  "Mutation.setWorkspaceDetectionMultiplier": (ctx) => refuses(ctx, "setWorkspaceDetectionMultiplier"),
  "Mutation.setWorkspaceMailServer": (ctx) => refuses(ctx, "setWorkspaceMailServer"),
  "Mutation.clearWorkspaceMailServer": (ctx) => refuses(ctx, "clearWorkspaceMailServer"),
  "Mutation.uploadIncidentCapture": async ({ api, a, b }) => {
    const query = `mutation($input: UploadIncidentCaptureInput!, $file: File!) {
      uploadIncidentCapture(input: $input, file: $file) { __typename ... on Error { code } } }`;
    for (const [kind, caller] of callersOf(a)) {
      const form = new FormData();
      const input = { incidentId: b.incidentId, preBufferPackets: 0, packets: 1 };
      form.set("operations", JSON.stringify({ query, variables: { input, file: null } }));
      form.set("map", JSON.stringify({ 0: ["variables.file"] }));
      form.set("0", new Blob([pcapBytes([60]) as Uint8Array<ArrayBuffer>]), "x.pcap");
      const headers: Record<string, string> = {};
      if (caller.token) headers.authorization = `Bearer ${caller.token}`;
      if (caller.cookie) headers.cookie = `levee_session=${caller.cookie}`;
      const response = await api.server.yoga.fetch("http://levee.test/graphql", {
        method: "POST",
        headers,
        body: form,
      });
      const result = (await response.json()) as GqlResult;
      const payload = result.data?.uploadIncidentCapture;
      // Valid credentials of the wrong kind (yoga.fetch: the field's agent scope answers, not the router's gate).
      const expected = kind === "agent" ? "NOT_FOUND" : "FORBIDDEN";
      assert.equal(errorCode({ ...result, payload }), expected, `${kind}: ${JSON.stringify(result)}`);
    }
  },
  "Mutation.revokeApiKey": (ctx) => refuses(ctx, "revokeApiKey"),
  "Mutation.signup": async ({ api, b }) => {
    const input = { email: b.owner.email.toUpperCase(), name: "Impostor", password: `${PASSWORD}-x` };
    const result = await mutate(api, {}, "signup", input);
    assert.equal(result.payload?.__typename, "ForbiddenError");
    assert.deepEqual(result.cookies, []);
  },
  "Mutation.updateNode": (ctx) => refuses(ctx, "updateNode"),
  "Mutation.createAlertChannel": (ctx) => refuses(ctx, "createAlertChannel"),
  "Mutation.updateAlertChannel": (ctx) => refuses(ctx, "updateAlertChannel"),
  "Mutation.deleteAlertChannel": (ctx) => refuses(ctx, "deleteAlertChannel"),
  "Mutation.testAlertChannel": (ctx) => refuses(ctx, "testAlertChannel"),
  "Mutation.acknowledgeIncident": (ctx) => refuses(ctx, "acknowledgeIncident"),
  "Mutation.createEscalationPolicy": async (ctx) => {
    await refuses(ctx, "createEscalationPolicy");
    // A's own workspace naming B's channel in a step: refused, B's channel is not A's.
    const steps = [{ channelIds: [ctx.bAlerts.channelId], delaySeconds: 0 }];
    const input = { workspaceId: ctx.a.workspaceId, name: "steal", steps };
    const result = await mutate(ctx.api, ctx.a.owner, "createEscalationPolicy", input);
    assert.equal(result.payload?.__typename, "ValidationError", JSON.stringify(result));
  },
  "Mutation.updateEscalationPolicy": async (ctx) => {
    await refuses(ctx, "updateEscalationPolicy");
    // A's own policy given a step naming B's channel: refused, as when created.
    const { policy } = await mutateOk(
      ctx.api,
      ctx.a.owner,
      "createEscalationPolicy",
      { workspaceId: ctx.a.workspaceId, name: "a-own", steps: [] },
      "... on EscalationPolicyPayload { policy { id } }",
    );
    const steps = [{ channelIds: [ctx.bAlerts.channelId], delaySeconds: 0 }];
    const result = await mutate(ctx.api, ctx.a.owner, "updateEscalationPolicy", {
      policyId: policy.id,
      steps,
    });
    assert.equal(result.payload?.__typename, "ValidationError", JSON.stringify(result));
  },
  "Mutation.deleteEscalationPolicy": (ctx) => refuses(ctx, "deleteEscalationPolicy"),
  "Mutation.createMaintenanceWindow": async (ctx) => {
    await refuses(ctx, "createMaintenanceWindow");
    const input = {
      workspaceId: ctx.a.workspaceId,
      nodeId: ctx.b.nodeId,
      name: "mute-b",
      startsAt: "2026-01-01T00:00:00Z",
      endsAt: "2030-01-01T00:00:00Z",
    };
    assertNotFound(
      await mutate(ctx.api, ctx.a.owner, "createMaintenanceWindow", input),
      "B's node in A's window",
    );
  },
  "Mutation.updateMaintenanceWindow": async (ctx) => {
    await refuses(ctx, "updateMaintenanceWindow");
    // A's own window moved onto B's node: B's node is not found.
    const { window } = await mutateOk(
      ctx.api,
      ctx.a.owner,
      "createMaintenanceWindow",
      {
        workspaceId: ctx.a.workspaceId,
        name: "a-own",
        startsAt: "2030-01-01T00:00:00Z",
        endsAt: "2030-01-02T00:00:00Z",
      },
      "... on MaintenanceWindowPayload { window { id } }",
    );
    assertNotFound(
      await mutate(ctx.api, ctx.a.owner, "updateMaintenanceWindow", {
        windowId: window.id,
        nodeId: ctx.b.nodeId,
      }),
      "B's node in A's window",
    );
  },
  "Mutation.deleteMaintenanceWindow": (ctx) => refuses(ctx, "deleteMaintenanceWindow"),
  "Mutation.updateWorkspace": (ctx) => refuses(ctx, "updateWorkspace"),
  "Mutation.updateStatusPage": (ctx) => refuses(ctx, "updateStatusPage"),
  "Mutation.addStatusPageNotice": (ctx) => refuses(ctx, "addStatusPageNotice"),
  "Mutation.deleteStatusPageNotice": (ctx) =>
    refuses(ctx, "deleteStatusPageNotice", [{ noticeId: ctx.bNoticeId }]),
  // B's feed link is neither renewed nor read (its token is B's settings', behind Query.workspace); A's
  // own link opening nothing of B's page is in Mutation.unlockStatusPage below.
  "Mutation.editIncidentUpdate": (ctx) =>
    refuses(ctx, "editIncidentUpdate", [
      { updateId: ctx.bIncidentUpdateId, status: "MONITORING", message: "pwned" },
    ]),
  "Mutation.renewStatusPageFeedToken": (ctx) =>
    refuses(ctx, "renewStatusPageFeedToken", [{ workspaceId: ctx.b.workspaceId }]),
  "Mutation.postIncidentUpdate": async (ctx) => {
    await refuses(ctx, "postIncidentUpdate");
    // B's incident's updates are not read through A's incident, nor is B's update through node(id).
    const query = "query($id: ID!) { node(id: $id) { ... on Incident { publicUpdates { id message } } } }";
    for (const [kind, caller] of callersOf(ctx.a))
      assertNotFound(
        await ctx.api.gql(query, { id: ctx.b.incidentId }, caller),
        `B's incident's updates as ${kind}`,
      );
  },
  "Mutation.deleteIncidentUpdate": (ctx) =>
    refuses(ctx, "deleteIncidentUpdate", [{ updateId: ctx.bIncidentUpdateId }]),
  // Public on purpose: B's private page refuses everyone alike, and takes no address from anyone.
  "Mutation.subscribeToStatusPage": async ({ api, a, b }) => {
    for (const input of [
      { slug: b.slug, email: "stranger@example.com" },
      { slug: b.slug, email: "stranger@example.com", nodes: ["B edge"] },
    ]) {
      assert.equal(errorCode(await mutate(api, {}, "subscribeToStatusPage", input)), "NOT_FOUND");
      for (const [kind, caller] of callersOf(a))
        assert.equal(errorCode(await mutate(api, caller, "subscribeToStatusPage", input)), "NOT_FOUND", kind);
    }
  },
  // A's own page taking subscriptions: B's node, named by its node name, its page name or its id,
  // is not one of A's page's nodes for anyone, and nothing is stored.
  "Mutation.subscribeToStatusPage over nodes": async ({ api, a, b }) => {
    const published = (enabled: boolean) =>
      mutateOk(
        api,
        a.owner,
        "updateStatusPage",
        {
          workspaceId: a.workspaceId,
          enabled,
          public: true,
          title: "A status",
          allowSubscriptions: enabled,
          nodes: [{ nodeId: a.agent.nodeId, displayName: "A edge" }],
        },
        "... on StatusPagePayload { statusPage { enabled } }",
      );
    const { prisma } = api.server.services.database;
    const bNode = await prisma.node.findUniqueOrThrow({ where: { id: rawId(b.agent.nodeId) } });
    await published(true);
    try {
      for (const name of [bNode.name, "B edge", b.agent.nodeId, bNode.id])
        for (const [kind, caller] of [["anonymous", {}] as const, ...callersOf(a)]) {
          const result = await mutate(
            api,
            caller,
            "subscribeToStatusPage",
            { slug: a.slug, email: "stranger@example.com", nodes: ["A edge", name] },
            "... on ValidationError { fieldErrors { path message } }",
          );
          assert.deepEqual(
            result.payload?.fieldErrors,
            [{ path: "input.nodes.1", message: "is not a node this status page shows" }],
            `${kind}: ${name}`,
          );
        }
      assert.equal(await prisma.statusPageSubscriber.count({ where: { email: "stranger@example.com" } }), 0);
    } finally {
      await published(false);
    }
  },
  // A token is the only key: A's credentials confirm or end nothing of B's without it.
  "Mutation.confirmStatusPageSubscription": async ({ api, a }) => {
    for (const [kind, caller] of [["anonymous", {}] as const, ...callersOf(a)]) {
      const result = await mutate(api, caller, "confirmStatusPageSubscription", { token: "not-b-token" });
      assert.equal(result.payload?.__typename, "ValidationError", kind);
    }
  },
  // A confirmation applies only nodes of its own workspace: a choice naming B's node (as a row
  // written by anything but the API's check would) leaves it out, and A's list never shows it.
  "Mutation.confirmStatusPageSubscription over nodes": async ({ api, a, b }) => {
    const { prisma } = api.server.services.database;
    const token = "a-confirm-token-naming-b-node";
    const row = await prisma.statusPageSubscriber.upsert({
      where: { workspaceId_email: { workspaceId: rawId(a.workspaceId), email: "a-reader@example.com" } },
      create: {
        workspaceId: rawId(a.workspaceId),
        email: "a-reader@example.com",
        confirmTokenHash: createHash("sha256").update(token).digest("hex"),
        confirmExpiresAt: new Date(Date.now() + 3_600_000),
        requestedNodeIds: [rawId(b.agent.nodeId), rawId(a.agent.nodeId)],
        unsubscribeTokenHash: "a".repeat(64),
        unsubscribeTokenSealed: "sealed",
      },
      update: {},
    });
    try {
      const result = await mutate(
        api,
        {},
        "confirmStatusPageSubscription",
        { token },
        "... on ConfirmStatusPageSubscriptionPayload { slug }",
      );
      assert.equal(result.payload?.slug, a.slug, JSON.stringify(result));
      const chosen = await prisma.statusPageSubscriberNode.findMany({ where: { subscriberId: row.id } });
      assert.deepEqual(
        chosen.map((c) => c.nodeId),
        [rawId(a.agent.nodeId)],
      );
    } finally {
      await prisma.statusPageSubscriber.delete({ where: { id: row.id } });
    }
  },
  "Mutation.unsubscribeFromStatusPage": async ({ api, a }) => {
    for (const [kind, caller] of [["anonymous", {}] as const, ...callersOf(a)]) {
      const result = await mutate(
        api,
        caller,
        "unsubscribeFromStatusPage",
        { token: "not-b-token" },
        "... on UnsubscribeFromStatusPagePayload { unsubscribed }",
      );
      assert.equal(result.payload?.unsubscribed, true, kind);
    }
  },
  "Mutation.removeStatusPageSubscriber": (ctx) =>
    refuses(ctx, "removeStatusPageSubscriber", [{ subscriberId: ctx.bSubscriberId }]),
  // Public on purpose: B's private page is null to everyone, A's credentials change nothing.
  "Query.statusPage": async ({ api, a, b }) => {
    const query = "query($s: String!) { statusPage(slug: $s) { title nodes { name } } }";
    const anonymous = await api.gql(query, { s: b.slug });
    assert.deepEqual(anonymous.data, { statusPage: null });
    for (const [kind, caller] of callersOf(a))
      assert.deepEqual((await api.gql(query, { s: b.slug }, caller)).data, anonymous.data, kind);
  },
  // Public on purpose: B's incident has no page on B's private page, nor on A's published one.
  "Query.statusPageIncident": async ({ api, a, b }) => {
    const query = "query($s: String!, $r: String!) { statusPageIncident(slug: $s, ref: $r) { title } }";
    const bRef = incidentRef(rawId(b.incidentId));
    const published = (enabled: boolean) =>
      mutateOk(
        api,
        a.owner,
        "updateStatusPage",
        {
          workspaceId: a.workspaceId,
          enabled,
          public: true,
          title: "A status",
          nodes: [{ nodeId: a.agent.nodeId, displayName: "A edge" }],
        },
        "... on StatusPagePayload { statusPage { enabled } }",
      );
    await published(true);
    try {
      const aRef = incidentRef(rawId(a.incidentId));
      const own = await api.gql(query, { s: a.slug, r: aRef });
      assert.deepEqual(
        own.data,
        { statusPageIncident: { title: "A status" } },
        "A's own incident has its page",
      );
      for (const slug of [b.slug, a.slug]) {
        const anonymous = await api.gql(query, { s: slug, r: bRef });
        assert.deepEqual(anonymous.data, { statusPageIncident: null }, slug);
        for (const [kind, caller] of callersOf(a))
          assert.deepEqual((await api.gql(query, { s: slug, r: bRef }, caller)).data, anonymous.data, kind);
      }
    } finally {
      await published(false);
    }
  },

  // Public on purpose: B's private page has no lock, and A's proof for A's own protected page opens
  // nothing of B's protected page, for any credential.
  "Query.statusPageLock": async ({ api, a, b }) => {
    const query = "query($s: String!) { statusPageLock(slug: $s) { title } }";
    for (const [kind, caller] of [["anonymous", {}] as const, ...callersOf(a)])
      assert.deepEqual((await api.gql(query, { s: b.slug }, caller)).data, { statusPageLock: null }, kind);
  },
  "Mutation.unlockStatusPage": async ({ api, a, b }) => {
    const page = (ws: typeof a, enabled: boolean, accessPassword: string | null) =>
      mutateOk(
        api,
        ws.owner,
        "updateStatusPage",
        {
          workspaceId: ws.workspaceId,
          enabled,
          public: true,
          title: "Locked",
          accessPassword,
          nodes: [{ nodeId: ws.agent.nodeId, displayName: "edge" }],
        },
        "... on StatusPagePayload { statusPage { passwordProtected } }",
      );
    // B's page is opened with the same password straight in the database, and put back as it was
    // (the suite compares B's rows before and after).
    const { prisma } = api.server.services.database;
    const bId = rawId(b.workspaceId);
    const bBefore = await prisma.statusPage.findUniqueOrThrow({ where: { workspaceId: bId } });
    await page(a, true, "same password");
    await prisma.statusPage.update({
      where: { workspaceId: bId },
      data: { enabled: true, public: true, accessPasswordHash: await hashPassword("same password") },
    });
    try {
      const unlock = (slug: string, caller = {}) =>
        mutate(
          api,
          caller,
          "unlockStatusPage",
          { slug, password: "same password" },
          "... on UnlockStatusPagePayload { access }",
        );
      const aAccess = (await unlock(a.slug)).payload?.access as string;
      assert.ok(aAccess);
      // A's feed link's token (A's page has a password, so a link): it opens A's page only.
      const aFeed = (
        await api.gql(
          "query($s: String!) { workspace(slug: $s) { statusPage { feedToken } } }",
          { s: a.slug },
          a.owner,
        )
      ).data.workspace.statusPage.feedToken as string;
      assert.ok(aFeed);
      const byFeed = "query($s: String!, $t: String) { statusPage(slug: $s, feedToken: $t) { title } }";
      assert.equal((await api.gql(byFeed, { s: a.slug, t: aFeed })).data.statusPage?.title, "Locked");
      const query =
        "query($s: String!, $x: String, $r: String!) { statusPage(slug: $s, access: $x) { title } statusPageIncident(slug: $s, ref: $r, access: $x) { title } }";
      const bRef = incidentRef(rawId(b.incidentId));
      for (const [kind, caller] of [["anonymous", {}] as const, ...callersOf(a)]) {
        assert.deepEqual(
          (await api.gql(byFeed, { s: b.slug, t: aFeed }, caller)).data,
          { statusPage: null },
          kind,
        );
        // A's proof (even for the same password) does not open B's page.
        assert.deepEqual(
          (await api.gql(query, { s: b.slug, x: aAccess, r: bRef }, caller)).data,
          { statusPage: null, statusPageIncident: null },
          kind,
        );
        assert.equal(
          errorCode(
            await mutate(api, caller, "subscribeToStatusPage", {
              slug: b.slug,
              email: "x@example.com",
              access: aAccess,
            }),
          ),
          "NOT_FOUND",
          kind,
        );
      }
    } finally {
      await page(a, false, null);
      const { enabled, public: isPublic, accessPasswordHash, updatedAt } = bBefore;
      await prisma.statusPage.update({
        where: { workspaceId: bId },
        data: { enabled, public: isPublic, accessPasswordHash, updatedAt },
      });
    }
  },

  "Subscription.incidentEvents": (ctx) =>
    refusesStream(
      ctx,
      "subscription($id: ID!) { incidentEvents(workspaceId: $id) { kind } }",
      ctx.b.workspaceId,
    ),
  "Subscription.mitigationEvents": (ctx) =>
    refusesStream(
      ctx,
      "subscription($id: ID!) { mitigationEvents(workspaceId: $id) { kind } }",
      ctx.b.workspaceId,
    ),
  "Subscription.networkMitigationEvents": (ctx) =>
    refusesStream(
      ctx,
      "subscription($id: ID!) { networkMitigationEvents(workspaceId: $id) { kind } }",
      ctx.b.workspaceId,
    ),
  "Subscription.nodeStatusChanged": (ctx) =>
    refusesStream(
      ctx,
      "subscription($id: ID!) { nodeStatusChanged(workspaceId: $id) { status } }",
      ctx.b.workspaceId,
    ),
  "Subscription.trafficUpdated": async (ctx) => {
    const query = "subscription($id: ID!) { trafficUpdated(nodeId: $id) { rxPps } }";
    await refusesStream(ctx, query, ctx.b.agent.nodeId);
    // A's own node's stream carries A's traffic only.
    const stream = await sseSubscription(ctx.base, ctx.a.owner, query, { id: ctx.a.agent.nodeId });
    try {
      let arrived = false;
      const first = stream.next(30_000).finally(() => {
        arrived = true;
      });
      // The stream may go live after the first reports: both nodes keep reporting until it yields.
      for (let i = 0; i < 100 && !arrived; i++) {
        await ctx.api.gql(
          REPORT,
          { samples: [sample(Date.now() - 200, 4242)] },
          { token: ctx.bSideAgentToken },
        );
        await ctx.api.gql(
          REPORT,
          { samples: [sample(Date.now() - 100, 1234)] },
          { token: ctx.a.agent.token },
        );
        await Promise.race([first.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 250))]);
      }
      assert.deepEqual((await first).data?.trafficUpdated, { rxPps: 1234 });
    } finally {
      stream.close();
    }
  },
  "Subscription.nodesTrafficUpdated": async (ctx) => {
    const { a, b, base } = ctx;
    const query = "subscription($ids: [ID!]!) { nodesTrafficUpdated(nodeIds: $ids) { nodeId rxPps } }";
    await refusesStream(
      ctx,
      "subscription($id: ID!) { nodesTrafficUpdated(nodeIds: [$id]) { rxPps } }",
      b.agent.nodeId,
    );
    // B's node beside A's own refuses the whole subscription, not just B's part of it.
    for (const [kind, caller] of callersOf(a)) {
      const stream = await sseSubscription(base, caller, query, { ids: [a.agent.nodeId, b.agent.nodeId] });
      try {
        assertNotFound(await stream.next(30_000), `nodesTrafficUpdated([A, B]) as ${kind}`);
      } finally {
        stream.close();
      }
    }
    // A's own page carries A's traffic only (both nodes keep reporting until it yields, as above).
    const stream = await sseSubscription(base, a.owner, query, { ids: [a.agent.nodeId] });
    try {
      let arrived = false;
      const first = stream.next(30_000).finally(() => {
        arrived = true;
      });
      for (let i = 0; i < 100 && !arrived; i++) {
        await ctx.api.gql(
          REPORT,
          { samples: [sample(Date.now() - 200, 4242)] },
          { token: ctx.bSideAgentToken },
        );
        await ctx.api.gql(REPORT, { samples: [sample(Date.now() - 100, 1234)] }, { token: a.agent.token });
        await Promise.race([first.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 250))]);
      }
      assert.deepEqual((await first).data?.nodesTrafficUpdated, { nodeId: a.agent.nodeId, rxPps: 1234 });
    } finally {
      stream.close();
    }
  },
  "Subscription.nodeEvents": async ({ api, a, b, bSideWorkspaceId, base }) => {
    for (const [kind, caller] of callersOf(a)) {
      const stream = await nodeEvents(base, caller, b.workspaceId);
      try {
        assertNotFound(await stream.next(30_000), `nodeEvents(B) as ${kind}`);
      } finally {
        stream.close();
      }
    }
    // A's own stream carries A's events only, never those of B's workspaces.
    const stream = await nodeEvents(base, a.owner, a.workspaceId);
    try {
      const first = await firstOfRenames(api, a, stream);
      assert.equal(first.data?.nodeEvents.nodeId, a.nodeId);
      const bNode = await createNode(api, b.owner, bSideWorkspaceId, "b-side-node");
      await renameNode(api, a, a.nodeId, "a-web-1");
      const events = await eventsBeforeMarker(api, a, stream, "a-marker-1", (e) => e.data?.nodeEvents.nodeId);
      const seen = events.map((e) => e.data?.nodeEvents);
      assert.ok(
        seen.some((e) => e?.kind === "UPDATED" && e.nodeId === a.nodeId),
        `A's rename came through: ${JSON.stringify(seen)}`,
      );
      // A's own nodes only (its agent's status may change meanwhile): never B's new one.
      for (const event of seen)
        assert.ok(
          [a.nodeId, a.agent.nodeId].includes(event?.nodeId),
          `A's events only: ${JSON.stringify(seen)}, B's node ${bNode}`,
        );
    } finally {
      stream.close();
    }
  },
  "Subscription.workspaceNodesChanged": async (ctx) => {
    const { api, a, b, bSideWorkspaceId, base } = ctx;
    await refusesStream(
      ctx,
      "subscription($id: ID!) { workspaceNodesChanged(workspaceIds: [$id]) { nodeId } }",
      b.workspaceId,
    );
    // B's workspace beside A's own refuses the whole subscription, not just B's part of it.
    const mixed = "subscription($ids: [ID!]!) { workspaceNodesChanged(workspaceIds: $ids) { nodeId } }";
    for (const [kind, caller] of callersOf(a)) {
      const stream = await sseSubscription(base, caller, mixed, { ids: [a.workspaceId, b.workspaceId] });
      try {
        assertNotFound(await stream.next(30_000), `workspaceNodesChanged([A, B]) as ${kind}`);
      } finally {
        stream.close();
      }
    }
    // A's own stream carries A's changes only, never those of B's workspaces.
    const stream = await sseSubscription(base, a.owner, mixed, { ids: [a.workspaceId] });
    try {
      const first = await firstOfRenames(api, a, stream);
      assert.equal(first.data?.workspaceNodesChanged.nodeId, a.nodeId);
      const bNode = await createNode(api, b.owner, bSideWorkspaceId, "b-side-node-2");
      await renameNode(api, a, a.nodeId, "a-web-1");
      const events = await eventsBeforeMarker(
        api,
        a,
        stream,
        "a-marker-2",
        (e) => e.data?.workspaceNodesChanged.nodeId,
      );
      const seen = events.map((e) => e.data?.workspaceNodesChanged);
      assert.ok(
        seen.some((e) => e?.nodeId === a.nodeId),
        `A's rename came through: ${JSON.stringify(seen)}`,
      );
      // A's own nodes only (its agent's status may change meanwhile): never B's new one.
      for (const event of seen)
        assert.ok(
          [a.nodeId, a.agent.nodeId].includes(event?.nodeId),
          `A's changes only: ${JSON.stringify(seen)}, B's node ${bNode}`,
        );
    } finally {
      stream.close();
    }
  },
  // White label and custom domains (branding/): B's look by slug is the default, exactly as for an
  // unknown slug (B has no public status page); B's pending domain routes nowhere.
  "Query.publicBranding": async ({ api, a, b }) => {
    const query =
      "query($s: String) { publicBranding(slug: $s) { theme productName logo light { primary } } }";
    const unknown = await api.gql(query, { s: "no-such-workspace" });
    for (const caller of [{}, ...callersOf(a).map(([, c]) => c)])
      assert.deepEqual((await api.gql(query, { s: b.slug }, caller)).data, unknown.data);
  },
  "Query.customDomainRoute": async ({ api, a }) => {
    const query = "query($h: String!) { customDomainRoute(host: $h) { slug } }";
    for (const caller of [{}, ...callersOf(a).map(([, c]) => c)])
      assert.equal(
        (await api.gql(query, { h: "status.b-corp-domain.com" }, caller)).data.customDomainRoute,
        null,
      );
  },
  "Query.themes": async ({ api, a }) => {
    const anonymous = await api.gql("{ themes { name } }");
    assert.equal(errorCode({ ...anonymous, payload: null }), "UNAUTHENTICATED");
    const lists = await Promise.all(
      callersOf(a).map(([, caller]) => api.gql("{ themes { name } }", {}, caller)),
    );
    for (const list of lists) assert.deepEqual(list.data, lists[0]?.data, "no tenant data in the theme list");
  },
  "Mutation.updateWorkspaceBranding": (ctx) => refuses(ctx, "updateWorkspaceBranding"),
  // Logo upload (branding/logo.service.ts): every caller of A sending a file for B's workspace is
  // refused, and B's look and stored logo stay as they were. In-process (yoga.fetch): the field
  // decides, not the router's upload gate (which refuses API keys before the body is read).
  "Mutation.uploadWorkspaceLogo": async ({ api, a, b }) => {
    const query = `mutation($input: UploadWorkspaceLogoInput!, $file: File!) {
      uploadWorkspaceLogo(input: $input, file: $file) { __typename ... on Error { code } } }`;
    const { prisma } = api.server.services.database;
    const before = await prisma.workspaceBranding.findUnique({
      where: { workspaceId: rawId(b.workspaceId) },
    });
    for (const [kind, caller] of callersOf(a)) {
      const form = new FormData();
      form.set(
        "operations",
        JSON.stringify({ query, variables: { input: { workspaceId: b.workspaceId }, file: null } }),
      );
      form.set("map", JSON.stringify({ 0: ["variables.file"] }));
      form.set(
        "0",
        new Blob([pngBytes(16, 16) as Uint8Array<ArrayBuffer>], { type: "image/png" }),
        "logo.png",
      );
      const headers: Record<string, string> = { "x-levee-upload": "1" };
      if (caller.token) headers.authorization = `Bearer ${caller.token}`;
      if (caller.cookie) headers.cookie = `levee_session=${caller.cookie}`;
      const response = await api.server.yoga.fetch("http://levee.test/graphql", {
        method: "POST",
        headers,
        body: form,
      });
      const result = (await response.json()) as GqlResult;
      const payload = result.data?.uploadWorkspaceLogo;
      assert.ok(
        ["NOT_FOUND", "FORBIDDEN"].includes(errorCode({ ...result, payload }) ?? ""),
        `${kind}: ${JSON.stringify(result)}`,
      );
    }
    assert.deepEqual(
      await prisma.workspaceBranding.findUnique({ where: { workspaceId: rawId(b.workspaceId) } }),
      before,
    );
    assert.equal(await prisma.workspaceLogo.count({ where: { workspaceId: rawId(b.workspaceId) } }), 0);
  },
  // Public by design: the file behind a logo URL by its hash; every caller gets what anonymous gets.
  "Query.brandingLogo": async ({ api, a }) => {
    const query = "query($h: String!) { brandingLogo(sha256: $h) { contentType width } }";
    for (const h of ["0".repeat(64), "not-a-hash"])
      for (const caller of [{}, ...callersOf(a).map(([, c]) => c)])
        assert.equal((await api.gql(query, { h }, caller)).data.brandingLogo, null);
  },
  "Mutation.addCustomDomain": (ctx) => refuses(ctx, "addCustomDomain"),
  "Mutation.createCustomerWorkspace": (ctx) => refuses(ctx, "createCustomerWorkspace"),
  "Mutation.verifyCustomDomain": (ctx) =>
    refuses(ctx, "verifyCustomDomain", [{ customDomainId: ctx.bDomainId }]),
  "Mutation.removeCustomDomain": (ctx) =>
    refuses(ctx, "removeCustomDomain", [{ customDomainId: ctx.bDomainId }]),
};

/** B's alert channel, escalation policy and maintenance window (targets of A's attempts). */
async function createAlerting(api: TestApi, b: Tenant): Promise<Ctx["bAlerts"]> {
  const channel = await mutateOk(
    api,
    b.owner,
    "createAlertChannel",
    {
      workspaceId: b.workspaceId,
      kind: "PAGERDUTY",
      name: "b-pager",
      settings: { routingKey: "b-routing-key" },
    },
    "... on AlertChannelPayload { channel { id } }",
  );
  const channelId = channel.channel.id as string;
  const policy = await mutateOk(
    api,
    b.owner,
    "createEscalationPolicy",
    { workspaceId: b.workspaceId, name: "b-policy", steps: [{ channelIds: [channelId], delaySeconds: 0 }] },
    "... on EscalationPolicyPayload { policy { id } }",
  );
  const window = await mutateOk(
    api,
    b.owner,
    "createMaintenanceWindow",
    {
      workspaceId: b.workspaceId,
      name: "b-window",
      startsAt: "2020-01-01T00:00:00Z",
      endsAt: "2020-01-02T00:00:00Z",
    },
    "... on MaintenanceWindowPayload { window { id } }",
  );
  return { channelId, policyId: policy.policy.id, windowId: window.window.id };
}

/** A subscription on B's object is NOT_FOUND for each of A's credentials. */
/** A failed job of B's workspace (a real job run by the API's queue that exhausts its attempts). */
async function failedJobOf({ api, b }: Ctx): Promise<string> {
  const { jobs } = api.server.services;
  const name = "isolation-probe";
  const find = async () => (await jobs.failedJobs({ name }))[0];
  if (!(await find())) {
    if (!(name in (await jobs.failedCounts()))) {
      jobs.register(name, async () => {
        throw new Error("fails on purpose");
      });
    }
    await jobs.enqueue(name, { workspaceId: rawId(b.workspaceId) }, { attempts: 1 });
    await waitFor(async () => Boolean(await find()));
  }
  const job = (await find()) as { name: string; id: string };
  return encodeGlobalID("FailedJob", `${job.name}/${job.id}`);
}

async function refusesStream({ a, base }: Ctx, query: string, id: string) {
  for (const [kind, caller] of callersOf(a)) {
    const stream = await sseSubscription(base, caller, query, { id });
    try {
      assertNotFound(await stream.next(30_000), `${query} on B as ${kind}`);
    } finally {
      stream.close();
    }
  }
}

/** One operation over graphql-ws with A's credential (key in connection_init, cookie on the upgrade). */
async function overSocket(base: string, caller: Caller, query: string, variables: Record<string, unknown>) {
  const headers: Record<string, string> = caller.cookie ? { cookie: `levee_session=${caller.cookie}` } : {};
  class WithCookie extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const client = createClient({
    url: `${base.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WithCookie,
    connectionParams: caller.token ? { authorization: `Bearer ${caller.token}` } : {},
    retryAttempts: 0,
  });
  try {
    type Reply = { data?: Record<string, any> | null; errors?: GqlResult["errors"] };
    return await new Promise<Reply>((resolve) => {
      let last: Reply = {};
      client.subscribe(
        { query, variables },
        {
          next: (value) => {
            last = value as Reply;
          },
          error: (error) => resolve({ errors: (Array.isArray(error) ? error : [error]) as Reply["errors"] }),
          complete: () => resolve(last),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

const rootFields = () =>
  [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
    Object.keys(type?.getFields() ?? {}).map((field) => `${type?.name}.${field}`),
  );

for (const engine of engines) {
  describe(`tenant isolation on ${engine}`, () => {
    // Isolation is what is tested here, not the rate limits (security/abuse.test.ts): the suite's
    // few callers send hundreds of requests in seconds, and past 60 a second one of them was
    // refused RATE_LIMITED in a CI run. Nor node liveness: the tenants' agents report once, in
    // before(), and a suite slowed past the 90 s offline window had the periodic sweep write into B
    // (its node OFFLINE, a node.offline audit row) — a day is longer than any run. The same for
    // the stale-incident sweep, which closes B's open incident once its agent is silent 10 minutes.
    const api = useTestApi(engine, {
      RATE_LIMIT_PER_SECOND: "0",
      RATE_LIMIT_PER_MINUTE: "1000000",
      NODE_OFFLINE_AFTER_SECONDS: "86400",
      INCIDENT_STALE_AFTER_SECONDS: "86400",
    });
    const ctx = { api } as Ctx;
    let before_: Awaited<ReturnType<typeof snapshotOf>>;

    before(async () => {
      ctx.base = `http://127.0.0.1:${(await api.server.listen(0, "127.0.0.1")).port}`;
      ctx.a = await createTenant(api, "a");
      ctx.b = await createTenant(api, "b");
      ctx.bSideWorkspaceId = await createWorkspace(api, ctx.b.owner, "b-side");
      const sideToken = await createEnrollmentToken(api, ctx.b.owner, ctx.bSideWorkspaceId);
      ctx.bSideAgentToken = (await enrollAgent(api, sideToken, "b-side-agent")).token;
      const rule = { workspaceId: ctx.b.workspaceId, name: "b-rule", actionType: "NFT_DROP_PROTOCOL" };
      ctx.bRuleId = (
        await mutateOk(
          api,
          ctx.b.owner,
          "createMitigationRule",
          { ...rule, params: { protocol: "gre" }, trigger: "MANUAL", ttlSeconds: 60 },
          "... on MitigationRulePayload { rule { id } }",
        )
      ).rule.id;
      const run = {
        nodeId: ctx.b.agent.nodeId,
        actionType: "NFT_DROP_PROTOCOL",
        params: { protocol: "gre" },
        ttlSeconds: 60,
      };
      ctx.bActionId = (
        await mutateOk(
          api,
          ctx.b.owner,
          "runMitigation",
          run,
          "... on MitigationActionPayload { action { id } }",
        )
      ).action.id;
      ctx.bAlerts = await createAlerting(api, ctx.b);
      ctx.bNoticeId = (
        await mutateOk(
          api,
          ctx.b.owner,
          "addStatusPageNotice",
          {
            workspaceId: ctx.b.workspaceId,
            startsAt: new Date(Date.now() + 3_600_000).toISOString(),
            endsAt: new Date(Date.now() + 7_200_000).toISOString(),
            message: "B's maintenance",
          },
          "... on StatusPagePayload { statusPage { notices { id } } }",
        )
      ).statusPage.notices[0].id;
      // B's page has a confirmed subscriber and a pending one (the unsnapshotted sealed token aside,
      // straight in the table: B's page is private, so no one can subscribe through the API).
      const { prisma } = api.server.services.database;
      const bId = rawId(ctx.b.workspaceId);
      const subscriber = await prisma.statusPageSubscriber.create({
        data: {
          workspaceId: bId,
          email: "b-reader@example.com",
          confirmedAt: new Date(),
          // Following B's node only (its choice is in the snapshot: nothing of A's may change it).
          chosenNodes: true,
          nodes: { create: [{ nodeId: rawId(ctx.b.agent.nodeId) }] },
          unsubscribeTokenHash: "b".repeat(64),
          unsubscribeTokenSealed: "sealed",
        },
      });
      ctx.bSubscriberId = encodeGlobalID("StatusPageSubscriber", subscriber.id);
      ctx.bIncidentUpdateId = (
        await mutateOk(
          api,
          ctx.b.owner,
          "postIncidentUpdate",
          { incidentId: ctx.b.incidentId, status: "INVESTIGATING", message: "B's update", notify: false },
          "... on IncidentUpdatePayload { update { id } }",
        )
      ).update.id;
      await prisma.statusPageSubscriber.create({
        data: {
          workspaceId: bId,
          email: "b-pending@example.com",
          confirmTokenHash: "c".repeat(64),
          confirmExpiresAt: new Date(Date.now() + 3_600_000),
          unsubscribeTokenHash: "d".repeat(64),
          unsubscribeTokenSealed: "sealed",
        },
      });
      ctx.bDomainId = (
        await mutateOk(
          api,
          ctx.b.owner,
          "addCustomDomain",
          { workspaceId: ctx.b.workspaceId, host: "status.b-corp-domain.com" },
          "... on CustomDomainPayload { customDomain { id } }",
        )
      ).customDomain.id;
      before_ = await snapshotOf(api, ctx.b);
    });

    it("has an isolation case for every root field of Query, Mutation and Subscription", () => {
      const fields = rootFields();
      const missing = fields.filter((field) => !(field in cases));
      const stale = Object.keys(cases).filter((key) => !fields.includes(key.split(" over ")[0] as string));
      assert.deepEqual(missing, [], `root fields without a tenant-isolation case: ${missing.join(", ")}`);
      assert.deepEqual(stale, [], `isolation cases for fields that no longer exist: ${stale.join(", ")}`);
    });

    for (const [field, run] of Object.entries(cases)) it(`${field} refuses B's objects`, () => run(ctx));

    it("A's alert callbacks, signed with A's own secrets, neither acknowledge B's incident nor reach B's channel", async () => {
      const { api, a, b, base } = ctx;
      const secret = "a-callback-secret-0123456789";
      const aChannel = async (kind: string, settings: object) =>
        rawId(
          (
            await mutateOk(
              api,
              a.owner,
              "createAlertChannel",
              {
                workspaceId: a.workspaceId,
                kind,
                name: `a-${kind}`,
                settings: { ...settings, callbackSecret: secret },
              },
              "... on AlertChannelPayload { channel { id } }",
            )
          ).channel.id,
        );
      const pagerDuty = await aChannel("PAGERDUTY", { routingKey: "a-routing-key" });
      const opsGenie = await aChannel("OPSGENIE", { apiKey: "a-api-key" });
      const bIncident = rawId(b.incidentId);
      const pdBody = JSON.stringify({
        event: {
          event_type: "incident.acknowledged",
          occurred_at: new Date().toISOString(),
          agent: { summary: "A" },
          data: { incident_key: bIncident },
        },
      });
      const signed = (channel: string) =>
        fetch(`${base}/hooks/alerts/${channel}/pagerduty`, {
          method: "POST",
          headers: {
            "x-pagerduty-signature": `v1=${createHmac("sha256", secret).update(pdBody).digest("hex")}`,
          },
          body: pdBody,
        });
      assert.equal((await signed(pagerDuty)).status, 404, "B's incident through A's channel");
      assert.equal(
        (await signed(rawId(ctx.bAlerts.channelId))).status,
        404,
        "B's channel (no callback secret)",
      );
      const ogBody = JSON.stringify({
        action: "Acknowledge",
        alert: { alias: bIncident, username: "a@example.com" },
      });
      const og = await fetch(`${base}/hooks/alerts/${opsGenie}/opsgenie?token=${secret}`, {
        method: "POST",
        body: ogBody,
      });
      assert.equal(og.status, 404);
      const row = await api.server.services.database.prisma.incident.findUniqueOrThrow({
        where: { id: bIncident },
      });
      assert.equal(row.acknowledgedAt, null);
    });

    it("left every row of B's workspace and users exactly as it was", async () => {
      // However long the suite took: under load it ran past the offline window, and B's silent node
      // was marked OFFLINE (a node.offline row in B's chain) by the periodic sweep, not by anything
      // A did. Sweeps as if half an hour had passed change nothing either.
      const later = new Date(Date.now() + 30 * 60_000);
      await markSilentNodesOffline(api.server.services, later);
      assert.equal(await resolveStaleIncidents(api.server.services, later), 0);
      assert.deepEqual(await snapshotOf(api, ctx.b), before_);
    });

    it("B's own credentials still work on B's objects", async () => {
      const { b } = ctx;
      const read = "query($s: String!) { workspace(slug: $s) { name nodes { edges { node { name } } } } }";
      const asOwner = await api.gql(read, { s: b.slug }, b.owner);
      const names = asOwner.data.workspace.nodes.edges.map((e: { node: { name: string } }) => e.node.name);
      assert.deepEqual(names.sort(), ["b-agent-1", "b-web-1"]);
      const asKey = await api.gql(read, { s: b.slug }, { token: b.integration.token });
      assert.equal(asKey.data.workspace.name, "B-CORP");
      const agent = { token: b.agent.token };
      const beat = await mutate(api, agent, "agentHeartbeat", { agentVersion: "1.0.0" }, NODE_PAYLOAD);
      assert.equal(beat.payload?.node.id, b.agent.nodeId);
    });
  });
}

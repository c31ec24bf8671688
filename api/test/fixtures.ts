import assert from "node:assert/strict";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { integrationScopes } from "../src/auth/permissions.ts";
import { type Caller, createWorkspace, type GqlResult, type TestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

/** Every scope an integration key may hold (the API's own list, so tests follow it). */
export const INTEGRATION_SCOPES = [...integrationScopes];

export type Role = "OWNER" | "ADMIN" | "ANALYST" | "READONLY";

/** The raw UUID inside a relay global ID. */
export const rawId = (globalId: string) => decodeGlobalID(globalId).id;

/**
 * Runs `mutation { <field>(input: $input) { … } }`; the input type is the field's name
 * capitalised + "Input". `payload` is the union member returned (always with __typename,
 * and code/message for errors).
 */
export async function mutate(
  api: TestApi,
  caller: Caller,
  field: string,
  input: Record<string, unknown>,
  select = "",
): Promise<GqlResult & { payload: Record<string, any> | null | undefined }> {
  const type = `${field[0]?.toUpperCase()}${field.slice(1)}Input`;
  const query = `mutation($input: ${type}!) { ${field}(input: $input) { __typename ... on Error { code message } ${select} } }`;
  const result = await api.gql(query, { input }, caller);
  return { ...result, payload: result.data?.[field] };
}

/** Like mutate, but fails the test unless the payload type is returned. */
export async function mutateOk(
  api: TestApi,
  caller: Caller,
  field: string,
  input: Record<string, unknown>,
  select: string,
): Promise<Record<string, any>> {
  const result = await mutate(api, caller, field, input, select);
  assert.ok(
    result.payload && !("code" in result.payload),
    `${field} failed: ${JSON.stringify(result.errors ?? result.payload)}`,
  );
  return result.payload as Record<string, any>;
}

/** The typed error a mutation returned, or the top-level error code when it threw. */
export function errorCode(result: GqlResult & { payload?: Record<string, any> | null }): string | undefined {
  return result.payload?.code ?? result.errors?.[0]?.extensions?.code;
}

export async function createNode(api: TestApi, caller: Caller, workspaceId: string, name: string) {
  const payload = await mutateOk(
    api,
    caller,
    "createNode",
    { workspaceId, name },
    "... on NodePayload { node { id } }",
  );
  return payload.node.id as string;
}

export async function createIntegrationKey(
  api: TestApi,
  caller: Caller,
  workspaceId: string,
  scopes: string[],
) {
  const payload = await mutateOk(
    api,
    caller,
    "createApiKey",
    { workspaceId, name: `key with ${scopes.length} scopes`, scopes },
    "... on CreateApiKeyPayload { apiKey { id } secret }",
  );
  return { id: payload.apiKey.id as string, token: payload.secret as string };
}

export async function createEnrollmentToken(api: TestApi, caller: Caller, workspaceId: string) {
  const payload = await mutateOk(
    api,
    caller,
    "createEnrollmentToken",
    { workspaceId },
    "... on CreateEnrollmentTokenPayload { token }",
  );
  return payload.token as string;
}

export async function enrollAgent(api: TestApi, token: string, hostname: string) {
  const payload = await mutateOk(
    api,
    {},
    "enrollAgent",
    { token, hostname, agentVersion: "1.0.0" },
    "... on EnrollAgentPayload { node { id } apiKey { id } agentKey }",
  );
  return {
    nodeId: payload.node.id as string,
    keyId: payload.apiKey.id as string,
    token: payload.agentKey as string,
  };
}

export async function invite(api: TestApi, caller: Caller, workspaceId: string, email: string, role: Role) {
  const payload = await mutateOk(
    api,
    caller,
    "inviteMember",
    { workspaceId, email, role },
    "... on InviteMemberPayload { invitation { id } token }",
  );
  return payload.token as string;
}

/** Signs up `email`, invites it with `role` and accepts; returns the session and membership ID. */
export async function addMember(api: TestApi, owner: Caller, workspaceId: string, email: string, role: Role) {
  const token = await invite(api, owner, workspaceId, email, role);
  const member = await api.signup(email);
  const payload = await mutateOk(
    api,
    member,
    "acceptInvitation",
    { token },
    "... on MembershipPayload { membership { id role } }",
  );
  assert.equal(payload.membership.role, role);
  return { ...member, email, membershipId: payload.membership.id as string };
}

/** The global ID of `email`'s membership in the workspace, as listed to `caller`. */
export async function membershipIdOf(api: TestApi, caller: Caller, slug: string, email: string) {
  const result = await api.gql(
    "query($slug: String!) { workspace(slug: $slug) { members { edges { node { id user { email } } } } } }",
    { slug },
    caller,
  );
  const edge = result.data?.workspace?.members.edges.find(
    (e: { node: { user: { email: string } } }) => e.node.user.email === email,
  );
  assert.ok(edge, `no membership of ${email} in ${slug}: ${JSON.stringify(result)}`);
  return edge.node.id as string;
}

/** A workspace whose owner has created one of everything a tenant can own. */
export interface Tenant {
  slug: string;
  workspaceId: string;
  owner: Caller & { userId: string; email: string; membershipId: string };
  member: Caller & { userId: string; email: string; membershipId: string };
  nodeId: string;
  integration: { id: string; token: string };
  agent: { nodeId: string; keyId: string; token: string };
  /** Unaccepted invitation for an e-mail that has no account yet. */
  pendingInvitationToken: string;
  pendingEnrollmentToken: string;
  incidentId: string;
}

export async function createTenant(api: TestApi, name: string): Promise<Tenant> {
  const email = `${name}-owner@example.com`;
  const owner = await api.signup(email, `${name} owner`);
  const slug = `${name}-corp`;
  const workspaceId = await createWorkspace(api, owner, slug);
  const nodeId = await createNode(api, owner, workspaceId, `${name}-web-1`);
  const integration = await createIntegrationKey(api, owner, workspaceId, INTEGRATION_SCOPES);
  const member = await addMember(api, owner, workspaceId, `${name}-analyst@example.com`, "ANALYST");
  const pendingInvitationToken = await invite(
    api,
    owner,
    workspaceId,
    `${name}-later@example.com`,
    "READONLY",
  );
  const agent = await enrollAgent(
    api,
    await createEnrollmentToken(api, owner, workspaceId),
    `${name}-agent-1`,
  );
  const pendingEnrollmentToken = await createEnrollmentToken(api, owner, workspaceId);
  // One flood second from the agent: the tenant has an open incident (above the 10k pps floor).
  const flood = await report(api, { token: agent.token }, [sample(Date.now() - 1000, 50_000)]);
  const incidentId = flood.detection.incidentId as string;
  const ownerMembershipId = await membershipIdOf(api, owner, slug, email);
  return {
    slug,
    workspaceId,
    owner: { ...owner, email, membershipId: ownerMembershipId },
    member,
    nodeId,
    integration,
    agent,
    pendingInvitationToken,
    pendingEnrollmentToken,
    incidentId,
  };
}

/** Every row stored for one workspace (and its audit chain), to prove a refused call wrote nothing. */
export async function snapshotWorkspace(api: TestApi, workspaceGlobalId: string) {
  const { prisma } = api.server.services.database;
  const workspaceId = rawId(workspaceGlobalId);
  const where = { workspaceId };
  const orderBy = { id: "asc" as const };
  const nodes = await prisma.node.findMany({ where, orderBy });
  return {
    workspace: await prisma.workspace.findUnique({ where: { id: workspaceId } }),
    children: await prisma.workspace.findMany({ where: { parentId: workspaceId }, orderBy }),
    memberships: await prisma.membership.findMany({ where, orderBy }),
    invitations: await prisma.invitation.findMany({ where, orderBy }),
    apiKeys: await prisma.apiKey.findMany({ where, orderBy }),
    nodes,
    enrollmentTokens: await prisma.enrollmentToken.findMany({ where, orderBy }),
    audit: await prisma.auditLog.findMany({ where: { chain: `ws:${workspaceId}` }, orderBy: { seq: "asc" } }),
    incidents: await prisma.incident.findMany({ where, orderBy }),
    thresholds: await prisma.nodeThresholdOverride.findMany({
      where: { node: { workspaceId } },
      orderBy: [{ nodeId: "asc" }, { metric: "asc" }],
    }),
    // Samples have no relation to their node (telemetry-purge.ts): counted by the nodes' ids.
    samples: await prisma.trafficSample.count({ where: { nodeId: { in: nodes.map((n) => n.id) } } }),
    captures: await prisma.incidentCapture.findMany({ where, orderBy }),
    alertChannels: await prisma.alertChannel.findMany({ where, orderBy }),
    escalationPolicies: await prisma.escalationPolicy.findMany({ where, orderBy }),
    maintenanceWindows: await prisma.maintenanceWindow.findMany({ where, orderBy }),
    branding: await prisma.workspaceBranding.findUnique({ where }),
    logo: await prisma.workspaceLogo.findUnique({ where }),
    customDomains: await prisma.customDomain.findMany({ where, orderBy }),
  };
}

/**
 * POSTs a nodeEvents subscription as SSE to a listening server (`base`) and reads its
 * `event: next` messages one by one; close() aborts the request, which ends the stream.
 */
export function nodeEvents(base: string, caller: Caller, workspaceId: string) {
  const query = "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind nodeId } }";
  return sseSubscription(base, caller, query, { w: workspaceId });
}

/** Any subscription over SSE; next() returns each `event: next` message (or an error result). */
export async function sseSubscription(
  base: string,
  caller: Caller,
  query: string,
  variables: Record<string, unknown>,
) {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "text/event-stream" };
  if (caller.token) headers.authorization = `Bearer ${caller.token}`;
  if (caller.cookie) headers.cookie = `levee_session=${caller.cookie}`;
  const abort = new AbortController();
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers,
    signal: abort.signal,
    body: JSON.stringify({ query, variables }),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(timeoutMs = 5000): Promise<GqlResult> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs}ms: ${buffer}`)), timeoutMs);
      });
      try {
        for (;;) {
          const match = buffer.match(/event: next\ndata: (.*)\n\n/);
          if (match) {
            buffer = buffer.slice((match.index ?? 0) + match[0].length);
            return JSON.parse(match[1] as string);
          }
          const chunk = await Promise.race([reader.read(), timeout]);
          if (chunk.done) throw new Error(`stream ended without an event: ${buffer}`);
          // Keep-alive pings (":") are dropped; they must not count as events.
          buffer = (buffer + decoder.decode(chunk.value, { stream: true })).replace(/^:\n\n/gm, "");
        }
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => abort.abort(),
  };
}

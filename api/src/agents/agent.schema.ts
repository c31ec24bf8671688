import { z } from "zod";
import { ApiKeyRef } from "../auth/api-key.schema.ts";
import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { AuthenticationError, mutationErrors } from "../errors.ts";
import { idOf } from "../global-id.ts";
import { MonitoredNodeRef, NodePayload } from "../nodes/node.schema.ts";
import { agentHeartbeat, createEnrollmentToken, enrollAgent } from "./enrollment.service.ts";

guardNodeType("EnrollmentToken", {
  permission: "enrollment:manage",
  workspaceOf: (e) => (e as { workspaceId: string }).workspaceId,
});
const EnrollmentTokenRef = builder.prismaObject("EnrollmentToken", {
  authScopes: readableScopes("EnrollmentToken"),
  fields: (t) => ({
    id: t.exposeID("id"),
    prefix: t.exposeString("prefix"),
    node: t.relation("node", { nullable: true }),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    usedAt: t.expose("usedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectFields("Workspace", (t) => ({
  pendingEnrollmentTokens: t.relation("enrollmentTokens", {
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "enrollment:manage" } }),
    query: () => ({ where: { usedAt: null, expiresAt: { gt: new Date() } }, orderBy: { createdAt: "desc" } }),
  }),
}));

const CreateEnrollmentTokenInput = builder.inputType("CreateEnrollmentTokenInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    nodeId: t.id({
      required: false,
      description: "Enrol (or re-enrol) this node; omit to let the agent create one",
    }),
    expiresInMinutes: t.int({
      defaultValue: 60,
      validate: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60),
    }),
  }),
});
const versionString = z.string().regex(/^[\w.+-]{1,64}$/, "must be a version string");
const hostname = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/, "must be a host name");
const EnrollAgentInput = builder.inputType("EnrollAgentInput", {
  fields: (t) => ({
    token: t.string({ validate: z.string().min(1).max(200) }),
    nodeName: t.string({ required: false, description: "Name of the node to create (default: hostname)" }),
    hostname: t.string({ validate: hostname }),
    agentVersion: t.string({ validate: versionString }),
    interface: t.string({
      required: false,
      description:
        'The interface the agent was enrolled with (`levee-agent enroll --interface`): becomes the node\'s interface setting. Omitted: a new node gets "auto", a re-enrolled one keeps its setting',
    }),
  }),
});
// What the kernel allows in a name (IFNAMSIZ: 15 bytes, no "/", no whitespace), not the narrower
// set a setting may be typed in: a host whose interface has a "+" or "#" in its name must not have
// every heartbeat refused for reporting it.
const interfaceName = z
  .string()
  .refine(
    (name) => Buffer.byteLength(name) <= 15 && /^[^\s/\p{Cc}]+$/u.test(name) && name !== "." && name !== "..",
    {
      message: "must be a Linux interface name (1–15 bytes, no / or whitespace)",
    },
  );
const AgentHeartbeatInput = builder.inputType("AgentHeartbeatInput", {
  fields: (t) => ({
    agentVersion: t.string({ validate: versionString }),
    hostname: t.string({ required: false, validate: hostname.optional().nullable() }),
    interface: t.string({
      required: false,
      description: "The interface the agent samples and captures on now (never auto: what it resolved to)",
      validate: interfaceName.optional().nullable(),
    }),
    interfaceProblem: t.string({
      required: false,
      description: "Why the agent does not follow the node's interface setting; null when it does",
      validate: z.string().max(300).optional().nullable(),
    }),
    interfacePinned: t.boolean({
      required: false,
      description:
        "The agent's --interface or LEVEE_AGENT_INTERFACE fixes its interface (the setting is ignored)",
    }),
  }),
});

const CreateEnrollmentTokenPayload = builder
  .objectRef<{ enrollmentToken: { id: string }; token: string }>("CreateEnrollmentTokenPayload")
  .implement({
    fields: (t) => ({
      enrollmentToken: t.field({ type: EnrollmentTokenRef, resolve: (p) => p.enrollmentToken as never }),
      token: t.exposeString("token", { description: "Shown once: `levee-agent enroll --token <token>`" }),
    }),
  });
const EnrollAgentPayload = builder
  .objectRef<{ node: { id: string }; apiKey: { id: string }; agentKey: string }>("EnrollAgentPayload")
  .implement({
    fields: (t) => ({
      node: t.field({ type: MonitoredNodeRef, resolve: (p) => p.node as never }),
      apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey as never }),
      agentKey: t.exposeString("agentKey", { description: "The agent's bearer key, shown once" }),
    }),
  });

builder.mutationFields((t) => ({
  createEnrollmentToken: t.field({
    type: CreateEnrollmentTokenPayload,
    description:
      "A one-time token levee-agent enrols with (enrollAgent); with nodeId it (re-)enrols that node, else the agent makes a node named after its host. Needs enrollment:manage (signed-in members only)",
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: CreateEnrollmentTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createEnrollmentToken(ctx, {
        workspaceId: idOf(input.workspaceId, "Workspace", "input.workspaceId"),
        nodeId: input.nodeId ? idOf(input.nodeId, "MonitoredNode", "input.nodeId") : null,
        expiresInMinutes: input.expiresInMinutes ?? 60,
      }),
  }),
  enrollAgent: t.field({
    type: EnrollAgentPayload,
    description: "Called by levee-agent with a one-time token; needs no other credential",
    errors: { types: [AuthenticationError, ...mutationErrors] },
    args: { input: t.arg({ type: EnrollAgentInput, required: true }) },
    resolve: (_root, { input }, ctx) => enrollAgent(ctx, input),
  }),
  agentHeartbeat: t.field({
    type: NodePayload,
    description: "An agent reports it is alive; returns its node",
    errors: { types: mutationErrors },
    authScopes: { agent: true },
    args: { input: t.arg({ type: AgentHeartbeatInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ node: await agentHeartbeat(ctx, input) }),
  }),
}));

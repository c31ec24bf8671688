import { z } from "zod";
import { subscribeInWorkspace } from "../auth/live-access.ts";
import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { likeLiteral } from "../db/like-literal.ts";
import { mutationErrors, ValidationError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { NodeStatus } from "../generated/prisma/enums.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import { mappedEvents, mergedEvents } from "../pubsub/merged-events.ts";
import type { NodeEventPayload } from "../topics.ts";
import { createNode, deleteNode, updateNode } from "./node.service.ts";
import { labelsFromJson, type NodeLabel } from "./node-input.ts";

const NodeStatusEnum = builder.enumType(NodeStatus, {
  name: "NodeStatus",
  description: "Agent connectivity: PENDING until the agent first reports",
});

const NodeLabelRef = builder.objectRef<NodeLabel>("NodeLabel").implement({
  fields: (t) => ({ key: t.exposeString("key"), value: t.exposeString("value") }),
});

export const MonitoredNodeRef = builder.prismaNode("Node", {
  name: "MonitoredNode",
  description: "A server that runs levee-agent (named MonitoredNode so it does not clash with Relay's Node)",
  id: { field: "id" },
  authScopes: readableScopes("MonitoredNode"),
  fields: (t) => ({
    name: t.exposeString("name"),
    labels: t.field({ type: [NodeLabelRef], resolve: (node) => labelsFromJson(node.labels) }),
    interface: t.exposeString("interface", {
      description:
        "The interface setting the agent follows (it learns it on its heartbeat); \"auto\" = the interface the agent's agent.json names, or the default-route interface when that says auto too. Set at enrolment from the agent's --interface; not followed while interfacePinned",
    }),
    sampledInterface: t.exposeString("sampledInterface", {
      nullable: true,
      description:
        "The interface the agent reports sampling and capturing on (what auto resolved to); null until an agent that reports it has sent a heartbeat",
    }),
    interfaceProblem: t.exposeString("interfaceProblem", {
      nullable: true,
      description:
        'Why the agent does not follow the setting, as it reported (e.g. "eth9 does not exist on this host"); it keeps sampling sampledInterface',
    }),
    interfacePinned: t.exposeBoolean("interfacePinned", {
      description:
        "The agent's own --interface or LEVEE_AGENT_INTERFACE fixes its interface: it ignores the setting, and updateNode refuses to change it",
    }),
    ownedPrefixes: t.exposeStringList("ownedPrefixes", {
      description: "Addresses and prefixes this node owns (CIDR)",
    }),
    agentVersion: t.exposeString("agentVersion", { nullable: true }),
    hostname: t.exposeString("hostname", { nullable: true }),
    status: t.expose("status", { type: NodeStatusEnum }),
    lastSeenAt: t.expose("lastSeenAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    workspace: t.relation("workspace"),
    enrolled: t.boolean({
      description: "True while an unrevoked agent key is bound to this node",
      select: { apiKey: { select: { revokedAt: true } } },
      resolve: (node) => Boolean(node.apiKey && !node.apiKey.revokedAt),
    }),
  }),
});
guardNodeType("MonitoredNode", {
  permission: "node:read",
  workspaceOf: (n) => (n as { workspaceId: string }).workspaceId,
  ownedBy: (n, principal) => principal.kind === "agent" && principal.nodeId === (n as { id: string }).id,
});

/** A hostname's longest (253): nothing longer can be part of a name or hostname. */
const MAX_SEARCH = 253;

/** The nodes a search names, by name or hostname; every node for no search. */
function nodeSearch(search: string | null | undefined): Prisma.NodeWhereInput {
  if (!search) return {};
  const contains = { contains: likeLiteral(search), mode: "insensitive" as const };
  return { OR: [{ name: contains }, { hostname: contains }] };
}

interface NodeCounts {
  total: number;
  online: number;
  offline: number;
  pending: number;
  elevated: number;
  underAttack: number;
}
const NodeCountsRef = builder.objectRef<NodeCounts>("WorkspaceNodeCounts").implement({
  description: "A workspace's nodes counted by status and detection state (every node, not a page of them)",
  fields: (t) => ({
    total: t.exposeInt("total"),
    online: t.exposeInt("online"),
    offline: t.exposeInt("offline"),
    pending: t.exposeInt("pending", { description: "Waiting for their agent's first report" }),
    elevated: t.exposeInt("elevated", { description: "Detection state ELEVATED" }),
    underAttack: t.exposeInt("underAttack", { description: "Detection state ATTACK" }),
  }),
});

builder.prismaObjectFields("Workspace", (t) => ({
  // A relation, so Pothos loads it with the parent query (no query per workspace).
  nodes: t.relatedConnection("nodes", {
    cursor: "id",
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "node:read" } }),
    args: {
      search: t.arg.string({
        required: false,
        description:
          "Only nodes whose name or hostname contains this, ignoring case (% and _ are plain characters)",
        validate: z.string().max(MAX_SEARCH, `must be at most ${MAX_SEARCH} characters`),
      }),
    },
    query: ({ search }) => ({ where: nodeSearch(search?.trim()), orderBy: { id: "asc" } }),
  }),
  // An MSP's list of customers shows each one's counts: a page of nodes would hide the rest.
  nodeCounts: t.field({
    type: NodeCountsRef,
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "node:read" } }),
    resolve: async (ws, _args, ctx) => {
      const groups = await ctx.db.node.groupBy({
        by: ["status", "detectionState"],
        where: { workspaceId: ws.id },
        _count: { _all: true },
      });
      const counts: NodeCounts = { total: 0, online: 0, offline: 0, pending: 0, elevated: 0, underAttack: 0 };
      for (const { status, detectionState, _count } of groups) {
        const n = _count._all;
        counts.total += n;
        if (status === "ONLINE") counts.online += n;
        else if (status === "OFFLINE") counts.offline += n;
        else counts.pending += n;
        if (detectionState === "ELEVATED") counts.elevated += n;
        else if (detectionState === "ATTACK") counts.underAttack += n;
      }
      return counts;
    },
  }),
}));

const NodeLabelInput = builder.inputType("NodeLabelInput", {
  fields: (t) => ({ key: t.string(), value: t.string() }),
});
const nodeSettings = {
  labels: { description: "Replaces all labels" },
  interface: {
    description:
      '"auto" or a Linux interface name: the agent switches its sampling and capture to it on its next heartbeat (refused while the agent pins its own, see MonitoredNode.interfacePinned)',
  },
  ownedPrefixes: { description: "IPv4/IPv6 addresses or CIDR prefixes; replaces the list" },
};
const CreateNodeInput = builder.inputType("CreateNodeInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    name: t.string(),
    labels: t.field({ type: [NodeLabelInput], required: false, ...nodeSettings.labels }),
    interface: t.string({ required: false, ...nodeSettings.interface }),
    ownedPrefixes: t.stringList({ required: false, ...nodeSettings.ownedPrefixes }),
  }),
});
const UpdateNodeInput = builder.inputType("UpdateNodeInput", {
  fields: (t) => ({
    nodeId: t.id(),
    name: t.string({ required: false }),
    labels: t.field({ type: [NodeLabelInput], required: false, ...nodeSettings.labels }),
    interface: t.string({ required: false, ...nodeSettings.interface }),
    ownedPrefixes: t.stringList({ required: false, ...nodeSettings.ownedPrefixes }),
  }),
});
const DeleteNodeInput = builder.inputType("DeleteNodeInput", { fields: (t) => ({ nodeId: t.id() }) });

export const NodePayload = builder.objectRef<{ node: { id: string } }>("NodePayload").implement({
  fields: (t) => ({ node: t.field({ type: MonitoredNodeRef, resolve: (p) => p.node as never }) }),
});
const DeleteNodePayload = builder.objectRef<{ deletedNodeId: string }>("DeleteNodePayload").implement({
  fields: (t) => ({ deletedNodeId: t.exposeID("deletedNodeId") }),
});

builder.mutationFields((t) => ({
  createNode: t.field({
    type: NodePayload,
    description:
      "A node without an agent yet (PENDING until one enrols for it with createEnrollmentToken's nodeId and reports); needs node:create",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CreateNodeInput, required: true }) },
    resolve: async (_root, { input: { workspaceId, ...settings } }, ctx) => ({
      node: await createNode(ctx, idOf(workspaceId, "Workspace", "input.workspaceId"), settings),
    }),
  }),
  updateNode: t.field({
    type: NodePayload,
    description:
      "Changes a node's settings (the fields given; an unchanged call writes no audit entry); needs node:update",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateNodeInput, required: true }) },
    resolve: async (_root, { input: { nodeId, ...settings } }, ctx) => ({
      node: await updateNode(ctx, idOf(nodeId, "MonitoredNode", "input.nodeId"), settings),
    }),
  }),
  deleteNode: t.field({
    type: DeleteNodePayload,
    description:
      "Deletes a node and revokes its agent key; its open trafficUpdated streams complete; needs node:delete",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: DeleteNodeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      deletedNodeId: encodeGlobalID(
        "MonitoredNode",
        await deleteNode(ctx, idOf(input.nodeId, "MonitoredNode")),
      ),
    }),
  }),
}));

const NodeEventKindEnum = builder.enumType("NodeEventKind", {
  values: ["CREATED", "UPDATED", "DELETED", "ENROLLED", "STATUS_CHANGED"] as const,
});

const NodeEventRef = builder.objectRef<NodeEventPayload>("NodeEvent").implement({
  fields: (t) => ({
    kind: t.field({ type: NodeEventKindEnum, resolve: (e) => e.kind }),
    nodeId: t.id({ resolve: (e) => encodeGlobalID("MonitoredNode", e.nodeId) }),
    name: t.exposeString("name"),
    at: t.field({ type: "DateTime", resolve: (e) => new Date(e.at) }),
    node: t.prismaField({
      type: "Node",
      nullable: true,
      description: "The node as it is now; null once deleted",
      resolve: (query, e, _args, ctx) => ctx.db.node.findUnique({ ...query, where: { id: e.nodeId } }),
    }),
  }),
});

/** Workspaces one workspaceNodesChanged may follow: a page of an MSP's customers. */
const MAX_FOLLOWED_WORKSPACES = 50;

type WorkspaceNodesChange = { workspaceId: string; nodeId: string; at: string };

const WorkspaceNodesChangeRef = builder.objectRef<WorkspaceNodesChange>("WorkspaceNodesChange").implement({
  description: "Something changed about a node of one of the workspaces followed",
  fields: (t) => ({
    workspaceId: t.id({ resolve: (e) => encodeGlobalID("Workspace", e.workspaceId) }),
    nodeId: t.id({ resolve: (e) => encodeGlobalID("MonitoredNode", e.nodeId) }),
    at: t.field({ type: "DateTime", resolve: (e) => new Date(e.at) }),
  }),
});

builder.subscriptionField("workspaceNodesChanged", (t) =>
  t.field({
    type: WorkspaceNodesChangeRef,
    description: `Nodes of any of these workspaces (at most ${MAX_FOLLOWED_WORKSPACES}) created, changed, deleted, enrolled, or changing status or detection state: one subscription for a page of an MSP's customers, where nodeEvents and nodeStatusChanged for each would be a hundred operations. At least one workspace: an empty list is refused (BAD_USER_INPUT), not a stream that completes at once`,
    args: { workspaceIds: t.arg.idList({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      // Empty, the stream would have nothing to follow and complete at once (as nodesTrafficUpdated).
      if (args.workspaceIds.length === 0)
        throw ValidationError.field("workspaceIds", "must list at least one workspace");
      if (args.workspaceIds.length > MAX_FOLLOWED_WORKSPACES)
        throw ValidationError.field(
          "workspaceIds",
          `must list at most ${MAX_FOLLOWED_WORKSPACES} workspaces`,
        );
      const ids = [...new Set(args.workspaceIds.map((id, i) => idOf(id, "Workspace", `workspaceIds.${i}`)))];
      // Every workspace is checked before any stream is opened: one the caller may not read refuses the whole.
      for (const id of ids) await ctx.access.require(id, "node:read");
      const changesOf = async (id: string, topic: "nodeEvents" | "nodeStatusChanged") =>
        mappedEvents(
          await subscribeInWorkspace(ctx, topic, id, id, "node:read"),
          ({ nodeId, at }): WorkspaceNodesChange => ({ workspaceId: id, nodeId, at }),
        );
      const streams = await Promise.all(
        ids.flatMap((id) => [changesOf(id, "nodeEvents"), changesOf(id, "nodeStatusChanged")]),
      );
      return mergedEvents(streams);
    },
    resolve: (change) => change,
  }),
);

builder.subscriptionField("nodeEvents", (t) =>
  t.field({
    type: NodeEventRef,
    description: "Nodes of a workspace created, changed, deleted, enrolled or changing status",
    args: { workspaceId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      return subscribeInWorkspace(ctx, "nodeEvents", workspaceId, workspaceId, "node:read");
    },
    resolve: (event) => event,
  }),
);

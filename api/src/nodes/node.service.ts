import { announceCredentialsChanged } from "../auth/api-key-cache.ts";
import type { GraphQLContext } from "../context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { newNodeMultiplier } from "./new-node-multiplier.ts";
import { publishNodeEvent, publishNodesDeleted } from "./node-events.ts";
import { labelsFromJson, labelsToJson, type NodeLabel, parseNodeFields } from "./node-input.ts";

interface NodeSettings {
  name?: string | null;
  labels?: NodeLabel[] | null;
  interface?: string | null;
  ownedPrefixes?: string[] | null;
}

function withoutNulls(input: NodeSettings): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

function settingsOf(node: { name: string; labels: unknown; interface: string; ownedPrefixes: string[] }) {
  return {
    name: node.name,
    labels: labelsFromJson(node.labels),
    interface: node.interface,
    ownedPrefixes: node.ownedPrefixes,
  };
}

async function assertNameFree(ctx: GraphQLContext, workspaceId: string, name: string, exceptId?: string) {
  const clash = await ctx.db.node.findFirst({
    where: { workspaceId, name, id: exceptId ? { not: exceptId } : undefined },
  });
  if (clash) throw new ConflictError(`A node named "${name}" already exists in this workspace`);
}

export async function createNode(ctx: GraphQLContext, workspaceId: string, input: NodeSettings) {
  await ctx.access.require(workspaceId, "node:create");
  const fields = parseNodeFields(withoutNulls(input));
  if (!fields.name) throw ValidationError.field("input.name", "is required");
  await assertNameFree(ctx, workspaceId, fields.name);
  const node = await ctx.mutate(async (tx, audit) => {
    const detectionMultiplier = await newNodeMultiplier(tx, workspaceId);
    const created = await tx.node.create({
      data: {
        workspaceId,
        detectionMultiplier,
        name: fields.name as string,
        labels: labelsToJson(fields.labels ?? []),
        interface: fields.interface ?? "auto",
        ownedPrefixes: fields.ownedPrefixes ?? [],
      },
    });
    await audit({
      action: "node.create",
      workspaceId,
      target: { type: "Node", id: created.id },
      summary: { after: settingsOf(created) },
    });
    return created;
  });
  publishNodeEvent(ctx, workspaceId, "CREATED", node);
  return node;
}

export async function loadNode(ctx: GraphQLContext, nodeId: string) {
  const node = await ctx.db.node.findUnique({ where: { id: nodeId } });
  if (!node || !(await ctx.access.can(node.workspaceId, "node:read"))) throw new NotFoundError("node");
  return node;
}

export async function updateNode(ctx: GraphQLContext, nodeId: string, input: NodeSettings) {
  const before = await loadNode(ctx, nodeId);
  await ctx.access.require(before.workspaceId, "node:update", "node");
  const fields = parseNodeFields(withoutNulls(input));
  // Nothing to change (every field left out or null, or sent as it is): no write, no audit entry
  // whose before and after are the same, no UPDATED event.
  const after = settingsOf({
    name: fields.name ?? before.name,
    labels: fields.labels ? labelsToJson(fields.labels) : before.labels,
    interface: fields.interface ?? before.interface,
    ownedPrefixes: fields.ownedPrefixes ?? before.ownedPrefixes,
  });
  if (JSON.stringify(after) === JSON.stringify(settingsOf(before))) return before;
  if (before.interfacePinned && after.interface !== before.interface)
    throw ValidationError.field(
      "input.interface",
      `the agent's own --interface or LEVEE_AGENT_INTERFACE pins it to ${before.sampledInterface ?? before.interface}; change it on the host`,
    );
  if (fields.name) await assertNameFree(ctx, before.workspaceId, fields.name, nodeId);
  const node = await ctx.mutate(async (tx, audit) => {
    const updated = await tx.node.update({
      where: { id: nodeId },
      data: {
        name: fields.name,
        labels: fields.labels ? labelsToJson(fields.labels) : undefined,
        interface: fields.interface,
        ownedPrefixes: fields.ownedPrefixes,
      },
    });
    const summary = { before: settingsOf(before), after: settingsOf(updated) };
    await audit({
      action: "node.update",
      workspaceId: before.workspaceId,
      target: { type: "Node", id: nodeId },
      summary,
    });
    return updated;
  });
  publishNodeEvent(ctx, node.workspaceId, "UPDATED", node);
  return node;
}

/** Deleting a node also revokes its agent key, so a forgotten agent cannot report again. */
export async function deleteNode(ctx: GraphQLContext, nodeId: string) {
  const node = await loadNode(ctx, nodeId);
  await ctx.access.require(node.workspaceId, "node:delete", "node");
  await ctx.mutate(
    async (tx, audit) => {
      // The node's row first, then its key, as a workspace's deletion takes them (its nodes, then
      // the cascade): key first, the two could deadlock. Gone meanwhile (its workspace deleted):
      // not found, as it would be a moment later.
      const held = await tx.$queryRaw<unknown[]>`SELECT id FROM node WHERE id = ${nodeId}::uuid FOR UPDATE`;
      if (held.length === 0) throw new NotFoundError("node");
      await tx.apiKey.updateMany({ where: { nodeId, revokedAt: null }, data: { revokedAt: new Date() } });
      await tx.node.delete({ where: { id: nodeId } });
      await audit({
        action: "node.delete",
        workspaceId: node.workspaceId,
        target: { type: "Node", id: nodeId },
        summary: { before: settingsOf(node) },
      });
    },
    undefined,
    { retryDeadlocks: true },
  );
  announceCredentialsChanged(ctx, "node.delete");
  ctx.telemetry.detection.forget(nodeId);
  publishNodeEvent(ctx, node.workspaceId, "DELETED", node);
  publishNodesDeleted(ctx, [nodeId]);
  return nodeId;
}

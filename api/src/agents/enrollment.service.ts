import { announceCredentialsChanged } from "../auth/api-key-cache.ts";
import { createAuditedCredential } from "../auth/credential-issue.ts";
import { wrongCredentialError } from "../auth/credential-kind.ts";
import { hashToken, issueToken } from "../auth/credentials.ts";
import { grantRead } from "../auth/node-guard.ts";
import type { GraphQLContext } from "../context.ts";
import { AuthenticationError, ConflictError, NotFoundError } from "../errors.ts";
import { newNodeMultiplier } from "../nodes/new-node-multiplier.ts";
import { publishNodeEvent } from "../nodes/node-events.ts";
import { parseNodeFields } from "../nodes/node-input.ts";
import { publishNodeStatus } from "../nodes/node-status.ts";

export async function createEnrollmentToken(
  ctx: GraphQLContext,
  input: { workspaceId: string; nodeId?: string | null; expiresInMinutes: number },
) {
  const user = ctx.access.requireUser();
  await ctx.access.require(input.workspaceId, "enrollment:manage");
  if (input.nodeId) {
    const node = await ctx.db.node.findUnique({ where: { id: input.nodeId } });
    if (!node || node.workspaceId !== input.workspaceId) throw new NotFoundError("node");
  }
  const { row: enrollmentToken, token } = await createAuditedCredential(ctx, {
    kind: "enrollment",
    action: "enrollment.create",
    workspaceId: input.workspaceId,
    targetType: "EnrollmentToken",
    create: (tx, { prefix, hash }) =>
      tx.enrollmentToken.create({
        data: {
          workspaceId: input.workspaceId,
          nodeId: input.nodeId ?? null,
          prefix,
          tokenHash: hash,
          createdById: user.userId,
          expiresAt: new Date(Date.now() + input.expiresInMinutes * 60_000),
        },
      }),
    after: (created, prefix) => ({ prefix, nodeId: created.nodeId, expiresAt: created.expiresAt }),
  });
  return { enrollmentToken, token };
}

const UNKNOWN_TOKEN = "Enrollment token is unknown, already used or expired; create a new one";

/**
 * Exchanges a one-time token for an agent key bound to one node: the node the token names,
 * or a new node named by the agent. Re-enrolling a node revokes its previous key.
 */
export async function enrollAgent(
  ctx: GraphQLContext,
  input: {
    token: string;
    nodeName?: string | null;
    hostname: string;
    agentVersion: string;
    interface?: string | null;
  },
) {
  const record = await ctx.db.enrollmentToken.findUnique({ where: { tokenHash: hashToken(input.token) } });
  if (!record || record.usedAt || record.expiresAt <= new Date()) {
    throw new AuthenticationError(UNKNOWN_TOKEN);
  }
  const name = record.nodeId ? undefined : (input.nodeName ?? input.hostname);
  // The interface the agent was enrolled with is the node's setting from now on (the agent follows it).
  const { interface: enrolledInterface } = parseNodeFields({
    ...(name !== undefined ? { name } : {}),
    ...(input.interface ? { interface: input.interface } : {}),
  });
  const actor = { type: "AGENT" as const, id: record.id, label: `enrollment ${record.prefix}` };
  const { token, prefix, hash } = issueToken("agent");
  const result = await ctx.mutate(
    async (tx, audit) => {
      // Locks in a deletion's order: the node, then the workspace row, then the cascade to
      // tokens and keys. Re-enrolling a node: that node's row first (gone: deleted). A new node:
      // a share of its workspace's row first (with the multiplier it starts with); taken after
      // the token, a workspace deletion holding the row waited for the token: a deadlock.
      let detectionMultiplier: number | undefined;
      if (record.nodeId) {
        const held = await tx.$queryRaw<unknown[]>`SELECT id FROM node WHERE id = ${record.nodeId}::uuid
        FOR NO KEY UPDATE`;
        if (held.length === 0) throw new NotFoundError("node");
      } else {
        try {
          detectionMultiplier = await newNodeMultiplier(tx, record.workspaceId);
        } catch (error) {
          if (error instanceof NotFoundError) throw new AuthenticationError(UNKNOWN_TOKEN); // the token went with its workspace
          throw error;
        }
      }
      const claimed = await tx.enrollmentToken.updateMany({
        where: { id: record.id, usedAt: null },
        data: { usedAt: new Date() },
      });
      if (claimed.count !== 1) throw new AuthenticationError("Enrollment token was used a moment ago");
      let nodeId = record.nodeId;
      if (!nodeId) {
        const clash = await tx.node.findFirst({ where: { workspaceId: record.workspaceId, name } });
        // Hosts often share a name (cloud images' "debian", "localhost"): the way to a second node
        // comes first. A token made for the existing node would re-enrol it, revoking the other
        // server's key, so that is offered only for the same server.
        if (clash)
          throw new ConflictError(
            `A node named "${name}" exists in this workspace. For another server, enrol under another name ` +
              "(levee-agent enroll --name NAME; EnrollAgentInput.nodeName), with this token: it is not used up. " +
              "To re-enrol that node itself, use a token created for it (its current agent key is revoked)",
          );
        nodeId = (
          await tx.node.create({
            data: {
              workspaceId: record.workspaceId,
              name: name as string,
              ownedPrefixes: [],
              detectionMultiplier,
              interface: enrolledInterface,
            },
          })
        ).id;
      }
      await tx.apiKey.updateMany({ where: { nodeId, revokedAt: null }, data: { revokedAt: new Date() } });
      await tx.apiKey.updateMany({ where: { nodeId }, data: { nodeId: null } }); // one key per node
      const node = await tx.node.update({
        where: { id: nodeId },
        // What the previous agent reported about its interface is not this one's: it reports anew.
        data: {
          hostname: input.hostname,
          agentVersion: input.agentVersion,
          interface: enrolledInterface,
          sampledInterface: null,
          interfaceProblem: null,
          interfacePinned: false,
        },
      });
      const apiKey = await tx.apiKey.create({
        data: {
          workspaceId: record.workspaceId,
          name: `agent ${node.name}`,
          kind: "AGENT",
          prefix,
          keyHash: hash,
          scopes: [],
          nodeId,
        },
      });
      const after = {
        node: node.name,
        hostname: input.hostname,
        agentVersion: input.agentVersion,
        interface: node.interface,
        keyPrefix: prefix,
      };
      await audit({
        action: "agent.enroll",
        workspaceId: record.workspaceId,
        target: { type: "Node", id: nodeId },
        summary: { after },
      });
      return { node, apiKey };
    },
    actor,
    { retryDeadlocks: true },
  );
  announceCredentialsChanged(ctx, "agent.enroll"); // the node's previous key is revoked
  publishNodeEvent(ctx, result.node.workspaceId, "ENROLLED", result.node);
  // The token holder is anonymous until it uses the key; it may read back what it enrolled.
  grantRead(ctx, "MonitoredNode", result.node.id);
  grantRead(ctx, "ApiKey", result.apiKey.id);
  return { ...result, agentKey: token };
}

/**
 * What the agent says about its interface, as stored; undefined from an agent too old to say
 * (then what is stored stays).
 */
function interfaceReport(input: {
  interface?: string | null;
  interfaceProblem?: string | null;
  interfacePinned?: boolean | null;
}) {
  if (!input.interface) return undefined;
  return {
    sampledInterface: input.interface,
    interfaceProblem: input.interfaceProblem || null,
    interfacePinned: input.interfacePinned ?? false,
  };
}

/**
 * An agent says it is alive; status flips to ONLINE (an audited change only when something
 * changed). It reports the interface it samples and answers with the node, whose `interface`
 * setting the agent then follows. The report is written only when it changed (an agent sends it
 * on every heartbeat, and at once when its interface changes); a change is announced as UPDATED,
 * not audited: it is the agent's report, not anyone's setting.
 */
export async function agentHeartbeat(
  ctx: GraphQLContext,
  input: {
    agentVersion: string;
    hostname?: string | null;
    interface?: string | null;
    interfaceProblem?: string | null;
    interfacePinned?: boolean | null;
  },
) {
  const { principal } = ctx;
  if (principal.kind !== "agent") throw wrongCredentialError(principal, "agent");
  const before = await ctx.db.node.findUniqueOrThrow({ where: { id: principal.nodeId } });
  const reported = interfaceReport(input);
  const reportChanged =
    reported !== undefined &&
    (reported.sampledInterface !== before.sampledInterface ||
      reported.interfaceProblem !== before.interfaceProblem ||
      reported.interfacePinned !== before.interfacePinned);
  const unchanged =
    !reportChanged &&
    before.status === "ONLINE" &&
    before.agentVersion === input.agentVersion &&
    (!input.hostname || input.hostname === before.hostname);
  if (unchanged) {
    // Only while it is still ONLINE: the offline sweep may have stored it OFFLINE since the read,
    // and coming back is a transition, audited and announced below.
    const touched = await ctx.db.node
      .update({ where: { id: before.id, status: "ONLINE" }, data: { lastSeenAt: new Date() } })
      .catch((error: { code?: string }) => {
        if (error?.code === "P2025") return null;
        throw error;
      });
    if (touched) return touched;
  }
  const { node, cameOnline } = await ctx.mutate(async (tx, audit) => {
    // Read again under the row's lock: the node's telemetry (online-batch.ts, which locks it the
    // same way), the offline sweep or another heartbeat may have changed it since the read above,
    // and each transition is audited once, by whichever stored it.
    const [current] = await tx.$queryRaw<
      { status: string; agentVersion: string | null; hostname: string | null }[]
    >`SELECT status::text AS status, agent_version AS "agentVersion", hostname
        FROM node WHERE id = ${before.id}::uuid FOR NO KEY UPDATE`;
    const was = current ?? before;
    const updated = await tx.node.update({
      where: { id: before.id },
      data: {
        lastSeenAt: new Date(),
        status: "ONLINE",
        agentVersion: input.agentVersion,
        hostname: input.hostname ?? was.hostname,
        ...reported,
      },
    });
    const after = { status: updated.status, agentVersion: updated.agentVersion, hostname: updated.hostname };
    const changed =
      was.status !== after.status ||
      was.agentVersion !== after.agentVersion ||
      was.hostname !== after.hostname;
    if (changed)
      await audit({
        action: "node.agent-online",
        workspaceId: before.workspaceId,
        target: { type: "Node", id: before.id },
        summary: {
          before: { status: was.status, agentVersion: was.agentVersion, hostname: was.hostname },
          after,
        },
      });
    return { node: updated, cameOnline: was.status !== "ONLINE" };
  });
  if (reportChanged && !cameOnline) publishNodeEvent(ctx, node.workspaceId, "UPDATED", node);
  if (cameOnline) {
    publishNodeEvent(ctx, node.workspaceId, "STATUS_CHANGED", node);
    // Telemetry then finds the node ONLINE and announces nothing: live status subscribers hear it here.
    publishNodeStatus(ctx, node.workspaceId, {
      nodeId: node.id,
      status: "ONLINE",
      detectionState: node.detectionState,
    });
  }
  return node;
}

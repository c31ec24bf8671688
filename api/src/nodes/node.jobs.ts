import { appendAudit } from "../audit/audit-recorder.ts";
import type { AppServices } from "../context.ts";
import { publishNodeEvent } from "./node-events.ts";

export const NODE_OFFLINE_JOB = "nodes.mark-offline";

/** Marks ONLINE nodes whose agent has been silent longer than the configured window OFFLINE. */
export async function markSilentNodesOffline(services: AppServices, now = new Date()): Promise<number> {
  const { prisma } = services.database;
  const cutoff = new Date(now.getTime() - services.config.nodeOfflineAfterMs);
  const silent = await prisma.node.findMany({ where: { status: "ONLINE", lastSeenAt: { lt: cutoff } } });
  const system = { type: "SYSTEM" as const, id: null, label: "levee" };
  for (const node of silent) {
    const changed = await prisma.$transaction(async (tx) => {
      const { count } = await tx.node.updateMany({
        where: { id: node.id, status: "ONLINE", lastSeenAt: { lt: cutoff } },
        data: { status: "OFFLINE" },
      });
      if (count === 1) {
        await appendAudit(tx, system, null, {
          action: "node.offline",
          workspaceId: node.workspaceId,
          target: { type: "Node", id: node.id },
          summary: {
            lastSeenAt: node.lastSeenAt,
            silentForSeconds: Math.round((now.getTime() - (node.lastSeenAt?.getTime() ?? 0)) / 1000),
          },
        });
      }
      return count === 1;
    });
    if (!changed) continue;
    publishNodeEvent(services, node.workspaceId, "STATUS_CHANGED", node);
    services.pubsub.publish("nodeStatusChanged", node.workspaceId, {
      nodeId: node.id,
      status: "OFFLINE",
      detectionState: node.detectionState,
      at: now.toISOString(),
    });
  }
  return silent.length;
}

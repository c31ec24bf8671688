import { appendAudit } from "../audit/audit-recorder.ts";
import type { CoreServices } from "../core-services.ts";
import type { NodeDetection } from "../detection/node-detection.loader.ts";
import { publishNodeEvent } from "./node-events.ts";

/**
 * Telemetry is proof of life: a node not known ONLINE becomes ONLINE (audited, announced),
 * and lastSeenAt is refreshed in batches, not with a write per sample. After a silence long enough for the
 * offline sweep to have run, the stored status is checked again.
 */
export async function markNodeOnline(
  services: CoreServices,
  node: NodeDetection,
  touch: (nodeId: string) => void,
): Promise<void> {
  const now = Date.now();
  const silentLong = now - node.lastArrival > services.config.nodeOfflineAfterMs / 2;
  node.lastArrival = now;
  const { prisma } = services.database;
  if (node.status === "ONLINE" && !silentLong) {
    touch(node.nodeId); // lastSeenAt, batched with other nodes' (PeriodicBatch)
    return;
  }
  const changed = await prisma.$transaction(async (tx) => {
    const before = await tx.node.findUniqueOrThrow({ where: { id: node.nodeId }, select: { status: true } });
    await tx.node.update({
      where: { id: node.nodeId },
      data: { status: "ONLINE", lastSeenAt: new Date(now) },
    });
    if (before.status === "ONLINE") return false;
    await appendAudit(tx, { type: "SYSTEM", id: null, label: "levee" }, null, {
      action: "node.agent-online",
      workspaceId: node.workspaceId,
      target: { type: "Node", id: node.nodeId },
      summary: { before: { status: before.status }, after: { status: "ONLINE" }, via: "telemetry" },
    });
    return true;
  });
  node.status = "ONLINE";
  if (!changed) return;
  publishNodeEvent(services, node.workspaceId, "STATUS_CHANGED", { id: node.nodeId, name: node.name });
  services.pubsub.publish("nodeStatusChanged", node.workspaceId, {
    nodeId: node.nodeId,
    status: "ONLINE",
    detectionState: node.detector.level,
    at: new Date(now).toISOString(),
  });
}

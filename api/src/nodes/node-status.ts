import { appendAudit } from "../audit/audit-recorder.ts";
import type { CoreServices } from "../core-services.ts";
import type { NodeDetection } from "../detection/node-detection.loader.ts";
import type { NodeStatusPayload } from "../topics.ts";
import { publishNodeEvent } from "./node-events.ts";

/**
 * Every nodeStatusChanged publish goes through here (online, offline, detection state), so a
 * subscriber sees one shape from one place.
 */
export function publishNodeStatus(
  services: Pick<CoreServices, "pubsub">,
  workspaceId: string,
  change: {
    nodeId: string;
    status: NodeStatusPayload["status"];
    detectionState: NodeStatusPayload["detectionState"];
  },
  at = new Date(),
): void {
  services.pubsub.publish("nodeStatusChanged", workspaceId, { ...change, at: at.toISOString() });
}

/** lastSeenAt is written at most this often per node (at most a quarter of the offline window). */
const TOUCH_EVERY_MS = 30_000;

/** How often a node's lastSeenAt is written: every 30 s, or a quarter of a shorter offline window. */
export function touchPeriodMs(offlineAfterMs: number): number {
  return Math.min(TOUCH_EVERY_MS, offlineAfterMs / 4);
}

/**
 * Telemetry is proof of life: a node not known ONLINE becomes ONLINE (audited and announced,
 * in batches per workspace: see OnlineBatch), and lastSeenAt is refreshed in batches and only
 * every 30 s per node (not on every sample: at 100k nodes that was 50k row updates a second).
 * After a silence long enough for the offline sweep to have run, the stored status is checked again.
 */
export function markNodeOnline(
  services: CoreServices,
  node: NodeDetection & { touchedAt?: number },
  touch: (nodeId: string) => void,
  admit: (nodeId: string, workspaceId: string) => Promise<boolean>,
): Promise<void> | undefined {
  const now = Date.now();
  const offlineAfter = services.config.nodeOfflineAfterMs;
  const silentLong = now - node.lastArrival > offlineAfter / 2;
  node.lastArrival = now;
  if (node.status === "ONLINE" && !silentLong) {
    if (now - (node.touchedAt ?? 0) >= touchPeriodMs(offlineAfter)) {
      node.touchedAt = now;
      touch(node.nodeId); // lastSeenAt, batched with other nodes' (PeriodicBatch)
    }
    return undefined;
  }
  return comeOnline(services, node, admit, now);
}

/** The node is not known ONLINE (or was silent long): its stored status is admitted, and announced if it changed. */
async function comeOnline(
  services: CoreServices,
  node: NodeDetection & { touchedAt?: number },
  admit: (nodeId: string, workspaceId: string) => Promise<boolean>,
  now: number,
): Promise<void> {
  const changed = await admit(node.nodeId, node.workspaceId);
  node.status = "ONLINE";
  // Admission wrote lastSeenAt. The next write comes within one period, at a point drawn in it:
  // a fleet reconnecting together after a restart would otherwise refresh lastSeenAt in the same
  // presence batch every period for ever (10,000 nodes: one 10,000-row UPDATE every 30 s, a burst
  // on the database); drawn, each 2 s batch holds about a fifteenth of them.
  node.touchedAt = now - Math.random() * touchPeriodMs(services.config.nodeOfflineAfterMs);
  if (!changed) return;
  publishNodeEvent(services, node.workspaceId, "STATUS_CHANGED", { id: node.nodeId, name: node.name });
  publishNodeStatus(
    services,
    node.workspaceId,
    { nodeId: node.nodeId, status: "ONLINE", detectionState: node.detector.level },
    new Date(now),
  );
}

/** Marks ONLINE nodes whose agent has been silent longer than the configured window OFFLINE. */
export async function markSilentNodesOffline(services: CoreServices, now = new Date()): Promise<number> {
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
    publishNodeStatus(
      services,
      node.workspaceId,
      { nodeId: node.id, status: "OFFLINE", detectionState: node.detectionState },
      now,
    );
  }
  return silent.length;
}

"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { NodeEventsSubscription } from "@/lib/graphql/operations/nodes";
import { useSubscription } from "@/lib/live/use-live";

/**
 * The header's interface words (interfaceSummary), kept current: the agent reports a switch, or a
 * setting it cannot follow, on its heartbeat, which the API announces as the node UPDATED (or
 * STATUS_CHANGED, the heartbeat that brings it online); the page is
 * then rendered again. "switching to eth1…" turns into "interface eth1" without a reload.
 */
export function NodeInterface({
  nodeId,
  workspaceId,
  children,
}: Readonly<{ nodeId: string; workspaceId: string; children: ReactNode }>) {
  const router = useRouter();
  useSubscription(NodeEventsSubscription, { workspaceId }, ({ nodeEvents }) => {
    if (
      nodeEvents.nodeId === nodeId &&
      (nodeEvents.kind === "UPDATED" || nodeEvents.kind === "STATUS_CHANGED")
    )
      router.refresh();
  });
  return <span data-testid="node-interface">{children}</span>;
}

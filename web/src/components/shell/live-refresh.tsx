"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type {
  IncidentEventsSubscription as IncidentEventsData,
  NodeStatusChangedSubscription as NodeStatusChangedData,
} from "@/lib/graphql/generated/graphql";
import { IncidentEventsSubscription } from "@/lib/graphql/operations/incidents";
import { NodeEventsSubscription, NodeStatusChangedSubscription } from "@/lib/graphql/operations/nodes";
import { CustomerNodesChangedSubscription } from "@/lib/graphql/operations/workspace";
import { useSubscription } from "@/lib/live/use-live";

/** What a page hears besides the refresh, from the same subscriptions (no more operations of its own). */
export interface LiveRefreshListeners {
  onIncidentEvent?: (event: IncidentEventsData["incidentEvents"]) => void;
  onNodeStatus?: (change: NodeStatusChangedData["nodeStatusChanged"]) => void;
}

/**
 * Re-renders the server component around it when the workspace changes: an incident opens, grows or
 * resolves, a node changes state, appears or goes away; and, given `customerIds` (an MSP's overview, a
 * page of its customers), when a node of one of them does. Refreshes are coalesced to one per second.
 */
export function useLiveRefresh(
  workspaceId: string,
  customerIds: readonly string[] = [],
  listeners: LiveRefreshListeners = {},
): void {
  const router = useRouter();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  const refresh = () => {
    pending.current ??= setTimeout(() => {
      pending.current = null;
      router.refresh();
    }, 1000);
  };
  const variables = { workspaceId };
  useSubscription(IncidentEventsSubscription, variables, ({ incidentEvents }) => {
    listeners.onIncidentEvent?.(incidentEvents);
    refresh();
  });
  useSubscription(NodeStatusChangedSubscription, variables, ({ nodeStatusChanged }) => {
    listeners.onNodeStatus?.(nodeStatusChanged);
    refresh();
  });
  useSubscription(NodeEventsSubscription, variables, refresh);
  // Every customer of the page in one subscription: each operation counts against the caller's request
  // rate, and three per customer were 150 at once for a page of 50.
  useSubscription(
    CustomerNodesChangedSubscription,
    customerIds.length > 0 ? { workspaceIds: [...customerIds] } : null,
    refresh,
  );
}

export function LiveRefresh({
  workspaceId,
  customerIds,
}: Readonly<{ workspaceId: string; customerIds?: readonly string[] | undefined }>) {
  useLiveRefresh(workspaceId, customerIds);
  return null;
}

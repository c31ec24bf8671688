"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { IncidentEventsSubscription } from "@/lib/graphql/operations/incidents";
import { NodeEventsSubscription, NodeStatusChangedSubscription } from "@/lib/graphql/operations/nodes";
import { useSubscription } from "@/lib/live/use-live";

/**
 * Re-renders the server component around it when the workspace changes: an incident opens, grows or
 * resolves, a node changes state, appears or goes away. Refreshes are coalesced to one per second.
 */
export function LiveRefresh({ workspaceId }: Readonly<{ workspaceId: string }>) {
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
  useSubscription(IncidentEventsSubscription, variables, refresh);
  useSubscription(NodeStatusChangedSubscription, variables, refresh);
  useSubscription(NodeEventsSubscription, variables, refresh);
  return null;
}

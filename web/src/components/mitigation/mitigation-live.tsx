"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { MitigationEventsSubscription } from "@/lib/graphql/operations/mitigation";
import { NetworkMitigationEventsSubscription } from "@/lib/graphql/operations/network";
import { useSubscription } from "@/lib/live/use-live";

/**
 * Re-renders the server page around it when a firewall action (or, with `network`, a BGP/scrubbing rule)
 * changes: requested, applied, undone, failing. Refreshes are coalesced to one per second.
 */
export function MitigationLive({
  workspaceId,
  firewall = true,
  network = false,
}: Readonly<{ workspaceId: string; firewall?: boolean; network?: boolean }>) {
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
  useSubscription(MitigationEventsSubscription, firewall ? { workspaceId } : null, refresh);
  useSubscription(NetworkMitigationEventsSubscription, network ? { workspaceId } : null, refresh);
  return null;
}

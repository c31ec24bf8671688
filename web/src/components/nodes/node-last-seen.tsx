"use client";

import { TimeAgo } from "@/components/ui/time-ago";
import { latestTime, useHeardAt } from "@/lib/live/heard-at";

/**
 * When the node was last seen: the later of its stored last_seen_at and the last second this tab
 * heard live (a component on the page must subscribe to the node's traffic and mark it heard).
 */
export function NodeLastSeen({
  nodeId,
  stored,
}: Readonly<{ nodeId: string; stored: string | null | undefined }>) {
  return (
    <span data-testid="node-last-seen">
      <TimeAgo iso={latestTime(useHeardAt(nodeId), stored)} />
    </span>
  );
}

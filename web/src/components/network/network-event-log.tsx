"use client";

import { useState } from "react";
import { StateBadge } from "@/components/mitigation/state-badge";
import { EmptyState } from "@/components/ui/feedback";
import { formatTime } from "@/lib/format/units";
import { NetworkMitigationEventsSubscription } from "@/lib/graphql/operations/network";
import { useSubscription } from "@/lib/live/use-live";
import { mergeEvents, type NetworkEvent } from "@/lib/mitigation/network-events";

/** Every announce, withdraw and failed call: the audit history, then live events as they happen. */
export function NetworkEventLog({
  workspaceId,
  history,
  historyError,
}: Readonly<{ workspaceId: string; history: readonly NetworkEvent[]; historyError?: string | null }>) {
  const [live, setLive] = useState<NetworkEvent[]>([]);
  const error = useSubscription(NetworkMitigationEventsSubscription, { workspaceId }, (data) => {
    const e = data.networkMitigationEvents;
    setLive((rows) => [{ key: `live-${e.at}-${rows.length}`, ...e }, ...rows].slice(0, 200));
  });
  const events = mergeEvents(live, history);
  return (
    <div className="flex flex-col gap-3">
      {historyError && <p className="text-sm text-muted">Earlier events are not shown: {historyError}</p>}
      {error && <p className="text-sm text-danger">Live events unavailable: {error}</p>}
      {events.length === 0 ? (
        <EmptyState title="No calls yet">
          Each announcement, withdrawal and failed call appears here as it happens.
        </EmptyState>
      ) : (
        <ol
          className="flex flex-col divide-y divide-muted/10 text-sm"
          data-testid="network-events"
          aria-live="polite"
        >
          {events.map((e) => (
            <li key={e.key} className="flex flex-wrap items-center gap-3 py-2">
              <StateBadge state={e.kind} />
              <span className="tabular-nums text-muted">{formatTime(e.at)}</span>
              <span className="font-medium">{e.target}</span>
              <span className="min-w-0 break-all font-mono text-xs">{e.detail}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

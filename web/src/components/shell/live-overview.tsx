"use client";

import { useState } from "react";
import { useLiveRefresh } from "@/components/shell/live-refresh";
import { Stat } from "@/components/ui/stat";
import { formatPps } from "@/lib/format/units";
import { onlineTone } from "@/lib/nodes/online-tone";
import {
  type HeardEvents,
  heardIncidentEvent,
  heardNodeState,
  incidentsOpenedSince,
  liveOverviewCounts,
  NOTHING_HEARD,
  type OverviewBase,
} from "@/lib/workspaces/overview-counts";

/**
 * The overview's counters, and its refresh (LiveRefresh's). Online, under attack, open incidents and
 * incidents in 24 h move with the events the refresh hears, at once, as the node cards do; the
 * refresh's render reconciles them.
 */
export function LiveOverview({
  workspaceId,
  customerIds,
  base,
  nodes,
  incidents,
  peakPps,
}: Readonly<{
  workspaceId: string;
  customerIds?: readonly string[] | undefined;
  base: OverviewBase;
  nodes: number;
  /** Incidents in the last 24 hours. */
  incidents: number;
  peakPps: number;
}>) {
  const [heard, setHeard] = useState<HeardEvents>(NOTHING_HEARD);
  useLiveRefresh(workspaceId, customerIds, {
    onIncidentEvent: (event) => setHeard((h) => heardIncidentEvent(h, event, base.asOf)),
    onNodeStatus: (change) => setHeard((h) => heardNodeState(h, change.nodeId, change)),
  });
  const live = liveOverviewCounts(base, heard);
  const recent = incidents + incidentsOpenedSince(heard, base.asOf);
  return (
    <div
      className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6"
      data-testid="overview-counters"
      data-under-attack={live.nodesUnderAttack}
      data-open-incidents={live.openIncidents}
      data-recent-incidents={recent}
    >
      <Stat label="Nodes" value={nodes} />
      <Stat label="Online" value={live.onlineNodes} tone={onlineTone(live.onlineNodes, nodes)} />
      <Stat
        label="Under attack"
        value={live.nodesUnderAttack}
        tone={live.nodesUnderAttack > 0 ? "danger" : "text"}
      />
      <Stat
        label="Open incidents"
        value={live.openIncidents}
        tone={live.openIncidents > 0 ? "danger" : "text"}
      />
      <Stat label="Incidents (24 h)" value={recent} />
      <Stat label="Attack peak (24 h)" value={formatPps(peakPps)} />
    </div>
  );
}

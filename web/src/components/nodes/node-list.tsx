"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Sparkline } from "@/components/charts/sparkline";
import { NodeLastSeen } from "@/components/nodes/node-last-seen";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { StatusPill } from "@/components/ui/status-pill";
import { linkClass } from "@/components/ui/styles";
import { formatPps } from "@/lib/format/units";
import {
  NodeEventsSubscription,
  NodeStatusChangedSubscription,
  NodesTrafficUpdatedSubscription,
} from "@/lib/graphql/operations/nodes";
import { markHeard } from "@/lib/live/heard-at";
import { KeyedListeners } from "@/lib/live/keyed-listeners";
import { useSubscription } from "@/lib/live/use-live";
import { LIVE_ROWS } from "@/lib/nodes/live-rows";
import { nodeHealth } from "@/lib/nodes/node-health";

export interface NodeListItem {
  id: string;
  name: string;
  hostname?: string | null;
  status: string;
  lastSeenAt?: string | null;
  detection: { state: string };
  baseline?: { learning: boolean } | null;
  traffic: { points: ReadonlyArray<{ ts: string; rxPps: number }> };
}

/** Sparklines keep the last two minutes of seconds. */
const SPARK_POINTS = 120;

type LiveSecond = { rxPps: number; detectionState: string };

export function NodeList({
  slug,
  workspaceId,
  nodes,
  canEnrol,
  compact = false,
}: Readonly<{
  slug: string;
  workspaceId: string;
  nodes: readonly NodeListItem[];
  /** enrollment:manage: the empty list links to the enrolment page only for a role that can use it. */
  canEnrol: boolean;
  compact?: boolean;
}>) {
  const router = useRouter();
  const [states, setStates] = useState<Record<string, { status: string; detectionState: string }>>({});
  const variables = { workspaceId };
  // The live rows' traffic in one subscription (a page's cards were one each: 40 operations against the
  // viewer's request rate, and the next page was refused); each row hears its own node's seconds.
  const [traffic] = useState(() => new KeyedListeners<LiveSecond>());
  const liveIds = nodes.slice(0, LIVE_ROWS).map((node) => node.id);
  const trafficError = useSubscription(
    NodesTrafficUpdatedSubscription,
    liveIds.length > 0 ? { nodeIds: liveIds } : null,
    ({ nodesTrafficUpdated: u }) => {
      markHeard(u.nodeId);
      traffic.emit(u.nodeId, u);
    },
  );
  const statusError = useSubscription(NodeStatusChangedSubscription, variables, ({ nodeStatusChanged: c }) =>
    setStates((s) => ({ ...s, [c.nodeId]: { status: c.status, detectionState: c.detectionState } })),
  );
  useSubscription(NodeEventsSubscription, variables, ({ nodeEvents }) => {
    if (nodeEvents.kind !== "STATUS_CHANGED") router.refresh();
  });
  if (nodes.length === 0) {
    return (
      <EmptyState title="No nodes yet">
        {canEnrol ? (
          <>
            Enrol the agent on a server and it appears here within a second.{" "}
            <Link href={`/w/${slug}/setup/enroll`} prefetch={false} className={linkClass}>
              Enrol an agent
            </Link>
          </>
        ) : (
          "Once an owner or admin enrols the agent on a server, it appears here within a second."
        )}
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      {statusError && <ErrorMessage>Live status refused: {statusError}</ErrorMessage>}
      {trafficError && <ErrorMessage>Live traffic refused: {trafficError}</ErrorMessage>}
      {/* grid-cols-1: tracks of minmax(0, 1fr), so a card's truncated line cannot widen a phone's page. */}
      <ul
        className={`grid grid-cols-1 gap-3 ${compact ? "2xl:grid-cols-2" : "md:grid-cols-2 xl:grid-cols-3"}`}
      >
        {nodes.map((node, index) => (
          <NodeRow
            key={node.id}
            slug={slug}
            node={node}
            traffic={index < LIVE_ROWS ? traffic : null}
            override={states[node.id]}
          />
        ))}
      </ul>
    </div>
  );
}

function NodeRow({
  slug,
  node,
  traffic,
  override,
}: Readonly<{
  slug: string;
  node: NodeListItem;
  /** The list's live traffic, for the rows that stream (the first LIVE_ROWS); null for the rest. */
  traffic: KeyedListeners<LiveSecond> | null;
  override?: { status: string; detectionState: string } | undefined;
}>) {
  const [series, setSeries] = useState(() => node.traffic.points.slice(-SPARK_POINTS).map((p) => p.rxPps));
  const [state, setState] = useState<{ status: string; detectionState: string } | null>(null);
  useEffect(
    () =>
      traffic?.listen(node.id, (u) => {
        setSeries((s) => [...s.slice(-(SPARK_POINTS - 1)), u.rxPps]);
        setState({ status: "ONLINE", detectionState: u.detectionState });
      }),
    [traffic, node.id],
  );
  const current = override ?? state ?? { status: node.status, detectionState: node.detection.state };
  const health = nodeHealth({ ...current, learning: node.baseline?.learning ?? false });
  const last = series.at(-1);
  return (
    <li>
      {/* Not prefetched: each card in view would render its node's page on the server, a query to the API
          each (~25 of a Nodes page view's operations against the viewer's request rate, more on scrolling). */}
      <Link
        href={`/w/${slug}/nodes/${encodeURIComponent(node.id)}`}
        prefetch={false}
        data-node={node.name}
        data-health={health}
        className={`flex items-center justify-between gap-4 rounded-theme border bg-surface p-4 shadow-sm transition hover:border-primary ${health === "UNDER_ATTACK" ? "border-danger/60" : "border-muted/20"}`}
      >
        <div className="min-w-0">
          <p className="truncate font-semibold">{node.name}</p>
          <p className="mt-0.5 truncate text-xs text-muted">
            {node.hostname ?? "waiting for agent"} · seen{" "}
            <NodeLastSeen nodeId={node.id} stored={node.lastSeenAt} />
          </p>
          <div className="mt-2">
            <StatusPill health={health} />
          </div>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-1">
          <Sparkline values={series} label={`Packets per second of ${node.name}, last two minutes`} />
          <span className="text-xs tabular-nums text-muted">
            {last === undefined ? "no traffic" : formatPps(last)}
          </span>
        </div>
      </Link>
    </li>
  );
}

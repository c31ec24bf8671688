"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Sparkline } from "@/components/charts/sparkline";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { StatusPill } from "@/components/ui/status-pill";
import { linkClass } from "@/components/ui/styles";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatPps } from "@/lib/format/units";
import {
  NodeEventsSubscription,
  NodeStatusChangedSubscription,
  TrafficUpdatedSubscription,
} from "@/lib/graphql/operations/nodes";
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

export function NodeList({
  slug,
  workspaceId,
  nodes,
  compact = false,
}: Readonly<{ slug: string; workspaceId: string; nodes: readonly NodeListItem[]; compact?: boolean }>) {
  const router = useRouter();
  const [states, setStates] = useState<Record<string, { status: string; detectionState: string }>>({});
  const variables = { workspaceId };
  const statusError = useSubscription(NodeStatusChangedSubscription, variables, ({ nodeStatusChanged: c }) =>
    setStates((s) => ({ ...s, [c.nodeId]: { status: c.status, detectionState: c.detectionState } })),
  );
  useSubscription(NodeEventsSubscription, variables, ({ nodeEvents }) => {
    if (nodeEvents.kind !== "STATUS_CHANGED") router.refresh();
  });
  if (nodes.length === 0) {
    return (
      <EmptyState title="No nodes yet">
        Enrol the agent on a server and it appears here within a second.{" "}
        <Link href={`/w/${slug}/setup/enroll`} className={linkClass}>
          Enrol an agent
        </Link>
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      {statusError && <ErrorMessage>Live status refused: {statusError}</ErrorMessage>}
      <ul className={`grid gap-3 ${compact ? "2xl:grid-cols-2" : "md:grid-cols-2 xl:grid-cols-3"}`}>
        {nodes.map((node, index) => (
          <NodeRow
            key={node.id}
            slug={slug}
            node={node}
            live={index < LIVE_ROWS}
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
  live,
  override,
}: Readonly<{
  slug: string;
  node: NodeListItem;
  live: boolean;
  override?: { status: string; detectionState: string } | undefined;
}>) {
  const [series, setSeries] = useState(() => node.traffic.points.slice(-SPARK_POINTS).map((p) => p.rxPps));
  const [state, setState] = useState<{ status: string; detectionState: string } | null>(null);
  // When this page last heard the node: the stored last_seen_at is written at most every 22.5 s
  // by default (a quarter of the offline window: a write per node per second was most of the
  // database's load at scale), so a node sending every second read "seen 17 s ago". The
  // browser's clock, not the sample's: no skew to the agent's.
  const [heardAt, setHeardAt] = useState<string | null>(null);
  useSubscription(TrafficUpdatedSubscription, live ? { nodeId: node.id } : null, ({ trafficUpdated: u }) => {
    setSeries((s) => [...s.slice(-(SPARK_POINTS - 1)), u.rxPps]);
    setState({ status: "ONLINE", detectionState: u.detectionState });
    setHeardAt(new Date().toISOString());
  });
  const current = override ?? state ?? { status: node.status, detectionState: node.detection.state };
  const health = nodeHealth({ ...current, learning: node.baseline?.learning ?? false });
  const last = series.at(-1);
  return (
    <li>
      <Link
        href={`/w/${slug}/nodes/${encodeURIComponent(node.id)}`}
        data-node={node.name}
        data-health={health}
        className={`flex items-center justify-between gap-4 rounded-theme border bg-surface p-4 shadow-sm transition hover:border-primary ${health === "UNDER_ATTACK" ? "border-danger/60" : "border-muted/20"}`}
      >
        <div className="min-w-0">
          <p className="truncate font-semibold">{node.name}</p>
          <p className="mt-0.5 truncate text-xs text-muted">
            {node.hostname ?? "waiting for agent"} · seen <TimeAgo iso={latest(heardAt, node.lastSeenAt)} />
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

/** The later of two ISO times: a refreshed stored value wins over a live one heard before it. */
function latest(a: string | null, b: string | null | undefined): string | null | undefined {
  if (!a || !b) return a ?? b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

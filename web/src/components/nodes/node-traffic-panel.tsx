"use client";

import { useEffect, useRef, useState } from "react";
import { ProtocolBar, type ProtocolMix } from "@/components/charts/protocol-bar";
import { type ChartHandle, UplotChart } from "@/components/charts/uplot-chart";
import { Card } from "@/components/ui/card";
import { ErrorMessage } from "@/components/ui/feedback";
import { StatusPill } from "@/components/ui/status-pill";
import { summariseConnections } from "@/lib/charts/connection-summary";
import { summariseListenQueue } from "@/lib/charts/listen-queue-summary";
import { LIVE_SECONDS } from "@/lib/charts/live-window";
import { SeriesWindow } from "@/lib/charts/series-window";
import { formatBps, formatPps } from "@/lib/format/units";
import { clientFetch } from "@/lib/graphql/client-fetch";
import { NodeTrafficQuery, TrafficUpdatedSubscription } from "@/lib/graphql/operations/nodes";
import { markHeard } from "@/lib/live/heard-at";
import { useSubscription } from "@/lib/live/use-live";
import { nodeHealth } from "@/lib/nodes/node-health";
import {
  CONNECTION_SERIES,
  chartColumns,
  LISTEN_QUEUE_PEAK_SERIES,
  PROTOCOL_SERIES,
  pointValues,
  RATE_SERIES,
  SERIES_COUNT,
  SYN_RECV_PEAK_SERIES,
  type TrafficPointIn,
} from "@/lib/nodes/traffic-columns";
import { ConnectionCard } from "./connection-card";
import { protocolChartOptions, rateChartOptions } from "./traffic-charts";

const RANGES = [
  { id: "live", label: "Live (5 min)", seconds: LIVE_SECONDS },
  { id: "1h", label: "1 h", seconds: 3600 },
  { id: "24h", label: "24 h", seconds: 86_400 },
  { id: "7d", label: "7 d", seconds: 604_800 },
  { id: "30d", label: "30 d", seconds: 2_592_000 },
] as const;
type RangeId = (typeof RANGES)[number]["id"];

export function NodeTrafficPanel({
  nodeId,
  status,
  learning,
  initialState,
  ppsThreshold,
  history,
}: Readonly<{
  nodeId: string;
  status: string;
  learning: boolean;
  initialState: string;
  ppsThreshold: number;
  history: readonly TrafficPointIn[];
}>) {
  const [range, setRange] = useState<RangeId>("live");
  const [state, setState] = useState(initialState);
  const [latest, setLatest] = useState<TrafficPointIn | undefined>(history.at(-1));
  /** A live second arrived while this page was open (a refresh of the page's data keeps it). */
  const [heardLive, setHeardLive] = useState(false);
  // An offline node's figures are its last stored second, not its traffic now: said so until a
  // live second arrives.
  const stale = status === "OFFLINE" && latest !== undefined && !heardLive;
  const [points, setPoints] = useState(history.length);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [resolution, setResolution] = useState("SECOND");
  const rates = useRef<ChartHandle>(null);
  const protocols = useRef<ChartHandle>(null);
  const connections = useRef<ChartHandle>(null);
  const live = useRef(new SeriesWindow(LIVE_SECONDS, SERIES_COUNT));
  const seeded = useRef(false);
  if (!seeded.current) {
    seeded.current = true;
    live.current.reset(
      history.map((p) => ({ x: Date.parse(p.ts) / 1000, values: pointValues(p, ppsThreshold) })),
    );
  }
  const connectionsOf = (window: SeriesWindow) => {
    const [, synRecv = [], established = [], total = [], syncookies = [], overflows = []] = chartColumns(
      window.columns,
      CONNECTION_SERIES,
    );
    const [, peaks = []] = chartColumns(window.columns, SYN_RECV_PEAK_SERIES);
    const [, syncookiesPeaks = [], overflowPeaks = []] = chartColumns(
      window.columns,
      LISTEN_QUEUE_PEAK_SERIES,
    );
    return {
      ...summariseConnections(synRecv, established, total, peaks),
      queue: summariseListenQueue(syncookies, overflows, syncookiesPeaks, overflowPeaks),
    };
  };
  const [connectionSummary, setConnectionSummary] = useState(() => connectionsOf(live.current));

  const draw = (window: SeriesWindow) => {
    rates.current?.setData(chartColumns(window.columns, RATE_SERIES));
    protocols.current?.setData(chartColumns(window.columns, PROTOCOL_SERIES));
    connections.current?.setData(chartColumns(window.columns, CONNECTION_SERIES));
    setConnectionSummary(connectionsOf(window));
    setPoints(window.size);
  };

  const subscriptionError = useSubscription(
    TrafficUpdatedSubscription,
    { nodeId },
    ({ trafficUpdated: u }) => {
      // The page's header reads it for "last seen" (node-last-seen.tsx).
      markHeard(nodeId);
      setState(u.detectionState);
      setLatest(u);
      setHeardLive(true);
      if (live.current.push(Date.parse(u.ts) / 1000, pointValues(u, ppsThreshold)) && range === "live")
        draw(live.current);
    },
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the range or node changes
  useEffect(() => {
    if (range === "live") {
      draw(live.current);
      setResolution("SECOND");
      return;
    }
    const seconds = RANGES.find((r) => r.id === range)?.seconds ?? 3600;
    let cancelled = false;
    setLoading(true);
    setError(null);
    const from = new Date(Date.now() - seconds * 1000).toISOString();
    clientFetch(NodeTrafficQuery, { id: nodeId, from, resolution: "AUTO" })
      .then(({ data, errors }) => {
        if (cancelled) return;
        const series = data?.node && "traffic" in data.node ? data.node.traffic : undefined;
        if (!series) throw new Error(errors[0]?.message ?? "No traffic returned");
        const window = new SeriesWindow(series.points.length + 1, SERIES_COUNT);
        window.reset(
          series.points.map((p) => ({ x: Date.parse(p.ts) / 1000, values: pointValues(p, ppsThreshold) })),
        );
        setResolution(series.resolution);
        draw(window);
      })
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [range, nodeId]);

  const mix: ProtocolMix = {
    tcp: latest?.tcpPps ?? 0,
    udp: latest?.udpPps ?? 0,
    icmp: latest?.icmpPps ?? 0,
    other: latest?.otherPps ?? 0,
  };
  const columns = live.current.columns;
  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <div className="rounded-theme border border-muted/20 bg-surface p-4 shadow-sm">
          <p className="text-xs font-semibold uppercase tracking-wide text-muted">State</p>
          <div className="mt-2" data-testid="node-state">
            <StatusPill
              health={nodeHealth({
                status: status === "PENDING" && latest ? "ONLINE" : status,
                detectionState: state,
                learning,
              })}
            />
          </div>
        </div>
        <Figure
          label={stale ? "Last packets/s in" : "Packets/s in"}
          value={latest ? formatPps(latest.rxPps) : "–"}
          testId="current-pps"
        />
        <Figure
          label={stale ? "Last bits/s in" : "Bits/s in"}
          value={latest ? formatBps(latest.rxBps) : "–"}
        />
        <Figure label="PPS threshold" value={formatPps(ppsThreshold)} />
      </div>
      <Card
        title="Inbound traffic"
        actions={
          <fieldset className="flex flex-wrap gap-1">
            <legend className="sr-only">Time range</legend>
            {RANGES.map((r) => (
              <button
                key={r.id}
                type="button"
                aria-pressed={range === r.id}
                onClick={() => setRange(r.id)}
                className="rounded-theme border border-muted/30 px-2.5 py-1 text-xs font-medium aria-pressed:border-primary aria-pressed:bg-primary aria-pressed:text-background"
              >
                {r.label}
              </button>
            ))}
          </fieldset>
        }
      >
        {subscriptionError && <ErrorMessage>Live updates refused: {subscriptionError}</ErrorMessage>}
        {error && <ErrorMessage>Could not load traffic: {error}</ErrorMessage>}
        <p className="mb-2 text-xs text-muted" aria-live="polite">
          {loading
            ? "Loading…"
            : `${points} points · ${resolution === "SECOND" ? "per second" : `per ${resolution.toLowerCase()}`}`}
          {range === "live" && " · updates every second"}
        </p>
        <div data-testid="rate-chart" data-points={points} data-last-ts={columns[0].at(-1) ?? ""}>
          <UplotChart
            ref={rates}
            build={rateChartOptions}
            initial={chartColumns(columns, RATE_SERIES)}
            label="Inbound packets and bits per second"
          />
        </div>
      </Card>
      <Card title="Protocol breakdown">
        <ProtocolBar mix={mix} />
        <div className="mt-4">
          <UplotChart
            ref={protocols}
            build={protocolChartOptions}
            height={200}
            initial={chartColumns(columns, PROTOCOL_SERIES)}
            label="Inbound packets per second by protocol"
          />
        </div>
      </Card>
      <ConnectionCard
        chart={connections}
        initial={chartColumns(columns, CONNECTION_SERIES)}
        summary={connectionSummary}
      />
    </div>
  );
}

function Figure({ label, value, testId }: Readonly<{ label: string; value: string; testId?: string }>) {
  return (
    <div className="rounded-theme border border-muted/20 bg-surface p-4 shadow-sm">
      <p className="text-xs font-semibold uppercase tracking-wide text-muted">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

"use client";
// The node page's TCP connection chart: sockets by state per point of the traffic series (SYN_RECV, the
// half-open sockets a SYN flood piles up; established; all), drawn and fed by NodeTrafficPanel from the
// same series window and subscription as its other charts. Counts the node did not report are said to
// be missing, never drawn as zeros.
import type { ReactNode, Ref } from "react";
import type { AlignedData } from "uplot";
import { type ChartHandle, UplotChart } from "@/components/charts/uplot-chart";
import { Card } from "@/components/ui/card";
import { type ConnectionSummary, describeConnections } from "@/lib/charts/connection-summary";
import { describeListenQueue, type ListenQueueSummary, perSecond } from "@/lib/charts/listen-queue-summary";
import { formatMetricValue, metricLabel } from "@/lib/format/metrics";
import { connectionChartOptions } from "./traffic-charts";

const FIGURES = [
  { metric: "SYN_RECV", key: "synRecv", className: "fill-danger" },
  { metric: "TCP_ESTABLISHED", key: "tcpEstablished", className: "fill-primary" },
  { metric: "TCP_SOCKETS", key: "tcpTotal", className: "fill-muted" },
] as const;

/** One latest value beside its series' colour (the chart's legend). */
function Figure({
  label,
  colour,
  testId,
  children,
}: Readonly<{ label: string; colour: string; testId: string; children: ReactNode }>) {
  return (
    <div className="flex items-center gap-1.5">
      <svg width="8" height="8" aria-hidden>
        <rect width="8" height="8" rx="2" className={colour} />
      </svg>
      <dt className="text-muted">{label}</dt>
      <dd className="ml-auto font-medium tabular-nums" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export function ConnectionCard({
  chart,
  initial,
  summary,
}: Readonly<{
  chart: Ref<ChartHandle>;
  /** Time, SYN_RECV, established and all TCP sockets, SYN cookies/s, listen overflows/s (CONNECTION_SERIES). */
  initial: AlignedData;
  summary: ConnectionSummary & { queue: ListenQueueSummary };
}>) {
  const described = describeConnections(summary);
  const { queue } = summary;
  const queueDescribed = describeListenQueue(queue);
  return (
    <Card title="TCP connections">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
        {FIGURES.map((f) => (
          <Figure
            key={f.key}
            label={metricLabel(f.metric)}
            colour={f.className}
            testId={`connections-${f.key}`}
          >
            {summary.latest ? formatMetricValue(f.metric, summary.latest[f.key]) : "not reported"}
          </Figure>
        ))}
        <Figure label="SYN cookies" colour="fill-warning" testId="connections-syncookies">
          {perSecond(queue.latestSyncookies)}
        </Figure>
        <Figure label="Listen overflows" colour="fill-accent" testId="connections-listen-overflows">
          {perSecond(queue.latestOverflows)}
        </Figure>
      </dl>
      <p className="mt-2 text-xs text-muted" data-testid="connections-listen-queue">
        {queueDescribed}
      </p>
      {summary.counted < summary.points && (
        <p className="mt-2 text-xs text-muted" data-testid="connections-missing">
          {described}
        </p>
      )}
      <div
        className="mt-4"
        data-testid="connection-chart"
        data-points={summary.points}
        data-counted={summary.counted}
        data-peak-syn-recv={summary.peakSynRecv ?? ""}
        data-peak-syncookies={queue.peakSyncookies ?? ""}
        data-syncookies-read={queue.read}
      >
        <UplotChart
          ref={chart}
          build={connectionChartOptions}
          height={200}
          initial={initial}
          label={`TCP sockets by state, SYN cookies and listen overflows per second over time. ${described} ${queueDescribed}`}
        />
      </div>
    </Card>
  );
}

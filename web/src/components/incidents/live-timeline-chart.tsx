"use client";

import { useEffect, useRef, useState } from "react";
import { type ChartHandle, UplotChart } from "@/components/charts/uplot-chart";
import { ErrorMessage } from "@/components/ui/feedback";
import { joinTimeline, type PeakTimeline, type TimelineSecond } from "@/lib/charts/peak-timeline";
import { clientFetch } from "@/lib/graphql/client-fetch";
import { IncidentTrafficQuery } from "@/lib/graphql/operations/incidents";
import { TrafficUpdatedSubscription } from "@/lib/graphql/operations/nodes";
import { useSubscription } from "@/lib/live/use-live";
import { type TimelinePoint, timelineOptions } from "./timeline-chart";

/**
 * Points the chart holds at most (PeakTimeline thins its older half beyond it), and how far back the
 * stored seconds are read: an hour, which also keeps the read under the API's 10,000-point limit of
 * SECOND. Earlier seconds of a longer incident come from its stored timeline.
 */
const CAPACITY = 3_600;

const toSecond = (p: { ts: string; rxPps: number; rxBps: number }): TimelineSecond => ({
  second: Date.parse(p.ts) / 1000,
  pps: p.rxPps,
  bps: p.rxBps,
});

/**
 * An open incident's timeline, second by second up to now: the node's stored seconds since the incident
 * began, then each live second of the node (the API stores the incident's own timeline only every 60
 * samples). Shows the stored timeline until the seconds are read, and goes on from it if they cannot be.
 */
export function LiveTimelineChart({
  nodeId,
  startedAt,
  stored,
  threshold,
}: Readonly<{ nodeId: string; startedAt: string; stored: readonly TimelinePoint[]; threshold: number }>) {
  const chart = useRef<ChartHandle>(null);
  const timeline = useRef<PeakTimeline | null>(null);
  /** Live seconds heard while the stored ones are being read; joined after them. */
  const heard = useRef<TimelineSecond[]>([]);
  const [points, setPoints] = useState(stored.length);
  const [lastSecond, setLastSecond] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const draw = (current: PeakTimeline) => {
    const [xs, pps, bps] = current.columns();
    chart.current?.setData([xs, pps, bps, xs.map(() => threshold)]);
    setPoints(current.size);
    setLastSecond(current.lastSecond());
  };

  const subscriptionError = useSubscription(TrafficUpdatedSubscription, { nodeId }, ({ trafficUpdated }) => {
    const second = toSecond(trafficUpdated);
    if (!timeline.current) heard.current.push(second);
    else if (timeline.current.push(second)) draw(timeline.current);
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per incident; later props are older news
  useEffect(() => {
    let cancelled = false;
    const now = Date.now();
    // Not before the incident, not beyond the capacity, and at least a second (the API refuses an empty span).
    const fromMs = Math.min(Math.max(Date.parse(startedAt), now - CAPACITY * 1000), now - 1000);
    const from = new Date(Math.floor(fromMs / 1000) * 1000);
    const start = (seconds: readonly TimelineSecond[], secondsFrom: number) => {
      timeline.current = joinTimeline(CAPACITY, {
        stored: stored.map(toSecond),
        secondsFrom,
        seconds,
        heard: heard.current,
      });
      heard.current = [];
      draw(timeline.current);
    };
    clientFetch(IncidentTrafficQuery, { nodeId, from: from.toISOString() })
      .then(({ data, errors }) => {
        if (cancelled) return;
        const series = data?.node && "traffic" in data.node ? data.node.traffic : undefined;
        if (!series) throw new Error(errors[0]?.message ?? "no traffic returned");
        start(series.points.map(toSecond), from.getTime() / 1000);
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        // Still live from here on: the stored timeline, then the seconds heard.
        setError(e instanceof Error ? e.message : String(e));
        start([], Number.POSITIVE_INFINITY);
      });
    return () => {
      cancelled = true;
    };
  }, [nodeId, startedAt]);

  // The first drawing, before the seconds are read (read once: later renders would only redo the maps).
  const [initial] = useState((): [number[], number[], number[], number[]] => {
    const seconds = stored.map(toSecond);
    return [
      seconds.map((p) => Math.floor(p.second)),
      seconds.map((p) => p.pps),
      seconds.map((p) => p.bps),
      seconds.map(() => threshold),
    ];
  });
  return (
    <div>
      {error && (
        <ErrorMessage>
          Could not read the seconds so far ({error}): the stored timeline is shown, then the live seconds.
        </ErrorMessage>
      )}
      {subscriptionError && <ErrorMessage>Live updates refused: {subscriptionError}</ErrorMessage>}
      <p className="mb-2 text-xs text-muted">
        {lastSecond === undefined
          ? "Reading the seconds so far…"
          : `${points} points · per second, live while the incident is open`}
      </p>
      <div
        data-testid="timeline-chart"
        data-live={lastSecond === undefined ? "loading" : "live"}
        data-points={points}
        data-last-ts={lastSecond ?? ""}
      >
        <UplotChart
          ref={chart}
          build={(colors, width) => timelineOptions(colors, width, threshold)}
          initial={initial}
          height={240}
          label="Attack timeline: packets and bits per second, live"
        />
      </div>
    </div>
  );
}

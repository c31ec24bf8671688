"use client";

import { useEffect, useRef } from "react";
import type { Options } from "uplot";
import { timeAxis } from "@/components/charts/time-axis";
import { type ChartHandle, type ThemeColors, UplotChart } from "@/components/charts/uplot-chart";
import { timeRange } from "@/lib/charts/time-range";
import { axisTick, formatBps, formatPps } from "@/lib/format/units";

export interface TimelinePoint {
  ts: string;
  rxPps: number;
  rxBps: number;
}

/** The incident chart's uPlot options (also the live chart's): packets/s, bits/s and the PPS threshold. */
export function timelineOptions(colors: ThemeColors, width: number, threshold: number): Options {
  const base = {
    stroke: colors.muted,
    grid: { stroke: `${colors.muted}33`, width: 1 },
    ticks: { show: false },
  };
  return {
    width,
    height: 240,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true, range: timeRange },
      y: { range: (_u, _min, max) => [0, Math.max(threshold * 1.2, max * 1.1, 10)] },
      bps: {},
    },
    series: [
      {},
      {
        label: "Packets/s",
        stroke: colors.danger,
        width: 2,
        fill: `${colors.danger}22`,
        value: (_u, v) => (v == null ? "–" : formatPps(v)),
      },
      {
        label: "Bits/s",
        stroke: colors.accent,
        width: 1.5,
        scale: "bps",
        value: (_u, v) => (v == null ? "–" : formatBps(v)),
      },
      {
        label: "Threshold",
        stroke: colors.muted,
        dash: [6, 4],
        width: 1,
        points: { show: false },
        value: (_u, v) => (v == null ? "–" : formatPps(v)),
      },
    ],
    axes: [
      timeAxis(base),
      { ...base, size: 64, values: (_u, t) => t.map(axisTick) },
      {
        ...base,
        side: 1,
        size: 72,
        scale: "bps",
        grid: { show: false },
        values: (_u, t) => t.map(formatBps),
      },
    ],
  };
}

const columns = (points: readonly TimelinePoint[], threshold: number) =>
  [
    points.map((p) => Date.parse(p.ts) / 1000),
    points.map((p) => p.rxPps),
    points.map((p) => p.rxBps),
    points.map(() => threshold),
  ] as [number[], number[], number[], number[]];

/** A closed incident's timeline as the API stored it (one point a second, thinned beyond an hour). */
export function TimelineChart({
  points,
  threshold,
}: Readonly<{ points: readonly TimelinePoint[]; threshold: number }>) {
  const chart = useRef<ChartHandle>(null);
  useEffect(() => chart.current?.setData(columns(points, threshold)), [points, threshold]);
  return (
    <div data-testid="timeline-chart" data-live="stored" data-points={points.length}>
      <UplotChart
        ref={chart}
        build={(colors, width) => timelineOptions(colors, width, threshold)}
        initial={columns(points, threshold)}
        height={240}
        label="Attack timeline: packets and bits per second"
      />
    </div>
  );
}

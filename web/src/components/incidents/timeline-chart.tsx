"use client";

import { useEffect, useRef } from "react";
import type { Options } from "uplot";
import { type ChartHandle, type ThemeColors, UplotChart } from "@/components/charts/uplot-chart";
import { timeRange } from "@/lib/charts/time-range";
import { formatBps, formatPps, si } from "@/lib/format/units";

interface Point {
  ts: string;
  rxPps: number;
  rxBps: number;
}

function options(colors: ThemeColors, width: number, threshold: number): Options {
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
      base,
      { ...base, size: 64, values: (_u, t) => t.map((v) => si(v, "")) },
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

const columns = (points: readonly Point[], threshold: number) =>
  [
    points.map((p) => Date.parse(p.ts) / 1000),
    points.map((p) => p.rxPps),
    points.map((p) => p.rxBps),
    points.map(() => threshold),
  ] as [number[], number[], number[], number[]];

/** The incident's per-second timeline; new points arrive with each live refresh of the page. */
export function TimelineChart({
  points,
  threshold,
}: Readonly<{ points: readonly Point[]; threshold: number }>) {
  const chart = useRef<ChartHandle>(null);
  useEffect(() => chart.current?.setData(columns(points, threshold)), [points, threshold]);
  return (
    <div data-testid="timeline-chart" data-points={points.length}>
      <UplotChart
        ref={chart}
        build={(colors, width) => options(colors, width, threshold)}
        initial={columns(points, threshold)}
        height={240}
        label="Attack timeline: packets and bits per second"
      />
    </div>
  );
}

// uPlot options for the node page's two charts, built from the theme colours.
import type { Options } from "uplot";
import { timeAxis } from "@/components/charts/time-axis";
import type { ThemeColors } from "@/components/charts/uplot-chart";
import { timeRange } from "@/lib/charts/time-range";
import { formatBps, formatPps, si } from "@/lib/format/units";

function axes(colors: ThemeColors, right?: (v: number) => string): Options["axes"] {
  const grid = { stroke: `${colors.muted}33`, width: 1 };
  const base = { stroke: colors.muted, grid, ticks: { show: false } };
  return [
    timeAxis(base),
    { ...base, size: 64, values: (_u, ticks) => ticks.map((t) => si(t, "")) },
    ...(right
      ? [
          {
            ...base,
            side: 1,
            size: 72,
            scale: "bps",
            grid: { show: false },
            values: (_u: unknown, t: number[]) => t.map(right),
          },
        ]
      : []),
  ];
}

export function rateChartOptions(colors: ThemeColors, width: number): Options {
  return {
    width,
    height: 260,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true, range: timeRange },
      y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] },
      bps: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] },
    },
    series: [
      {},
      {
        label: "Packets/s",
        stroke: colors.primary,
        width: 2,
        fill: `${colors.primary}22`,
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
        label: "PPS threshold",
        stroke: colors.danger,
        width: 1,
        dash: [6, 4],
        points: { show: false },
        value: (_u, v) => (v == null ? "–" : formatPps(v)),
      },
    ],
    axes: axes(colors, formatBps),
  };
}

export function protocolChartOptions(colors: ThemeColors, width: number): Options {
  const pps = (_u: unknown, v: number | null) => (v == null ? "–" : formatPps(v));
  return {
    width,
    height: 200,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true, range: timeRange },
      y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] },
    },
    series: [
      {},
      { label: "TCP", stroke: colors.primary, width: 1.5, value: pps },
      { label: "UDP", stroke: colors.warning, width: 1.5, value: pps },
      { label: "ICMP", stroke: colors.danger, width: 1.5, value: pps },
      { label: "Other", stroke: colors.muted, width: 1.5, value: pps },
    ],
    axes: axes(colors),
  };
}

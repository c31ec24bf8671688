"use client";

import type { Options } from "uplot";
import { type ThemeColors, UplotChart } from "@/components/charts/uplot-chart";
import { Card } from "@/components/ui/card";
import {
  hasSeasonalHistory,
  hourOfWeekLabel,
  seasonalWeekCaption,
  seasonalWeekColumns,
} from "@/lib/charts/seasonal-week";
import { axisTick, formatPps } from "@/lib/format/units";

/**
 * The node's seasonal baseline over the week (packets/s): each local hour's p99 over the last 4
 * weeks, as detection uses it in that hour, and the multiplier × it, the least its threshold is
 * there (unless a fixed PPS threshold is set: `fixedPps`). A node that climbs every evening shows
 * why its evenings do not alarm.
 */
export function SeasonalWeekChart({
  hours,
  multiplier,
  timeZone,
  fixedPps,
}: Readonly<{
  hours: ReadonlyArray<{ hourOfWeek: number; p99: number | null }>;
  multiplier: number;
  timeZone: string;
  fixedPps?: number | undefined;
}>) {
  const label = `Seasonal baseline over the week, packets/s, hours in ${timeZone}`;
  return (
    <Card title="Seasonal baseline, week">
      <p className="mb-3 text-sm text-muted">{seasonalWeekCaption(timeZone, multiplier, fixedPps)}</p>
      {hasSeasonalHistory(hours) ? (
        <UplotChart
          label={label}
          height={220}
          initial={seasonalWeekColumns(hours, multiplier)}
          build={(colors, width) => weekChartOptions(colors, width, multiplier)}
        />
      ) : (
        <p className="text-sm text-muted">
          No history yet: the seasonal baseline is read from the hourly rollups of earlier weeks.
        </p>
      )}
    </Card>
  );
}

function weekChartOptions(colors: ThemeColors, width: number, multiplier: number): Options {
  const grid = { stroke: `${colors.muted}33`, width: 1 };
  const base = { stroke: colors.muted, grid, ticks: { show: false } };
  return {
    width,
    height: 220,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: false, range: [0, 167] },
      y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] },
    },
    series: [
      { value: (_u, v) => (v == null ? "–" : hourOfWeekLabel(v)) },
      {
        label: "Seasonal p99",
        stroke: colors.primary,
        width: 2,
        fill: `${colors.primary}22`,
        value: (_u, v) => (v == null ? "–" : formatPps(v)),
      },
      {
        label: `${multiplier}× it`,
        stroke: colors.danger,
        width: 1,
        dash: [6, 4],
        points: { show: false },
        value: (_u, v) => (v == null ? "–" : formatPps(v)),
      },
    ],
    axes: [
      {
        ...base,
        // A tick at each day's start, named by the day.
        splits: () => [0, 24, 48, 72, 96, 120, 144],
        values: (_u, ticks) => ticks.map((t) => hourOfWeekLabel(t).slice(0, 3)),
      },
      { ...base, size: 64, values: (_u, ticks) => ticks.map(axisTick) },
    ],
  };
}

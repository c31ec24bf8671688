// uPlot options for the node page's three charts, built from the theme colours.
import type { Options, Series } from "uplot";
import { timeAxis } from "@/components/charts/time-axis";
import type { ThemeColors } from "@/components/charts/uplot-chart";
import { perSecond } from "@/lib/charts/listen-queue-summary";
import { timeRange } from "@/lib/charts/time-range";
import { formatMetricValue, metricLabel } from "@/lib/format/metrics";
import { axisTick, formatBps, formatPps } from "@/lib/format/units";

/** A second value axis on the right, for a series on a scale of its own. */
interface RightAxis {
  scale: string;
  format: (v: number) => string;
  /** The axis's colour when it should name its series' colour (default: the muted text colour). */
  stroke?: string;
}

const fromZero: NonNullable<Options["scales"]>[string] = {
  range: (_u, _min, max) => [0, Math.max(10, max * 1.1)],
};

function axes(colors: ThemeColors, right?: RightAxis): Options["axes"] {
  const grid = { stroke: `${colors.muted}33`, width: 1 };
  const base = { stroke: colors.muted, grid, ticks: { show: false } };
  return [
    timeAxis(base),
    { ...base, size: 64, values: (_u, ticks) => ticks.map(axisTick) },
    ...(right
      ? [
          {
            ...base,
            stroke: right.stroke ?? base.stroke,
            side: 1,
            size: 72,
            scale: right.scale,
            grid: { show: false },
            values: (_u: unknown, t: number[]) => t.map(right.format),
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
      y: fromZero,
      bps: fromZero,
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
    axes: axes(colors, { scale: "bps", format: formatBps }),
  };
}

/** A chart of lines from zero, 200 px high (the protocol and connection charts), maybe with a right axis. */
function linesChartOptions(
  colors: ThemeColors,
  width: number,
  lines: Options["series"],
  right?: RightAxis,
): Options {
  return {
    width,
    height: 200,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true, range: timeRange },
      y: fromZero,
      ...(right ? { [right.scale]: fromZero } : {}),
    },
    series: [{}, ...lines],
    axes: axes(colors, right),
  };
}

export function protocolChartOptions(colors: ThemeColors, width: number): Options {
  const pps = (_u: unknown, v: number | null) => (v == null ? "–" : formatPps(v));
  return linesChartOptions(colors, width, [
    { label: "TCP", stroke: colors.primary, width: 1.5, value: pps },
    { label: "UDP", stroke: colors.warning, width: 1.5, value: pps },
    { label: "ICMP", stroke: colors.danger, width: 1.5, value: pps },
    { label: "Other", stroke: colors.muted, width: 1.5, value: pps },
  ]);
}

/**
 * TCP sockets by state: SYN_RECV (half-open, what a SYN flood piles up) in the danger colour on its own
 * right-hand axis, in that colour (a few dozen half-open sockets would lie flat under thousands of
 * established ones on one axis), established and all sockets on the left. SYN cookies sent and listen
 * overflows per second share the right-hand axis with SYN_RECV: the other signs of a SYN flood, numbers
 * of the same order, that would lie flat on the left one (each series' legend gives its unit). A point without counts or rates is null (not
 * read), a gap in its line (spanGaps off).
 */
export function connectionChartOptions(colors: ThemeColors, width: number): Options {
  const line = (metric: string, stroke: string, extra: Partial<Series> = {}): Series => ({
    label: metricLabel(metric),
    stroke,
    width: 1.5,
    spanGaps: false,
    value: (_u, v) => (v == null ? "not reported" : formatMetricValue(metric, v)),
    ...extra,
  });
  const rate = (label: string, stroke: string, extra: Partial<Series> = {}): Series => ({
    label,
    stroke,
    width: 1.5,
    spanGaps: false,
    scale: "synRecv",
    value: (_u, v) => perSecond(v ?? null),
    ...extra,
  });
  return linesChartOptions(
    colors,
    width,
    [
      line("SYN_RECV", colors.danger, { width: 2, scale: "synRecv" }),
      line("TCP_ESTABLISHED", colors.primary),
      line("TCP_SOCKETS", colors.muted, { dash: [6, 4] }),
      rate("SYN cookies/s", colors.warning),
      rate("Listen overflows/s", colors.accent, { dash: [2, 3] }),
    ],
    // Unit-free ticks, as on the left (axisTick): the axis counts sockets and events per second alike,
    // and a socket count's format rounded the rates' fractional ticks (0.25/s read "0.3").
    { scale: "synRecv", format: axisTick, stroke: colors.danger },
  );
}

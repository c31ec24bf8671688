// The x axis of every time chart: ticks chosen by lib/charts/time-ticks (labels measured in the axis's
// font against the plot's width, so they never overlap), in UTC like every time on the dashboard, and
// titled so: "Time (UTC)".
import type { Axis } from "uplot";
import { chooseTimeTicks, type TimeTicks } from "@/lib/charts/time-ticks";

/** uPlot's default axis font, set explicitly so the labels are measured in the font they are drawn in. */
export const AXIS_FONT =
  '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

/** The axis's title, which says the zone once rather than on every label. */
const TIME_AXIS_LABEL = "Time (UTC)";

let context: CanvasRenderingContext2D | null | undefined;
const widths = new Map<string, number>();

/** A label's width in CSS pixels, in AXIS_FONT (cached: an axis has few distinct labels). */
function measureLabel(label: string): number {
  let width = widths.get(label);
  if (width === undefined) {
    context ??= document.createElement("canvas").getContext("2d");
    if (!context) throw new Error("This browser cannot measure chart labels (no 2D canvas)");
    context.font = AXIS_FONT;
    width = context.measureText(label).width;
    if (widths.size > 2_000) widths.clear();
    widths.set(label, width);
  }
  return width;
}

/**
 * uPlot asks `space` first, with the plot's width, then `splits`, then `values`, for each layout pass:
 * the ticks are chosen in `space` (the one hook that is told the width) and handed to the other two.
 */
export function timeAxis(
  style: Omit<Axis, "space" | "splits" | "values" | "font" | "label" | "labelFont" | "labelSize">,
): Axis {
  let chosen: TimeTicks = { step: 1, ticks: [], labels: [] };
  return {
    // The labels (12 px) and the title below them, close together: uPlot's default 50 px plus the
    // title's row left a wide gap and took the height from the plot.
    size: 30,
    ...style,
    font: AXIS_FONT,
    label: TIME_AXIS_LABEL,
    labelFont: AXIS_FONT,
    labelSize: 16,
    space: (_u, _axis, min, max, widthPx) => {
      chosen =
        max > min
          ? chooseTimeTicks({ min, max, widthPx, measure: measureLabel })
          : { step: 1, ticks: [], labels: [] };
      return 1;
    },
    splits: () => chosen.ticks,
    values: (_u, splits) => splits.map((_tick, i) => chosen.labels[i] ?? ""),
  };
}

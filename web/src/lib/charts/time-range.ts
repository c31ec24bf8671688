// The x range of a time chart (uPlot, seconds). When the data's first and last x are equal (one point: an
// incident's first second, a node's first sample), uPlot's autoScaleX sets the range to [t, t + 86400 / ms]:
// with seconds (ms = 1e-3) that is 1000 days, an axis of years with the point squeezed against its left edge.

/** Half the span shown around a lone point (or points all in one second), in seconds. */
export const LONE_POINT_HALF_SPAN = 30;

/** uPlot `range` for a time x scale: what uPlot chose, or a minute centred on a lone point. */
export function timeRange(
  u: { data: ArrayLike<ArrayLike<number | null | undefined>> },
  min: number | null,
  max: number | null,
): [number | null, number | null] {
  const xs = u.data[0];
  const first = xs?.[0];
  const last = xs?.[xs.length - 1];
  if (first == null || last == null || first !== last) return [min, max];
  return [first - LONE_POINT_HALF_SPAN, first + LONE_POINT_HALF_SPAN];
}

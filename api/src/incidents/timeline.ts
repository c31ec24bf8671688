/** One second of an incident: [epoch seconds, rxPps, rxBps] (as the detector stores it). */
export type TimelinePoint = [number, number, number];

/** The points an incident can hold (the detector thins beyond this: detection/detector.ts). */
export const MAX_TIMELINE_POINTS = 3_600;
/**
 * Points `Incident.timeline` returns unless asked for more: a page of 50 incidents with their
 * timelines then stays within the query cost limit (http/graphql-http.ts prices each point).
 */
export const DEFAULT_TIMELINE_POINTS = 300;

/**
 * At most `max` points of a timeline, in order: the timeline cut into equal stretches of
 * consecutive seconds, each given by its busiest second (highest rxPps), so a chart of a
 * thinned attack still shows its peaks. A timeline within `max` is returned as it is.
 */
export function thinTimeline(points: readonly TimelinePoint[], max: number): TimelinePoint[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  if (points.length <= max) return points as TimelinePoint[];
  const stretch = Math.ceil(points.length / max);
  const kept: TimelinePoint[] = [];
  for (let start = 0; start < points.length; start += stretch) {
    let busiest = points[start] as TimelinePoint;
    for (let i = start + 1; i < Math.min(start + stretch, points.length); i++) {
      const point = points[i] as TimelinePoint;
      if (point[1] > busiest[1]) busiest = point;
    }
    kept.push(busiest);
  }
  return kept;
}

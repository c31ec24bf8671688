import { Card } from "@/components/ui/card";
import { tableBoxClass, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { formatMetricValue, metricLabel } from "@/lib/format/metrics";
import { thresholdRule } from "./threshold-rule";

export interface Baseline {
  metric: string;
  avg: number;
  p95: number;
  p99: number;
  /** The same hour of the week over the last 4 weeks; null without history. */
  seasonalP99?: number | null;
  samples: number;
  learning: boolean;
  threshold: number;
  source: string;
}

/**
 * Metrics the hourly rollups keep no p99 of, so none has a seasonal baseline however long the node
 * has run: SYN cookies sent/s (listen_queue_1h keeps their average and maximum). "No history" would
 * promise one to come.
 */
const NO_SEASONAL: ReadonlySet<string> = new Set(["SYN_COOKIES"]);

const SOURCE: Record<string, string> = {
  FLOOR: "Floor",
  LEARNED: "Learned",
  SEASONAL: "Seasonal",
  MANUAL: "Manual override",
};

/** Learned statistics per metric and the threshold in force, with where it comes from. */
export function BaselinePanel({
  baselines,
  multiplier,
}: Readonly<{ baselines: readonly Baseline[]; multiplier: number }>) {
  return (
    <Card title="Baseline and thresholds">
      <p className="mb-3 text-sm text-muted">{thresholdRule(multiplier, baselines)}</p>
      {/* Eight columns overflow a half-width card: a box that scrolls must take keyboard focus to be
          scrolled without a pointer (axe: scrollable-region-focusable). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region, focusable so the keyboard can scroll it */}
      <section className={tableBoxClass} tabIndex={0} aria-label="Baseline and thresholds per metric">
        <table className={tableClass}>
          <TableHead
            columns={["Metric", "Avg", "p95", "p99", "Seasonal p99", "Threshold", "Source", "Samples"]}
          />
          <tbody>
            {baselines.map((b) => (
              <tr key={b.metric}>
                <th scope="row" className={`${tdClass} font-medium`}>
                  {metricLabel(b.metric)}
                </th>
                <td className={`${tdClass} tabular-nums`}>{formatMetricValue(b.metric, b.avg)}</td>
                <td className={`${tdClass} tabular-nums`}>{formatMetricValue(b.metric, b.p95)}</td>
                <td className={`${tdClass} tabular-nums`}>{formatMetricValue(b.metric, b.p99)}</td>
                <td className={`${tdClass} tabular-nums`}>
                  {NO_SEASONAL.has(b.metric) ? (
                    <span className="text-muted">Not kept</span>
                  ) : b.seasonalP99 === null || b.seasonalP99 === undefined ? (
                    <span className="text-muted">No history</span>
                  ) : (
                    formatMetricValue(b.metric, b.seasonalP99)
                  )}
                </td>
                <td className={`${tdClass} font-semibold tabular-nums`}>
                  {formatMetricValue(b.metric, b.threshold)}
                </td>
                <td className={tdClass}>
                  {SOURCE[b.source] ?? b.source}
                  {b.learning && <span className="ml-1 text-xs text-muted">(learning)</span>}
                </td>
                <td className={`${tdClass} tabular-nums text-muted`}>{b.samples}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Card>
  );
}

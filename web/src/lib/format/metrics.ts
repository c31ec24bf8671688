import { METRIC_LABELS } from "@levee/shared/detection/metric-peaks";
import { formatBps, formatPps, si } from "./units";

/** TrafficMetric values in words (the alert messages use the same). */
export const METRIC_LABEL = METRIC_LABELS;

export const metricLabel = (metric: string) => METRIC_LABEL[metric] ?? metric;

/** Metrics that count sockets at one moment, not packets or bits per second. */
const COUNTS: ReadonlySet<string> = new Set(["SYN_RECV", "TCP_ESTABLISHED", "TCP_SOCKETS"]);

/**
 * A value of `metric` in its own unit: bits/s for BPS, packets/s for the packet rates, SYN cookies
 * sent per second as the connection chart shows them ("250/s"), and a plain count for the
 * connection-state metrics (a baseline's average of them, or of the cookies, may be fractional).
 */
export function formatMetricValue(metric: string, value: number): string {
  if (metric === "BPS") return formatBps(value);
  if (metric === "SYN_COOKIES") {
    if (!Number.isFinite(value)) return "–";
    return value < 100 && !Number.isInteger(value) ? `${value.toFixed(1)}/s` : `${si(value, "")}/s`;
  }
  if (!COUNTS.has(metric)) return formatPps(value);
  if (!Number.isFinite(value)) return "–";
  return value < 100 && !Number.isInteger(value)
    ? value.toFixed(1)
    : Math.round(value).toLocaleString("en-US");
}

// How an incident's size is shown: by the peaks of the metrics that triggered it (Incident.triggerPeaks,
// the highest peak / threshold first), in each metric's unit. Its interface packets/s and bits/s peaks
// only for an incident stored before trigger peaks were kept: a host-wide TCP or connection-state
// flood may have shown a few dozen packets/s on the sampled interface.
// Relative, not @/: node:test runs this file without the web tsconfig paths.
import { METRIC_SHORT_NAMES, peakLabelOf } from "@levee/shared/detection/metric-peaks";
import { formatMetricValue } from "../format/metrics";
import { formatBps, formatPps } from "../format/units";

export interface PeakedIncident {
  peakPps: number;
  peakBps: number;
  triggerPeaks?: readonly { metric: string; peak: number; thresholdAtPeak: number }[] | null;
}

export interface PeakStat {
  label: string;
  value: string;
  /** The threshold in force on the peak's second. */
  hint?: string;
}

/** The incident page's peak figures: one per trigger metric, or the interface's two. */
export function peakStats(incident: PeakedIncident): PeakStat[] {
  const peaks = incident.triggerPeaks ?? [];
  if (peaks.length === 0)
    return [
      { label: "Peak packets/s", value: formatPps(incident.peakPps) },
      { label: "Peak bits/s", value: formatBps(incident.peakBps) },
    ];
  return peaks.map((p) => ({
    label: peakLabelOf(p.metric),
    value: formatMetricValue(p.metric, p.peak),
    hint: `threshold ${formatMetricValue(p.metric, p.thresholdAtPeak)}`,
  }));
}

/** The incident list's Peak cell: the main trigger metric's peak with its unit, or the interface's packets/s. */
export function mainPeakText(incident: PeakedIncident): string {
  const main = incident.triggerPeaks?.[0];
  if (!main) return formatPps(incident.peakPps);
  const name = METRIC_SHORT_NAMES[main.metric];
  const value = formatMetricValue(main.metric, main.peak);
  return name ? `${value} ${name}` : value;
}

/**
 * The node page's sentence on how a threshold is set, as the API sets it (thresholdFor): the
 * multiplier times the higher of the trailing p99 and the seasonal p99, never below the floor.
 * While a metric is learning only its trailing p99 is left out: the seasonal p99 counts at once,
 * so a node with history is not at its floors (the sentence said the floor applied).
 */
export function thresholdRule(multiplier: number, baselines: readonly { learning: boolean }[]): string {
  const rule =
    `Threshold = ${multiplier}× the higher of the p99 of the last 300 quiet seconds and the seasonal p99 ` +
    "(this hour of the week over the last 4 weeks), never below the floor.";
  if (!baselines.some((b) => b.learning)) return rule;
  return `${rule} While learning (fewer than 300 samples) the last 300 seconds do not count yet: the seasonal p99 sets it, or the floor without history.`;
}

import type { ThresholdPolicy } from "./baseline.ts";
import type { DetectorOptions } from "./detector.ts";
import type { Floors } from "./metrics.ts";

/** Detection knobs from the environment (see README, configuration). */
export interface DetectionSettings {
  floors: Floors;
  elevatedFraction: number;
  detector: DetectorOptions;
  /** Baselines are recomputed after this many seconds of sample time. */
  recomputeSeconds: number;
  /**
   * Recomputed baselines are saved at most this often per node (sample time); a process that
   * stops saves every node's latest on close, a killed one loses at most this much learning.
   */
  saveSeconds: number;
}

export function policyOf(
  settings: DetectionSettings,
  multiplier: number,
  overrides: ThresholdPolicy["overrides"],
): ThresholdPolicy {
  return { multiplier, floors: settings.floors, elevatedFraction: settings.elevatedFraction, overrides };
}

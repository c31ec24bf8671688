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
}

export function policyOf(
  settings: DetectionSettings,
  multiplier: number,
  overrides: ThresholdPolicy["overrides"],
): ThresholdPolicy {
  return { multiplier, floors: settings.floors, elevatedFraction: settings.elevatedFraction, overrides };
}

import type { FeatureExtractor } from "./feature-extractor.ts";
import { HyperLogLog } from "./hyperloglog.ts";

const EXACT_CAP = 1_000_000;

/**
 * Distinct sources across many intervals of a FeatureExtractor: an exact set while it
 * stays under a million and every interval was exact, else the merged HyperLogLog.
 */
export class DistinctCounter {
  private exact: Set<number> | null = new Set();
  private readonly sketch = new HyperLogLog();

  /** Adds the sources of the extractor's current interval; call before takeSummary(). */
  addInterval(extractor: FeatureExtractor): void {
    const set = this.exact;
    const { exact, sketch } = extractor.forEachSourceKey(set ? (key) => set.add(key) : () => {});
    this.sketch.merge(sketch);
    if (!exact || (this.exact && this.exact.size > EXACT_CAP)) this.exact = null;
  }

  get isExact(): boolean {
    return this.exact !== null;
  }

  count(): number {
    return this.exact ? this.exact.size : this.sketch.estimate();
  }
}

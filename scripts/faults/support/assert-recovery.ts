import assert from "node:assert/strict";
import type { Result } from "../scenarios.ts";

/** Nothing the agent produced is lost or doubled, rollups agree, and no incident was invented. */
export function assertNothingLost(result: Result): void {
  assert.equal(result.missing, 0, "samples the agent produced that are not stored");
  assert.equal(result.holes, 0, `no hole in the stored seconds (largest gap ${result.largestGapMs} ms)`);
  assert.equal(result.doubled, 0, "samples stored twice");
  assert.equal(result.rejected, 0, "samples refused by the API");
  assert.equal(result.dropped, 0, "samples dropped by the agent's queue");
  assert.equal(result.incidents, 0, "no incident from a fault");
}

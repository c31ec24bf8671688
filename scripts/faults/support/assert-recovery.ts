import assert from "node:assert/strict";
import type { Result } from "../scenarios.ts";

/**
 * Nothing the agent produced is lost or doubled, rollups agree, and no incident was invented.
 * Every count is compared at once, so a failure shows them all (a hole beside refused or dropped
 * samples is a different story from a hole alone: the agent then never sampled those seconds).
 */
export function assertNothingLost(result: Result): void {
  const { missing, holes, doubled, rejected, dropped, incidents } = result;
  assert.deepEqual(
    { missing, holes, doubled, rejected, dropped, incidents },
    { missing: 0, holes: 0, doubled: 0, rejected: 0, dropped: 0, incidents: 0 },
    "nothing the agent produced lost (missing), refused (rejected) or dropped, no hole in the stored" +
      ` seconds, none stored twice, no incident from a fault (largest gap ${result.largestGapMs} ms;` +
      ` holes ${result.holeSpans.join(", ") || "none"}; the agent fell behind:` +
      ` ${result.agentFellBehind.join(", ") || "never"})`,
  );
}

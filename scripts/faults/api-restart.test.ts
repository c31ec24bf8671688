import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiRestart } from "./scenarios.ts";
import { assertNothingLost } from "./support/assert-recovery.ts";
import { describeRecovery } from "./support/stack.ts";

// Both engines side by side (each its own API, database and agent; mostly waiting for restarts,
// queued samples and the minute rollup), as in agent-faults.test.ts.
describe("fault: the API restarts while the agent pushes; a second API on the same data folder (real processes)", {
  concurrency: true,
}, () => {
  for (const engine of ["postgres", "pglite"] as const)
    it(`SIGTERM, then SIGKILL, on ${engine}: every sample stored once, rollups right`, async (t) => {
      const result = await apiRestart(engine);
      t.diagnostic(describeRecovery(result));
      assertNothingLost(result);
      if (engine === "pglite")
        assert.match(
          result.secondApiError ?? "",
          /data folder .* is in use by another Levee API \(pid \d+/,
          "a second API on the same data folder is refused, naming the first",
        );
    });
});

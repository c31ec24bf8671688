import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { agentDiskFull, clockJump, libfaketime, queueOverflow } from "./scenarios.ts";
import { assertNothingLost } from "./support/assert-recovery.ts";
import { describeRecovery } from "./support/stack.ts";

/**
 * The case (FAULT_LONG_OUTAGE=1): 10 minutes at 100 ms against the default 2,000-event
 * queue. By default the same overflow on a 40-event queue, so it takes seconds.
 */
const long = process.env.FAULT_LONG_OUTAGE === "1";
const CAPACITY = long ? 2000 : 40;
const INTERVAL_MS = 100;
const OUTAGE_MS = long ? 600_000 : CAPACITY * INTERVAL_MS * 2.5;

// The three scenarios side by side, each on its own API, database, agent and state folder: they
// spend ~80 % of their time waiting (an outage held, samples to arrive, the minute rollup after the
// agent stops: 35 s of CPU in 187 s one after another), and one after another they were CI's
// longest file.
describe("fault: the agent's side (queue overflow, clock steps)", { concurrency: true }, () => {
  it(`an API outage longer than the queue (${CAPACITY} events at ${INTERVAL_MS} ms): oldest dropped and counted, the rest once and in order`, async (t) => {
    const result = await queueOverflow(CAPACITY, INTERVAL_MS, OUTAGE_MS);
    t.diagnostic(describeRecovery(result));
    assert.ok(result.dropped > 0, "the queue overflowed");
    assert.ok(
      result.hole >= result.dropped - 1,
      `the outage's first stored sample follows a hole of ${result.hole} slots, the ${result.dropped} dropped`,
    );
    assert.equal(result.laterHoles, 0, "the newest samples of the outage are all there");
    assert.equal(result.missing, 0, "every sample not dropped is stored");
    assert.equal(result.doubled, 0);
    assert.equal(result.rejected, 0);
    assert.equal(result.duplicates, 0, "nothing sent twice");
    assert.ok(result.inOrder, "batches oldest first");
  });

  // Outside CI a machine without libfaketime skips it; .ci/run installs it, so there it fails instead.
  const noFaketime =
    libfaketime() || process.env.CI ? undefined : "libfaketime is not installed (apt-get install faketime)";
  it("the agent's clock jumps an hour forward and back: samples keep their real times", {
    skip: noFaketime,
  }, async (t) => {
    const result = await clockJump();
    t.diagnostic(describeRecovery(result));
    assertNothingLost(result);
    assert.ok(
      Math.abs(result.medianSpacingMs - 250) < 50,
      `samples 250 ms apart, as sampled (median ${result.medianSpacingMs} ms)`,
    );
  });

  const notRoot = process.getuid?.() === 0 || process.env.CI ? undefined : "needs root (mounts a tmpfs)";
  it("the agent's state directory fills up: a clear error, delivery from memory, the journal again when there is room", {
    skip: notRoot,
  }, async (t) => {
    const result = await agentDiskFull();
    t.diagnostic(describeRecovery(result));
    const errors = result.logs.split("\n").filter((l) => l.includes("cannot write the queue journal"));
    assert.equal(errors.length, 1, "said once, clearly");
    assert.match(errors[0] ?? "", /ENOSPC/);
    assertNothingLost(result);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stepCounters } from "./event-counters";

describe("a firewall step's counters", () => {
  it("are not shown for the reading taken as the action was applied (always 0)", () => {
    assert.equal(stepCounters({ kind: "APPLIED", packets: 0, bytes: 0 }), null);
    assert.equal(stepCounters({ kind: "REQUESTED", packets: null }), null);
  });

  it("are shown for steps that end or repair an action, and never invented", () => {
    assert.deepEqual(stepCounters({ kind: "UNDONE", packets: 2_222_951, bytes: 89_000_000 }), {
      packets: 2_222_951,
      bytes: 89_000_000,
    });
    assert.deepEqual(stepCounters({ kind: "FAILED", packets: 12 }), { packets: 12, bytes: null });
    assert.equal(stepCounters({ kind: "UNDONE", packets: null, bytes: null }), null);
  });
});

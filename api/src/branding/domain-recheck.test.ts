import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RECHECK_EVERY_MS, recheckDue, recheckOutcome } from "./domain-recheck.ts";

describe("custom domain re-check", () => {
  it("keeps a domain whose record still holds the token, and clears its failures", () => {
    assert.deepEqual(recheckOutcome(2, null, 3), { status: "VERIFIED", failedChecks: 0, lastError: null });
  });

  it("counts failures in a row and un-verifies only at the limit", () => {
    const first = recheckOutcome(0, "No TXT record", 3);
    assert.deepEqual(first, { status: "VERIFIED", failedChecks: 1, lastError: "No TXT record" });
    assert.equal(recheckOutcome(1, "No TXT record", 3).status, "VERIFIED");
    const third = recheckOutcome(2, "No TXT record", 3);
    assert.equal(third.status, "PENDING");
    assert.equal(third.failedChecks, 3);
    assert.match(third.lastError ?? "", /No TXT record; un-verified after 3 daily checks/);
    assert.equal(recheckOutcome(0, "gone", 1).status, "PENDING", "a limit of 1 un-verifies at once");
  });

  it("is due once a day", () => {
    const now = new Date("2026-11-30T12:00:00Z");
    assert.ok(recheckDue(null, now));
    assert.ok(recheckDue(new Date(now.getTime() - RECHECK_EVERY_MS), now));
    assert.ok(!recheckDue(new Date(now.getTime() - RECHECK_EVERY_MS + 60_000), now));
  });
});

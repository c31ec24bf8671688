import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maxMultiplier, multiplierProblem } from "./threshold-limits.ts";

describe("threshold limits", () => {
  it("keeps the multiplier within 1.5–20, and at most 10 without detection:override", () => {
    assert.equal(multiplierProblem(3, false), undefined);
    assert.equal(multiplierProblem(10, false), undefined);
    assert.match(multiplierProblem(10.5, false) ?? "", /^At most 10 for your role/);
    assert.equal(multiplierProblem(20, true), undefined);
    assert.equal(multiplierProblem(20.1, true), "Between 1.5 and 20");
    assert.equal(multiplierProblem(1.4, true), "Between 1.5 and 20");
    assert.equal(multiplierProblem(Number.NaN, true), "Between 1.5 and 20");
    assert.deepEqual([maxMultiplier(false), maxMultiplier(true)], [10, 20]);
  });

  it("lets node:update keep or lower a multiplier an admin set past the ceiling, never raise it", () => {
    assert.equal(maxMultiplier(false, 18), 18);
    assert.equal(multiplierProblem(18, false, 18), undefined, "sent again unchanged");
    assert.equal(multiplierProblem(12, false, 18), undefined, "lowered");
    assert.match(multiplierProblem(19, false, 18) ?? "", /^At most 18 for your role/);
    assert.equal(maxMultiplier(false, 3), 10, "below the ceiling the ceiling holds");
  });
});

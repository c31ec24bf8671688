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
});

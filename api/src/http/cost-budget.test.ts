import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CostBudget } from "./cost-budget.ts";

describe("CostBudget", () => {
  it("lets a caller spend its capacity at once, then its rate per second", () => {
    let now = 0;
    const budget = new CostBudget(1000, 2000, () => now);
    assert.equal(budget.spend("a", 1500), 0);
    assert.equal(budget.spend("a", 400), 0);
    // 100 left: 500 more is 400 short, 0.4 s at 1,000 a second.
    assert.equal(budget.spend("a", 500), 400);
    now = 399;
    assert.ok(budget.spend("a", 500) > 0, "a refusal spends nothing, and the wait is not over");
    now = 400;
    assert.equal(budget.spend("a", 500), 0);
  });

  it("keeps callers apart, and never holds more than its capacity", () => {
    let now = 0;
    const budget = new CostBudget(1000, 2000, () => now);
    assert.equal(budget.spend("a", 2000), 0);
    assert.equal(budget.spend("b", 2000), 0, "another caller has its own budget");
    now = 60_000;
    assert.equal(budget.spend("a", 2000), 0);
    assert.ok(budget.spend("a", 1) > 0, "a minute idle refills to the capacity, not beyond");
  });

  it("an operation priced over the capacity costs the whole capacity; 0 a second is no budget", () => {
    let now = 0;
    const budget = new CostBudget(1000, 2000, () => now);
    assert.equal(budget.spend("a", 50_000), 0);
    assert.equal(budget.spend("a", 1000), 1000);
    now = 2000;
    assert.equal(budget.spend("a", 50_000), 0);
    assert.equal(new CostBudget(0, 0).spend("a", 1e9), 0);
  });
});

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

describe("CostBudget with a slow burst", () => {
  // 1,000 a second up to 1,000 (one second's worth), then 100 a second up to 5,000.
  const budget = (clock: { now: number }) =>
    new CostBudget(1000, 5000, () => clock.now, { from: 1000, perSecond: 100 });

  it("refills the first second's worth at the full rate, the burst beyond it at its own", () => {
    const clock = { now: 0 };
    const b = budget(clock);
    assert.equal(b.spend("a", 5000), 0, "a new caller starts with the whole burst");
    clock.now = 1000; // 1,000 back at the full rate
    assert.equal(b.spend("a", 1000), 0);
    assert.equal(b.spend("a", 1), 1, "1 ms at 1,000 a second");
    clock.now = 4000; // 3 s idle: 1,000 in the first second, then 200 more
    assert.equal(b.spend("a", 1200), 0);
    // Unfixed (one rate), 3 s would have brought back 3,000.
    assert.ok(b.spend("a", 1) > 0);
  });

  it("the wait it answers crosses both rates", () => {
    const clock = { now: 0 };
    const b = budget(clock);
    assert.equal(b.spend("a", 5000), 0);
    // 1,500: 1,000 at 1,000 a second (1 s), then 500 at 100 a second (5 s).
    assert.equal(b.spend("a", 1500), 6000);
    clock.now = 5999;
    assert.ok(b.spend("a", 1500) > 0);
    clock.now = 6000;
    assert.equal(b.spend("a", 1500), 0);
  });

  it("spending at the sustained rate is never slowed by it", () => {
    const clock = { now: 0 };
    const b = budget(clock);
    assert.equal(b.spend("a", 5000), 0);
    for (let second = 1; second <= 10; second++) {
      clock.now = second * 1000;
      assert.equal(b.spend("a", 1000), 0, `second ${second}`);
    }
  });

  it("refuses a burst that could never refill", () => {
    assert.throws(() => new CostBudget(1000, 5000, undefined, { from: 1000, perSecond: 0 }), RangeError);
  });
});

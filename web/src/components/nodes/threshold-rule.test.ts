import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { thresholdRule } from "./threshold-rule";

describe("the node page's threshold rule", () => {
  it("names both p99s and the floor", () => {
    const rule = thresholdRule(3, [{ learning: false }]);
    assert.match(
      rule,
      /^Threshold = 3× the higher of the p99 of the last 300 quiet seconds and the seasonal p99/,
    );
    assert.match(rule, /never below the floor\.$/);
  });

  it("while learning, says the seasonal p99 still counts (not that the floor applies)", () => {
    const rule = thresholdRule(2.5, [{ learning: false }, { learning: true }]);
    assert.match(rule, /While learning \(fewer than 300 samples\)/);
    assert.match(rule, /the seasonal p99 sets it, or the floor without history\.$/);
    assert.doesNotMatch(rule, /the floor applies/);
  });
});

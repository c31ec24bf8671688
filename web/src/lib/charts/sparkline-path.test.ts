import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sparklinePoints } from "./sparkline-path";

describe("sparklinePoints", () => {
  it("spreads values across the width and scales them to the tallest", () => {
    assert.equal(sparklinePoints([0, 5, 10], 100, 22), "0.0,21.0 50.0,11.0 100.0,1.0");
  });
  it("draws nothing without values and a flat line for zeros", () => {
    assert.equal(sparklinePoints([], 100, 20), "");
    assert.equal(sparklinePoints([0, 0], 10, 20), "0.0,19.0 10.0,19.0");
  });
});

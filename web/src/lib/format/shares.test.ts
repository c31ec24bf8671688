import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wholePercents } from "./shares";

describe("wholePercents", () => {
  it("adds up to 100, the largest remainders rounded up", () => {
    assert.deepEqual(wholePercents([2.6, 97.4, 0, 0]), [3, 97, 0, 0]);
    assert.deepEqual(wholePercents([1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(wholePercents([30, 25, 25, 20]), [30, 25, 25, 20]);
  });

  it("gives zeros when there is nothing", () => {
    assert.deepEqual(wholePercents([0, 0]), [0, 0]);
    assert.deepEqual(wholePercents([]), []);
  });
});

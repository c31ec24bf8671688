import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SeriesWindow } from "./series-window";

describe("SeriesWindow", () => {
  it("keeps columns aligned and drops the oldest point beyond capacity", () => {
    const window = new SeriesWindow(3, 2);
    for (let x = 1; x <= 5; x++) window.push(x, [x * 10, x * 100]);
    assert.equal(window.size, 3);
    assert.deepEqual(window.columns, [
      [3, 4, 5],
      [30, 40, 50],
      [300, 400, 500],
    ]);
  });

  it("ignores replayed and out-of-order seconds", () => {
    const window = new SeriesWindow(10, 1);
    assert.equal(window.push(5, [1]), true);
    assert.equal(window.push(5, [2]), false);
    assert.equal(window.push(4, [3]), false);
    assert.deepEqual(window.columns, [[5], [1]]);
  });

  it("resets from history", () => {
    const window = new SeriesWindow(2, 1);
    window.push(1, [1]);
    window.reset([
      { x: 10, values: [1] },
      { x: 11, values: [2] },
      { x: 12, values: [3] },
    ]);
    assert.deepEqual(window.columns, [
      [11, 12],
      [2, 3],
    ]);
  });

  it("keeps a missing value as null (a gap), never as a zero", () => {
    const window = new SeriesWindow(10, 2);
    window.push(1, [5, null]);
    window.push(2, [6]);
    assert.deepEqual(window.columns, [
      [1, 2],
      [5, 6],
      [null, null],
    ]);
  });
});

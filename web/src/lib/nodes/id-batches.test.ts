import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { idBatches } from "./id-batches";

describe("idBatches", () => {
  it("cuts the ids into batches of the size, each id once", () => {
    assert.deepEqual(idBatches(["a", "b", "a", "c", "d", "e"], 2), [["a", "b"], ["c", "d"], ["e"]]);
  });
  it("has no batch for no ids", () => {
    assert.deepEqual(idBatches([], 100), []);
  });
  it("refuses a size that is not a positive integer", () => {
    assert.throws(() => idBatches(["a"], 0), /positive integer/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { changedNodes } from "./settings-changes.ts";

describe("changedNodes", () => {
  it("reads this release's list and the release before's single node", () => {
    assert.deepEqual(changedNodes({ nodeIds: ["a", "b"] }), ["a", "b"]);
    assert.deepEqual(changedNodes({ nodeId: "a" }), ["a"]);
  });
  it("reads nothing from a shape it does not know, rather than throwing", () => {
    assert.deepEqual(changedNodes({}), []);
    assert.deepEqual(changedNodes({ nodeIds: "a" }), []);
    assert.deepEqual(changedNodes({ nodeIds: ["a", 5, null] }), ["a"]);
  });
});

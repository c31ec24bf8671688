import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { changedNodes, settingsChangeMessages } from "./settings-changes.ts";

describe("changedNodes", () => {
  it("reads this release's list and the release before's single node", () => {
    assert.deepEqual(changedNodes({ nodeIds: ["a", "b"] }), ["a", "b"]);
    assert.deepEqual(changedNodes({ nodeId: "a" }), ["a"]);
  });
  it("reads nothing from a shape it does not know, rather than throwing", () => {
    for (const change of [{}, null, undefined, "a", 5, { nodeIds: "a" }])
      assert.deepEqual(changedNodes(change), []);
    assert.deepEqual(changedNodes({ nodeIds: ["a", 5, null] }), ["a"]);
  });
});

describe("settingsChangeMessages", () => {
  it("announces one node so both releases read it", () => {
    assert.deepEqual(settingsChangeMessages(["a"]), [{ nodeIds: ["a"], nodeId: "a" }]);
  });
  it("splits a workspace's thousands into messages of 1,000, every id once", () => {
    const ids = Array.from({ length: 2500 }, (_, i) => `n${i}`);
    const messages = settingsChangeMessages(ids);
    assert.deepEqual(
      messages.map((m) => m.nodeIds.length),
      [1000, 1000, 500],
    );
    assert.deepEqual(
      messages.flatMap((m) => m.nodeIds),
      ids,
    );
    assert.deepEqual(settingsChangeMessages([]), []);
  });
});

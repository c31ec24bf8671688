import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nodeHealth } from "./node-health";

describe("nodeHealth", () => {
  it("puts an attack first, then connectivity, then elevation and learning", () => {
    assert.equal(nodeHealth({ status: "ONLINE", detectionState: "ATTACK", learning: true }), "UNDER_ATTACK");
    assert.equal(
      nodeHealth({ status: "OFFLINE", detectionState: "ATTACK", learning: false }),
      "UNDER_ATTACK",
    );
    assert.equal(nodeHealth({ status: "OFFLINE", detectionState: "ELEVATED", learning: false }), "OFFLINE");
    assert.equal(nodeHealth({ status: "PENDING", detectionState: "NORMAL", learning: true }), "PENDING");
    assert.equal(nodeHealth({ status: "ONLINE", detectionState: "ELEVATED", learning: true }), "ELEVATED");
    assert.equal(nodeHealth({ status: "ONLINE", detectionState: "NORMAL", learning: true }), "LEARNING");
    assert.equal(nodeHealth({ status: "ONLINE", detectionState: "NORMAL", learning: false }), "ONLINE");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { onlineTone } from "./online-tone";

describe("overview's online count colour", () => {
  it("is neutral with no nodes, a warning while some are not online, success when all are", () => {
    assert.equal(onlineTone(0, 0), "text");
    assert.equal(onlineTone(0, 2), "warning");
    assert.equal(onlineTone(1, 2), "warning");
    assert.equal(onlineTone(2, 2), "success");
  });
});

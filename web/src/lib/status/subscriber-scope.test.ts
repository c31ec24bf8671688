import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { followedText, followsNothingShown } from "./subscriber-scope";

describe("a subscriber's updates in words", () => {
  it("names the whole page, its systems, or that none of them is left", () => {
    assert.equal(followedText({ wholePage: true, nodes: [] }), "Every update");
    assert.equal(
      followedText({ wholePage: false, nodes: ["Edge Paris", "ACME web"] }),
      "Edge Paris, ACME web",
    );
    assert.equal(
      followedText({ wholePage: false, nodes: [] }),
      "Maintenance notices only: none of its systems is on the page now",
    );
    assert.equal(followsNothingShown({ wholePage: false, nodes: [] }), true);
    assert.equal(followsNothingShown({ wholePage: true, nodes: [] }), false);
  });
});

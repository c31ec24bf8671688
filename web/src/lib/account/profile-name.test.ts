import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkProfileName } from "./profile-name";

describe("display name form", () => {
  it("takes 1–80 characters once trimmed, and says what is wrong on the name field otherwise", () => {
    assert.deepEqual(checkProfileName("  Grace Operator "), []);
    assert.deepEqual(checkProfileName("x".repeat(80)), []);
    assert.deepEqual(checkProfileName("   "), [{ path: "name", message: "must not be empty" }]);
    assert.deepEqual(checkProfileName("x".repeat(81)), [
      { path: "name", message: "must be at most 80 characters" },
    ]);
  });
});

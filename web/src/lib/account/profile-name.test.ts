import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkProfileName } from "./profile-name";

describe("display name form", () => {
  it("takes 1–100 (as at sign-up) characters once trimmed, and says what is wrong on the name field otherwise", () => {
    assert.deepEqual(checkProfileName("  Grace Operator "), []);
    assert.deepEqual(checkProfileName("x".repeat(100)), []);
    assert.deepEqual(checkProfileName("   "), [{ path: "name", message: "must not be empty" }]);
    assert.deepEqual(checkProfileName("x".repeat(101)), [
      { path: "name", message: "must be at most 100 characters" },
    ]);
  });
});

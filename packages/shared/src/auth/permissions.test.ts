import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { roleName } from "./permissions.ts";

describe("a role's name", () => {
  it("is what the Members page and an invitation e-mail say, not the enum", () => {
    assert.deepEqual(["OWNER", "ADMIN", "ANALYST", "READONLY"].map(roleName), [
      "Owner",
      "Admin",
      "Analyst",
      "Read-only",
    ]);
  });
});

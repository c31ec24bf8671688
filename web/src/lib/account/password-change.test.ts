import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkPasswordChange, passwordChangedMessage, placePasswordChangeProblems } from "./password-change";

describe("password change form", () => {
  it("refuses, on their fields, an empty current password, a short or unrepeated new one", () => {
    assert.deepEqual(
      checkPasswordChange({ currentPassword: "", newPassword: "short", confirm: "other" }).map((p) => p.path),
      ["currentPassword", "newPassword", "confirm"],
    );
    assert.deepEqual(
      checkPasswordChange({
        currentPassword: "old",
        newPassword: "long-enough-password",
        confirm: "long-enough-passw0rd",
      }),
      [{ path: "confirm", message: "The two new passwords differ" }],
    );
    assert.deepEqual(
      checkPasswordChange({
        currentPassword: "old",
        newPassword: "long-enough-password",
        confirm: "long-enough-password",
      }),
      [],
    );
  });

  it("puts a wrong current password on its field", () => {
    const placed = placePasswordChangeProblems({
      code: "UNAUTHENTICATED",
      message: "Current password is wrong",
      fieldErrors: [],
    });
    assert.deepEqual(placed.fieldErrors, [{ path: "currentPassword", message: "Current password is wrong" }]);
    assert.equal(placed.message, "Your password was not changed.");
  });

  it("puts the password rules (named `password`, as at sign-up) on the new password", () => {
    const placed = placePasswordChangeProblems({
      code: "BAD_USER_INPUT",
      message: "password: is a commonly used password",
      fieldErrors: [
        { path: "password", message: "is a commonly used password" },
        { path: "input.newPassword", message: "must differ from the current password" },
      ],
    });
    assert.deepEqual(
      placed.fieldErrors.map((p) => p.path),
      ["newPassword", "input.newPassword"],
    );
    assert.equal(placed.message, "Your password was not changed.");
  });

  it("keeps an expired session or a network failure on the form, in the API's words", () => {
    for (const outcome of [
      { code: "UNAUTHENTICATED", message: "Session expired; sign in again", fieldErrors: [] },
      { code: "NETWORK", message: "The API did not answer", fieldErrors: [] },
    ]) {
      assert.deepEqual(placePasswordChangeProblems(outcome), { message: outcome.message, fieldErrors: [] });
    }
  });

  it("says that the other sessions were signed out, and how many", () => {
    assert.equal(
      passwordChangedMessage(0),
      "Password changed; you stay signed in here (no other session was open).",
    );
    assert.match(passwordChangedMessage(1), /1 other session was signed out/);
    assert.match(passwordChangedMessage(3), /3 other sessions were signed out/);
  });
});

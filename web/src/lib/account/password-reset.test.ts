import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkNewPassword, placeResetRefusal, RESET_DONE_MESSAGE, resetDoneNotice } from "./password-reset";

describe("password reset pages", () => {
  it("refuses a short or unrepeated new password before sending, each on its field", () => {
    assert.deepEqual(
      checkNewPassword({ password: "short", confirm: "other" }).map((p) => p.path),
      ["password", "confirm"],
    );
    assert.deepEqual(
      checkNewPassword({ password: "long-enough-password", confirm: "long-enough-password" }),
      [],
    );
  });

  it("puts the password's problems on its field and a dead link on the form's line", () => {
    const weak = placeResetRefusal({
      code: "BAD_USER_INPUT",
      message: "input.password: is a commonly used password",
      fieldErrors: [{ path: "input.password", message: "is a commonly used password" }],
    });
    assert.deepEqual(weak, {
      message: "Your password was not changed.",
      fieldErrors: [{ path: "input.password", message: "is a commonly used password" }],
      linkDead: false,
    });
    const dead = placeResetRefusal({
      code: "BAD_USER_INPUT",
      message: "input.token: This reset link is invalid, expired or already used: ask for a new one",
      fieldErrors: [
        {
          path: "input.token",
          message: "This reset link is invalid, expired or already used: ask for a new one",
        },
      ],
    });
    assert.equal(dead.linkDead, true);
    assert.equal(dead.message, "This reset link is invalid, expired or already used: ask for a new one");
    assert.deepEqual(dead.fieldErrors, []);
    const network = placeResetRefusal({
      code: "NETWORK",
      message: "The API did not answer",
      fieldErrors: [],
    });
    assert.equal(network.message, "The API did not answer");
  });

  it("says on the sign-in page that the password was reset, only when told", () => {
    assert.equal(resetDoneNotice("done"), RESET_DONE_MESSAGE);
    assert.equal(resetDoneNotice(undefined), null);
    assert.equal(resetDoneNotice("yes"), null);
  });
});

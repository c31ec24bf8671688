import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { passwordResetMail, RESET_TTL_MS, resetLink } from "./password-reset-mail.ts";

describe("password reset e-mail", () => {
  it("links the web app's reset page with the token, whatever the URL's trailing slash", () => {
    assert.equal(
      resetLink("https://levee.example/", "ab-_c"),
      "https://levee.example/reset-password?token=ab-_c",
    );
    assert.equal(
      resetLink("https://levee.example", "a+b"),
      "https://levee.example/reset-password?token=a%2Bb",
    );
  });

  it("says what it is for, that it works once for an hour, and that ignoring it changes nothing", () => {
    assert.equal(RESET_TTL_MS, 3_600_000);
    const link = "https://levee.example/reset-password?token=t0k&x=<y>";
    const mail = passwordResetMail("Acme Shield", link);
    assert.equal(mail.subject, "Reset your Acme Shield password");
    assert.match(mail.text, /reset the password of your Acme Shield account/);
    assert.ok(mail.text.includes(link), "the text part carries the whole link");
    assert.match(mail.text, /once, for one hour/);
    assert.match(mail.text, /ignore this e-mail: your password stays as it is/);
    // The HTML part: a real link, escaped; the same sentences.
    assert.ok(mail.html.includes('href="https://levee.example/reset-password?token=t0k&amp;x=&lt;y&gt;"'));
    assert.match(mail.html, /once, for one hour/);
    assert.match(mail.html, /your password stays as it is/);
  });
});

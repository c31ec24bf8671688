import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { invitationLink } from "./invitation-mail.ts";

describe("invitation e-mail link", () => {
  it("opens the sign-up page with the token, as the Members page's link does", () => {
    const link = new URL(invitationLink("https://status.harbor-shield.net", "lvn_ab+c/d"));
    assert.equal(link.origin, "https://status.harbor-shield.net");
    // web/src/app/(auth)/signup/page.tsx reads `invite`; no page reads `/?invitation=`.
    assert.equal(link.pathname, "/signup");
    assert.equal(link.searchParams.get("invite"), "lvn_ab+c/d");
  });
});

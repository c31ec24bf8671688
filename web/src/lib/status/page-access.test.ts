import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ACCESS_COOKIE,
  accessCookie,
  accessFromCookieHeader,
  accessProblemOf,
  returnPath,
} from "./page-access";

describe("status page access cookie", () => {
  it("is HttpOnly, SameSite=Lax, scoped to the page's path, Secure over https", () => {
    const expiresAt = new Date("2027-01-01T00:00:00Z");
    const own = accessCookie("lv1.a.b.c", { base: "/s/acme", secure: true, expiresAt });
    assert.equal(
      own,
      `${ACCESS_COOKIE}=lv1.a.b.c; Path=/s/acme; Expires=Fri, 01 Jan 2027 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure`,
    );
    // A custom domain is the page's whole host; plain http (a local run) is not Secure.
    const custom = accessCookie("lv1.a.b.c", { base: "", secure: false, expiresAt });
    assert.match(custom, /; Path=\/;/);
    assert.doesNotMatch(custom, /Secure/);
    assert.doesNotMatch(custom, /levee/i, "the name is neutral on a tenant's domain");
  });

  it("reads the proof from a Cookie header, ignoring malformed values", () => {
    assert.equal(accessFromCookieHeader(`a=1; ${ACCESS_COOKIE}=lv1.x_y-z.1.2; b=2`), "lv1.x_y-z.1.2");
    assert.equal(accessFromCookieHeader(`${ACCESS_COOKIE}=<script>`), undefined);
    assert.equal(accessFromCookieHeader(`${ACCESS_COOKIE}=${"a".repeat(513)}`), undefined);
    assert.equal(accessFromCookieHeader(null), undefined);
  });

  it("sends the visitor back only to this page or one of its incidents", () => {
    assert.equal(
      returnPath("/s/acme/incidents/0123456789abcdef", "/s/acme"),
      "/s/acme/incidents/0123456789abcdef",
    );
    assert.equal(returnPath("/s/acme", "/s/acme"), "/s/acme");
    assert.equal(returnPath("/s/other", "/s/acme"), "/s/acme");
    assert.equal(returnPath("/x/acme/incidents/0123456789abcdef", "/s/acme"), "/s/acme");
    assert.equal(returnPath("//evil.example/", "/s/acme"), "/s/acme");
    assert.equal(returnPath("https://evil.example/", ""), "/");
    assert.equal(returnPath("/incidents/0123456789abcdef", ""), "/incidents/0123456789abcdef");
    assert.equal(returnPath("/w/acme", ""), "/");
  });

  it("knows the form's outcomes only", () => {
    assert.equal(accessProblemOf("wrong"), "wrong");
    assert.equal(accessProblemOf("limited"), "limited");
    assert.equal(accessProblemOf("other"), null);
  });
});

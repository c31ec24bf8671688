import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { afterSignInPath, dashboardHomePath, needsSession, safeReturnPath, signInPath } from "./sign-in-gate";

describe("sign-in gate", () => {
  it("guards the dashboard, not sign-in, sign-up or the API proxy", () => {
    for (const path of ["/", "/w/acme", "/w/acme/nodes/x", "/new", "/account"])
      assert.equal(needsSession(path), true, path);
    for (const path of ["/login", "/signup", "/graphql", "/evidence/x.pcap", "/wacky", "/accounts"])
      assert.equal(needsSession(path), false, path);
  });

  it("returns only to same-site paths", () => {
    assert.equal(safeReturnPath("/w/acme/incidents?status=OPEN"), "/w/acme/incidents?status=OPEN");
    for (const bad of [
      "https://evil.test/",
      "//evil.test/x",
      "/\\evil.test",
      "javascript:alert(1)",
      "/\t/evil.test",
      "/\n/evil.test",
      "/\t\\evil.test",
      "/\\/evil.test",
      "",
      null,
      undefined,
    ])
      assert.equal(safeReturnPath(bad), "/", String(bad));
  });

  it("builds the sign-in address with the page to come back to", () => {
    assert.equal(signInPath("/"), "/login");
    assert.equal(signInPath("/w/acme/nodes"), "/login?next=%2Fw%2Facme%2Fnodes");
    assert.equal(signInPath("//evil.test"), "/login");
  });

  it("sends a sign-in on a custom domain to its workspace's dashboard, not to `/` (its status page there)", () => {
    assert.equal(dashboardHomePath(null), "/");
    assert.equal(dashboardHomePath("acme"), "/w/acme");
    assert.equal(afterSignInPath("/", "acme"), "/w/acme");
    assert.equal(afterSignInPath("/", null), "/");
    assert.equal(afterSignInPath("/w/acme/nodes", "acme"), "/w/acme/nodes");
    assert.equal(afterSignInPath("/account", null), "/account");
  });
});

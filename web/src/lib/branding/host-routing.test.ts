import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  brandFromPath,
  decodeBrandKey,
  encodeBrandKey,
  hostnameOf,
  ownHosts,
  routeRequest,
} from "./host-routing";

const own = ownHosts({
  ALLOWED_ORIGINS: "https://levee.example.net, http://10.0.0.5:3000",
  LEVEE_HOSTS: "ops.example.net",
});

describe("host routing", () => {
  it("reads the host name from a Host header", () => {
    assert.equal(hostnameOf("Status.Acme.com:8443"), "status.acme.com");
    assert.equal(hostnameOf("[::1]:3000"), "[::1]");
    assert.equal(hostnameOf("acme.com."), "acme.com");
    assert.equal(hostnameOf(undefined), "");
  });

  it("knows the deployment's own hosts", () => {
    for (const host of [
      "localhost",
      "127.0.0.1",
      "[::1]",
      "levee.example.net",
      "10.0.0.5",
      "ops.example.net",
    ])
      assert.ok(own.has(host), host);
    assert.ok(!own.has("status.acme.com"));
  });

  it("brands own-host pages by the workspace or status slug in the path", () => {
    assert.deepEqual(brandFromPath("/w/acme/nodes"), { kind: "workspace", slug: "acme" });
    assert.deepEqual(brandFromPath("/s/acme"), { kind: "status", slug: "acme" });
    assert.deepEqual(brandFromPath("/s/acme/status.json"), { kind: "status", slug: "acme" });
    for (const path of ["/", "/login", "/w", "/w/Bad_Slug", "/sx/acme", "/new"])
      assert.deepEqual(brandFromPath(path), { kind: "default" }, path);
  });

  it("routes a verified custom domain to its workspace, `/` to the status page, unknown hosts to 404", () => {
    const route = (host: string, pathname: string, domainSlug: string | null = null) =>
      routeRequest({ host, pathname, own, domainSlug });
    assert.deepEqual(route("levee.example.net", "/w/acme"), {
      action: "next",
      brand: { kind: "workspace", slug: "acme" },
    });
    assert.deepEqual(route("status.acme.com", "/", "acme"), {
      action: "rewrite",
      brand: { kind: "host", host: "status.acme.com" },
      path: "/s/acme",
    });
    assert.deepEqual(route("status.acme.com", "/login", "acme"), {
      action: "next",
      brand: { kind: "host", host: "status.acme.com" },
    });
    assert.deepEqual(route("status.acme.com", "/w/other", "acme"), {
      action: "next",
      brand: { kind: "host", host: "status.acme.com" },
    });
    assert.deepEqual(route("evil.example.org", "/login"), { action: "not-found" });
  });

  it("serves the status page's JSON and feed at the custom domain's root, and no other tenant's page", () => {
    const route = (pathname: string) =>
      routeRequest({ host: "status.acme.com", pathname, own, domainSlug: "acme" });
    const brand = { kind: "host", host: "status.acme.com" };
    assert.deepEqual(route("/status.json"), { action: "rewrite", brand, path: "/s/acme/status.json" });
    // A protected page's password form and subscription form post to the page's own paths there.
    assert.deepEqual(route("/access"), { action: "rewrite", brand, path: "/s/acme/access" });
    assert.deepEqual(route("/subscribe"), { action: "rewrite", brand, path: "/s/acme/subscribe" });
    assert.deepEqual(route("/feed.atom"), { action: "rewrite", brand, path: "/s/acme/feed.atom" });
    assert.deepEqual(route("/confirm"), { action: "rewrite", brand, path: "/s/acme/confirm" });
    assert.deepEqual(route("/unsubscribe"), { action: "rewrite", brand, path: "/s/acme/unsubscribe" });
    assert.deepEqual(route("/unsubscribe/one-click"), {
      action: "rewrite",
      brand,
      path: "/s/acme/unsubscribe/one-click",
    });
    assert.deepEqual(route("/incidents/0123456789abcdef"), {
      action: "rewrite",
      brand,
      path: "/s/acme/incidents/0123456789abcdef",
    });
    assert.deepEqual(route("/incidents/0123456789abcdef/x"), { action: "next", brand });
    assert.deepEqual(route("/s/acme/status.json"), { action: "next", brand });
    for (const path of [
      "/s/globex",
      "/s/globex/status.json",
      "/s/globex/feed.atom",
      "/s/globex/incidents/0123456789abcdef",
      "/s/",
      "/s",
    ])
      assert.deepEqual(route(path), { action: "not-found" }, path);
    // On the deployment's own hosts every status page keeps its /s/<slug> address.
    assert.deepEqual(
      routeRequest({ host: "levee.example.net", pathname: "/status.json", own, domainSlug: null }),
      {
        action: "next",
        brand: { kind: "default" },
      },
    );
  });

  it("round-trips the brand header and ignores forged values", () => {
    for (const key of [
      { kind: "default" },
      { kind: "workspace", slug: "a" },
      { kind: "status", slug: "b-c" },
      { kind: "host", host: "x.y" },
    ] as const)
      assert.deepEqual(decodeBrandKey(encodeBrandKey(key)), key);
    for (const bad of [null, "", "workspace:", "workspace:Bad Slug", "other:x", "nonsense"])
      assert.deepEqual(decodeBrandKey(bad), { kind: "default" }, String(bad));
  });
});

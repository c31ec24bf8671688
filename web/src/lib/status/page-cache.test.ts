import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type CachedPage, cacheable, nonceOf, PageCache, pageCacheKey, withNonce } from "./page-cache";

const page = (at: number): CachedPage => ({
  id: `render-${at}`,
  at,
  status: 200,
  headers: {
    "content-type": "text/html",
    "content-security-policy": "script-src 'nonce-OLD0abc=='",
    "content-length": "9",
  },
  body: '<script nonce="OLD0abc==">x</script><p>OLD</p>',
  nonce: "OLD0abc==",
});

describe("status page cache", () => {
  it("keys only plain GETs of /s/<slug>, by host and colour scheme", () => {
    const get = (url: string, headers: Record<string, string> = {}) =>
      pageCacheKey({ method: "GET", url, headers: { host: "a.test", ...headers } });
    assert.equal(get("/s/acme"), "a.test|/s/acme||html");
    assert.equal(
      get("/s/acme", { cookie: "levee_session=x; levee_scheme=dark" }),
      "a.test|/s/acme|dark|html",
    );
    assert.equal(get("/s/acme", { rsc: "1" }), "a.test|/s/acme||rsc");
    assert.equal(
      get("/s/acme/incidents/0123456789abcdef"),
      "a.test|/s/acme/incidents/0123456789abcdef||html",
    );
    for (const url of [
      "/s/acme/status.json",
      "/s/acme?x=1",
      "/w/acme",
      "/s/ACME",
      "/",
      "/s/acme/incidents/x",
      "/s/acme/incidents/0123456789abcdef/feed.atom",
    ])
      assert.equal(get(url), null, url);
    assert.equal(pageCacheKey({ method: "POST", url: "/s/acme", headers: {} }), null);
  });

  it("never keys a visitor who carries a protected page's access cookie", () => {
    const get = (url: string, headers: Record<string, string>) =>
      pageCacheKey({ method: "GET", url, headers: { host: "a.test", ...headers } }, new Set(["a.test"]));
    assert.equal(get("/s/acme", { cookie: "status_access=lv1.k.i.b" }), null);
    assert.equal(
      get("/s/acme/incidents/0123456789abcdef", { cookie: "levee_scheme=dark; status_access=x" }),
      null,
    );
    assert.equal(
      pageCacheKey(
        { method: "GET", url: "/", headers: { host: "status.acme.test", cookie: "status_access=x" } },
        new Set(["a.test"]),
      ),
      null,
    );
    // Without it, everyone shares one render (the password form of a protected page).
    assert.equal(get("/s/acme", { cookie: "levee_scheme=dark" }), "a.test|/s/acme|dark|html");
  });

  it("never lets two hosts share an entry, and keys `/` only on a custom domain", () => {
    const own = new Set(["localhost", "levee.example.net"]);
    const get = (url: string, headers: Record<string, string>) =>
      pageCacheKey({ method: "GET", url, headers }, own);
    const a = get("/", { host: "status.acme.com" });
    const b = get("/", { host: "status.globex.com" });
    assert.equal(a, "status.acme.com|/||html");
    assert.equal(b, "status.globex.com|/||html");
    assert.notEqual(
      get("/s/acme", { host: "status.acme.com" }),
      get("/s/acme", { host: "levee.example.net" }),
    );
    // X-Forwarded-Host as web/server.ts leaves it (a trusted proxy's, else a copy of Host) is the host.
    assert.equal(
      get("/", { host: "web:3000", "x-forwarded-host": "status.globex.com" }),
      "status.globex.com|/||html",
    );
    assert.equal(get("/", { host: "status.globex.com", "x-forwarded-host": "levee.example.net" }), null);
    for (const host of ["levee.example.net", "localhost:3000", ""])
      assert.equal(get("/", { host }), null, host);
    assert.equal(get("/?x=1", { host: "status.acme.com" }), null);
    assert.equal(
      get("/incidents/0123456789abcdef", { host: "status.acme.com" }),
      "status.acme.com|/incidents/0123456789abcdef||html",
    );
    assert.equal(get("/incidents/0123456789abcdef", { host: "levee.example.net" }), null);
    assert.equal(get("/login", { host: "status.acme.com" }), null);
  });

  it("stores only uncompressed HTML pages without cookies", () => {
    assert.ok(cacheable(200, { "content-type": "text/html; charset=utf-8" }));
    assert.ok(cacheable(404, { "content-type": "text/html" }));
    assert.ok(!cacheable(500, { "content-type": "text/html" }));
    assert.ok(!cacheable(200, { "content-type": "text/html", "set-cookie": "a=b" }));
    assert.ok(!cacheable(200, { "content-type": "text/html", "content-encoding": "gzip" }));
  });

  it("gives every response its own nonce, in the header and the body", () => {
    assert.equal(nonceOf("script-src 'self' 'nonce-Zm9v+/==' 'strict-dynamic'"), "Zm9v+/==");
    const served = withNonce(page(0), "NEW1xyz==");
    assert.equal(served.headers["content-security-policy"], "script-src 'nonce-NEW1xyz=='");
    assert.equal(served.body, '<script nonce="NEW1xyz==">x</script><p>OLD</p>');
    assert.equal(served.headers["content-length"], undefined);
  });

  it("names the entry a hit comes from, the same for every hit of one render", () => {
    const first = withNonce(page(0), "NEW1xyz==");
    const second = withNonce(page(0), "NEW2xyz==");
    assert.equal(first.headers["x-levee-cache-entry"], "render-0");
    assert.equal(second.headers["x-levee-cache-entry"], "render-0");
    assert.equal(withNonce(page(1_000), "NEW3xyz==").headers["x-levee-cache-entry"], "render-1000");
  });

  it("lets one request render after expiry while the others get the previous page", () => {
    const cache = new PageCache();
    assert.equal(cache.lookup("k", 0), undefined, "cold: render");
    assert.equal(cache.lookup("k", 10), undefined, "cold and rendering: render too (nothing to serve)");
    cache.store("k", page(100));
    assert.equal(cache.lookup("k", 500)?.at, 100, "fresh");
    assert.equal(cache.lookup("k", 1_200), undefined, "expired: this one renders");
    assert.equal(cache.lookup("k", 1_201)?.at, 100, "others get the stale page meanwhile");
    cache.abandon("k");
    assert.equal(cache.lookup("k", 1_300), undefined, "after a failed render the next one renders");
    assert.equal(cache.lookup("k", 70_000), undefined, "too stale to serve");
  });
});

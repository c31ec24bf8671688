import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LOGO_HASH, logoFileResponse } from "./logo-file";

describe("logoFileResponse", () => {
  it("serves the file with its type, immutable caching and nosniff", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const response = logoFileResponse({
      contentType: "image/png",
      base64: Buffer.from(png).toString("base64"),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "image/png");
    assert.equal(response.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), png);
  });

  it("answers 404, not cached, for no logo or a type that is not an accepted image", () => {
    for (const logo of [null, undefined, { contentType: "image/svg+xml", base64: "PHN2Zz4=" }]) {
      const response = logoFileResponse(logo);
      assert.equal(response.status, 404);
      assert.equal(response.headers.get("cache-control"), "no-store");
    }
  });

  it("takes only a lower-case sha256 as the path", () => {
    assert.ok(LOGO_HASH.test("a".repeat(64)));
    for (const bad of ["A".repeat(64), "a".repeat(63), "../secret", `${"a".repeat(64)}.png`])
      assert.ok(!LOGO_HASH.test(bad));
  });
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { acceptsGzip, gzipped } from "./gzip-response";

test("a page gzip-encoded decodes to itself", async () => {
  const page = `<!DOCTYPE html>${"<li>nyc-edge-01 Operational — 99.98 %</li>".repeat(200)}ünïcødé ✓`;
  const gz = await gzipped(page);
  assert.equal(gunzipSync(gz).toString("utf8"), page);
  assert.ok(gz.length < page.length / 5);
});

test("Accept-Encoding: gzip unless refused with q=0", () => {
  assert.equal(acceptsGzip("gzip, deflate, br, zstd"), true);
  assert.equal(acceptsGzip("br;q=1.0, gzip;q=0.8"), true);
  assert.equal(acceptsGzip("*"), true);
  assert.equal(acceptsGzip("gzip;q=0"), false);
  assert.equal(acceptsGzip("gzip;q=0, *"), false, "refused by name, not taken by *");
  assert.equal(acceptsGzip("identity"), false);
  assert.equal(acceptsGzip(undefined), false);
  assert.equal(acceptsGzip(["deflate", "gzip"]), true);
});

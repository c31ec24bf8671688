import assert from "node:assert/strict";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { acceptsGzip, prepareSplice, splicedGzip } from "./spliced-gzip";

const OLD = "b2xkLW5vbmNlLXRoYXQtaXMtNDgtY2hhcmFjdGVycy1sb25nLi4u";
const page = (nonce: string) =>
  `<!DOCTYPE html><html><head><script nonce="${nonce}">self.__x=1</script>${"<li>nyc-edge-01 Operational — 99.98 %</li>".repeat(400)}<style nonce="${nonce}">a{}</style></head><body>ünïcødé ✓</body></html>`;

test("a spliced response decodes to the page with the new nonce in every place", () => {
  const splice = prepareSplice(page(OLD), OLD);
  for (const fresh of ["bmV3LW5vbmNl", btoa(crypto.randomUUID())]) {
    const gz = splicedGzip(splice, fresh);
    // gunzip checks the CRC-32 and the length in the trailer.
    assert.equal(gunzipSync(gz).toString("utf8"), page(fresh));
    assert.ok(gz.length < page(fresh).length / 5, `${gz.length} bytes for ${page(fresh).length}`);
  }
});

test("a page without the nonce, or only the nonce, is still one valid stream", () => {
  assert.equal(gunzipSync(splicedGzip(prepareSplice("plain", OLD), "x")).toString(), "plain");
  assert.equal(gunzipSync(splicedGzip(prepareSplice(OLD, OLD), "new")).toString(), "new");
  assert.equal(gunzipSync(splicedGzip(prepareSplice("", OLD), "new")).toString(), "");
});

test("Accept-Encoding: gzip unless refused with q=0", () => {
  assert.equal(acceptsGzip("gzip, deflate, br, zstd"), true);
  assert.equal(acceptsGzip("br;q=1.0, gzip;q=0.8"), true);
  assert.equal(acceptsGzip("*"), true);
  assert.equal(acceptsGzip("gzip;q=0"), false);
  assert.equal(acceptsGzip("identity"), false);
  assert.equal(acceptsGzip(undefined), false);
  assert.equal(acceptsGzip(["deflate", "gzip"]), true);
});

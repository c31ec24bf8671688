import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gifHeader, jpegHeader, pngBytes, webpHeader } from "../../test/support/logo-image.test-data.ts";
import { inspectLogo, LogoFormatError } from "./logo-image.ts";

describe("inspectLogo", () => {
  it("reads type and dimensions from PNG, JPEG, GIF and WebP headers", () => {
    assert.deepEqual(inspectLogo(pngBytes(120, 40)), { contentType: "image/png", width: 120, height: 40 });
    assert.deepEqual(inspectLogo(jpegHeader(640, 200)), {
      contentType: "image/jpeg",
      width: 640,
      height: 200,
    });
    assert.deepEqual(inspectLogo(gifHeader(300, 3)), { contentType: "image/gif", width: 300, height: 3 });
    assert.deepEqual(inspectLogo(webpHeader(4000, 90)), {
      contentType: "image/webp",
      width: 4000,
      height: 90,
    });
  });

  it("refuses SVG (with the way out), other files and truncated headers", () => {
    const svg = new TextEncoder().encode(
      '\uFEFF <?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    );
    assert.throws(() => inspectLogo(svg), { name: "LogoFormatError", message: /SVG.*upload a PNG/ });
    assert.throws(() => inspectLogo(new TextEncoder().encode("<svg onload=alert(1)>")), /SVG/);
    assert.throws(() => inspectLogo(new TextEncoder().encode("%PDF-1.7")), /not a PNG, JPEG, WebP or GIF/);
    assert.throws(() => inspectLogo(new Uint8Array()), /empty/);
    assert.throws(() => inspectLogo(pngBytes(10, 10).subarray(0, 20)), /truncated PNG/);
    assert.throws(() => inspectLogo(jpegHeader(10, 10).subarray(0, 12)), LogoFormatError);
    assert.throws(() => inspectLogo(new Uint8Array([0xff, 0xd8, 0xff, 0xd9])), /truncated JPEG/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LOGO_MAX_BYTES, logoFileProblem } from "./logo-upload";

describe("logoFileProblem", () => {
  it("leaves a plausible image to the API", () => {
    assert.equal(logoFileProblem({ name: "logo.png", type: "image/png", size: 12_000 }), null);
    assert.equal(logoFileProblem({ name: "logo", type: "", size: LOGO_MAX_BYTES }), null);
  });

  it("refuses SVG with the way out, empty and oversized files", () => {
    assert.match(logoFileProblem({ name: "logo.svg", type: "", size: 10 }) ?? "", /export the logo as PNG/);
    assert.match(logoFileProblem({ name: "x", type: "image/svg+xml", size: 10 }) ?? "", /SVG/);
    assert.match(logoFileProblem({ name: "a.png", type: "image/png", size: 0 }) ?? "", /empty/);
    assert.match(
      logoFileProblem({ name: "a.png", type: "image/png", size: LOGO_MAX_BYTES + 1 }) ?? "",
      /257 KiB; a logo may be at most 256 KiB/,
    );
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { brandingStyle, NEUTRAL_BRANDING, schemeClass, titleTemplate } from "./branding";

describe("branding on the page", () => {
  it("maps both palettes, fonts and radius to CSS variables", () => {
    const style = brandingStyle({
      ...NEUTRAL_BRANDING,
      light: { ...NEUTRAL_BRANDING.light, accent: "#ff0066" },
    });
    assert.equal(style["--color-accent"], "#ff0066");
    assert.equal(style["--dark-color-accent"], NEUTRAL_BRANDING.dark.accent);
    assert.equal(style["--font-mono"], "ui-monospace, monospace");
    assert.equal(style["--radius"], "0.375rem");
    assert.equal(Object.keys(style).length, 21);
  });

  it("lets the viewer's scheme win, else the theme's", () => {
    assert.equal(schemeClass("light", { ...NEUTRAL_BRANDING, scheme: "DARK" }), "light");
    assert.equal(schemeClass("system", { ...NEUTRAL_BRANDING, scheme: "DARK" }), "dark");
    assert.equal(schemeClass("system", NEUTRAL_BRANDING), undefined);
  });

  it("titles pages with the product name, or none", () => {
    assert.deepEqual(titleTemplate({ ...NEUTRAL_BRANDING, productName: "Harbor Shield" }), {
      default: "Harbor Shield",
      template: "%s · Harbor Shield",
    });
    assert.equal(titleTemplate(NEUTRAL_BRANDING).template, "%s");
    assert.doesNotMatch(JSON.stringify(NEUTRAL_BRANDING), /levee/i);
  });
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../config.ts";
import { type BrandingChoice, resolveBranding } from "./resolve-branding.ts";
import { loadThemeCatalog } from "./theme-catalog.ts";

const { themes } = loadThemeCatalog(join(repoRoot, "themes"), "default");
const none: BrandingChoice = { theme: null, accent: null, logo: null, productName: null };
const choice = (c: Partial<BrandingChoice>): BrandingChoice => ({ ...none, ...c });

describe("resolveBranding", () => {
  it("is the deployment default with no choices", () => {
    const b = resolveBranding([], themes, "default");
    assert.equal(b.theme, "default");
    assert.equal(b.productName, "Levee");
    assert.equal(b.favicon, "/levee-logo.svg");
    assert.deepEqual(resolveBranding([none, none], themes, "default"), b);
  });

  it("follows LEVEE_THEME as the default", () => {
    assert.equal(resolveBranding([none], themes, "harbor").productName, "Harbor Shield");
  });

  it("takes the workspace's theme, accent, logo and name", () => {
    const b = resolveBranding(
      [choice({ theme: "harbor", accent: "#ff0066", logo: "/brands/x.svg", productName: "Acme Guard" })],
      themes,
      "default",
    );
    assert.equal(b.theme, "harbor");
    assert.equal(b.productName, "Acme Guard");
    assert.equal(b.logo, "/brands/x.svg");
    assert.equal(b.favicon, "/brands/x.svg", "an overridden logo is the favicon too");
    assert.equal(b.light.accent, "#ff0066");
    assert.equal(b.dark.accent, "#ff0066");
    assert.equal(b.light.primary, themes.get("harbor")?.colors.light.primary);
  });

  it("carries an MSP parent's branding to a customer unless the customer overrides it, field by field", () => {
    const msp = choice({ theme: "harbor", productName: "Harbor Shield", accent: "#123456" });
    const customer = resolveBranding([none, msp], themes, "default");
    assert.equal(customer.theme, "harbor");
    assert.equal(customer.productName, "Harbor Shield");
    assert.equal(customer.light.accent, "#123456");
    const renamed = resolveBranding([choice({ productName: "Acme Status" }), msp], themes, "default");
    assert.equal(renamed.productName, "Acme Status");
    assert.equal(renamed.theme, "harbor", "the theme still comes from the MSP");
    const ownTheme = resolveBranding([choice({ theme: "midnight" }), msp], themes, "default");
    assert.equal(ownTheme.theme, "midnight");
    assert.equal(ownTheme.productName, "Harbor Shield");
    // Grandparent → parent → customer: the nearest choice wins.
    const nested = resolveBranding([none, choice({ accent: "#000000" }), msp], themes, "default");
    assert.equal(nested.light.accent, "#000000");
    assert.equal(nested.productName, "Harbor Shield");
  });

  it("falls back to the default theme when a chosen theme file is gone", () => {
    assert.equal(resolveBranding([choice({ theme: "deleted" })], themes, "default").theme, "default");
  });
});

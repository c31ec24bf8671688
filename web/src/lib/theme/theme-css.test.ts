import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { themeCssText, themeCssVariables, themeStyle } from "./theme-css";
import { parseTheme } from "./theme-schema";

const theme = parseTheme(
  {
    name: "Acme",
    logo: "/acme.svg",
    scheme: "dark",
    colors: {
      primary: "#111111",
      accent: "#222222",
      background: "#333333",
      surface: "#444444",
      text: "#555555",
      muted: "#666666",
      success: "#777777",
      warning: "#888888",
      danger: "#999999",
    },
    fonts: { sans: "Inter, sans-serif", mono: "monospace" },
    radius: "4px",
  },
  "test",
);

describe("theme css", () => {
  it("maps every colour to --color-<name>", () => {
    const vars = themeCssVariables(theme);
    assert.equal(vars["--color-primary"], "#111111");
    assert.equal(vars["--color-danger"], "#999999");
    for (const name of Object.keys(theme.colors)) assert.ok(`--color-${name}` in vars, name);
  });

  it("maps fonts and radius", () => {
    const vars = themeCssVariables(theme);
    assert.equal(vars["--font-sans"], "Inter, sans-serif");
    assert.equal(vars["--font-mono"], "monospace");
    assert.equal(vars["--radius"], "4px");
    assert.equal(Object.keys(vars).length, 12);
  });

  it("produces an inline style with color-scheme", () => {
    const style = themeStyle(theme);
    assert.equal(style.colorScheme, "dark");
    assert.equal(style["--color-accent"], "#222222");
  });

  it("renders a CSS declaration list", () => {
    const text = themeCssText(theme);
    assert.ok(text.startsWith("--color-primary: #111111; "));
    assert.ok(text.includes("--font-sans: Inter, sans-serif;"));
    assert.ok(text.endsWith("color-scheme: dark;"));
  });
});

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { findThemesDir } from "./load-theme";
import { parseTheme, parseThemeName, ThemeError } from "./theme-schema";

const themesDir = findThemesDir();
const themeFiles = readdirSync(themesDir).filter((file) => file.endsWith(".json"));
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(themesDir, file), "utf8"));
const base = () => readJson("default.json") as Record<string, unknown> & { colors: Record<string, unknown> };

describe("theme schema", () => {
  it("finds the shipped themes", () => {
    assert.ok(themeFiles.includes("default.json"), "themes/default.json must exist");
    assert.ok(themeFiles.length >= 2, "expected at least two themes");
  });

  for (const file of themeFiles) {
    it(`accepts themes/${file}`, () => {
      const theme = parseTheme(readJson(file), file);
      assert.ok(theme.name.length > 0);
      assert.ok(parseThemeName(file.replace(/\.json$/, "")), "file name must be a valid theme name");
    });
  }

  it("names the default theme Levee", () => {
    assert.equal(parseTheme(readJson("default.json"), "default.json").name, "Levee");
  });

  it("rejects a bad hex colour with its path and value", () => {
    const bad = base();
    bad.colors.primary = "blue";
    assert.throws(() => parseTheme(bad, "bad.json"), {
      name: "ThemeError",
      message: /Invalid theme bad\.json: colors\.primary: must be a hex colour .*\(got "blue"\)/,
    });
  });

  it("rejects an unsafe or empty font stack", () => {
    const bad = base();
    bad.fonts = { sans: "Inter; background: red", mono: "  " };
    assert.throws(
      () => parseTheme(bad, "bad.json"),
      (error: Error) => {
        assert.match(error.message, /fonts\.sans: font stack must not contain/);
        assert.match(error.message, /fonts\.mono: font stack must not be empty/);
        return true;
      },
    );
  });

  it("accepts public paths and https logos, rejects anything else", () => {
    for (const logo of ["/levee-logo.svg", "/brands/acme.png", "https://cdn.example.com/logo.svg"]) {
      assert.equal(parseTheme({ ...base(), logo }, "ok").logo, logo);
    }
    for (const logo of [
      "http://x.test/a.svg",
      "//evil.test/a.svg",
      "/../secret.svg",
      "logo.svg",
      "javascript:1",
    ]) {
      assert.throws(() => parseTheme({ ...base(), logo }, "bad"), /logo: logo must be a path under \/public/);
    }
  });

  it("rejects unknown keys, bad radius and missing colours", () => {
    const bad = base();
    bad.primay = "#fff";
    bad.radius = "8";
    delete bad.colors.danger;
    assert.throws(
      () => parseTheme(bad, "bad"),
      (error: Error) => {
        assert.match(error.message, /primay/);
        assert.match(error.message, /radius: radius must be 0 or a length/);
        assert.match(error.message, /colors\.danger: is required/);
        return true;
      },
    );
  });

  it("defaults scheme to light", () => {
    const { scheme: _scheme, ...rest } = base();
    assert.equal(parseTheme(rest, "x").scheme, "light");
  });

  it("rejects theme names that could escape the themes directory", () => {
    for (const name of ["../etc/passwd", "..", "a/b", "Default", "mid night", "", "x.json", "a\\b"]) {
      assert.throws(
        () => parseThemeName(name),
        (error: Error) => {
          assert.ok(error instanceof ThemeError);
          assert.match(
            error.message,
            /^Invalid theme name .*: theme name (may only contain a-z, 0-9 and '-')/,
          );
          return true;
        },
      );
    }
    assert.equal(parseThemeName("midnight-2"), "midnight-2");
  });
});

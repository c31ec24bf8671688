import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../config.ts";
import { loadThemeCatalog } from "./theme-catalog.ts";
import { parseTheme, parseThemeName, ThemeError } from "./theme-file.ts";

const shipped = join(repoRoot, "themes");
const base = () => JSON.parse(readFileSync(join(shipped, "default.json"), "utf8"));

describe("theme files", () => {
  it("accepts every shipped theme (themes/*.json)", () => {
    const catalog = loadThemeCatalog(shipped, "default");
    for (const name of ["default", "midnight", "harbor"]) assert.ok(catalog.themes.has(name), name);
    assert.equal(catalog.themes.get("default")?.name, "Levee");
    assert.equal(catalog.themes.get("midnight")?.scheme, "dark");
  });

  it("refuses a theme file that fails the schema, naming its path and every problem", () => {
    const dir = mkdtempSync(join(tmpdir(), "levee-themes-"));
    try {
      writeFileSync(join(dir, "default.json"), JSON.stringify(base()));
      const bad = base();
      bad.colors.light.primary = "blue";
      bad.primay = "#fff";
      delete bad.colors.dark;
      writeFileSync(join(dir, "acme.json"), JSON.stringify(bad));
      writeFileSync(join(dir, "broken.json"), "{ nope");
      assert.throws(
        () => loadThemeCatalog(dir, "default"),
        (error: Error) => {
          assert.ok(error instanceof ThemeError);
          assert.ok(error.message.includes(`${join(dir, "acme.json")}:`), error.message);
          assert.match(error.message, /colors\.light\.primary: must be a hex colour .*\(got "blue"\)/);
          assert.match(error.message, /colors\.dark: is required/);
          assert.match(error.message, /primay/);
          assert.ok(error.message.includes(`${join(dir, "broken.json")}: not valid JSON`));
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses an unknown LEVEE_THEME and a file name that is not a theme name", () => {
    assert.throws(() => loadThemeCatalog(shipped, "nope"), /LEVEE_THEME=nope: no .*nope\.json/);
    const dir = mkdtempSync(join(tmpdir(), "levee-themes-"));
    try {
      writeFileSync(join(dir, "Bad Name.json"), JSON.stringify(base()));
      assert.throws(() => loadThemeCatalog(dir, "default"), /Invalid theme name "Bad Name"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects unsafe fonts, bad radius and logos outside /public or https", () => {
    const bad = base();
    bad.fonts.sans = "Inter; background: red";
    bad.radius = "8";
    bad.logo = "javascript:alert(1)";
    bad.favicon = "//evil.test/x.ico";
    assert.throws(
      () => parseTheme(bad, "x.json"),
      (error: Error) => {
        for (const part of [
          /fonts\.sans: font stack/,
          /radius: radius must be/,
          /logo: logo must/,
          /favicon: favicon must/,
        ])
          assert.match(error.message, part);
        return true;
      },
    );
    for (const name of ["../etc/passwd", "..", "a/b", "Default", ""])
      assert.throws(() => parseThemeName(name));
  });
});

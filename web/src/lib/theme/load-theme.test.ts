import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { findThemesDir, loadTheme, selectedThemeName } from "./load-theme";

describe("loadTheme", () => {
  it("finds themes/ from the repo root and from web/", () => {
    const fromRoot = findThemesDir();
    assert.equal(findThemesDir(join(fromRoot, "..", "web", "src")), fromRoot);
  });

  it("loads the default and midnight themes", async () => {
    assert.equal((await loadTheme("default")).name, "Levee");
    assert.equal((await loadTheme("midnight")).scheme, "dark");
  });

  it("selects LEVEE_THEME, falling back to default", () => {
    assert.equal(selectedThemeName({}), "default");
    assert.equal(selectedThemeName({ LEVEE_THEME: " " }), "default");
    assert.equal(selectedThemeName({ LEVEE_THEME: "midnight" }), "midnight");
  });

  it("refuses traversal before touching the file system", async () => {
    await assert.rejects(loadTheme("../package"), {
      name: "ThemeError",
      message: /Invalid theme name "..\/package"/,
    });
  });

  it("reports missing, malformed and invalid theme files clearly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "levee-themes-"));
    writeFileSync(join(dir, "broken.json"), "{ nope");
    writeFileSync(join(dir, "empty.json"), "{}");
    try {
      await assert.rejects(loadTheme("absent", dir), /Cannot load theme "absent" from .*file does not exist/);
      await assert.rejects(loadTheme("broken", dir), /broken\.json is not valid JSON/);
      await assert.rejects(loadTheme("empty", dir), /Invalid theme "empty" .*colors: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

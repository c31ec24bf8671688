// `npm run themes:check [dir]`: validates every themes/*.json as the API does at start-up and prints each
// refused file with its path and problems (exit 1), or the themes found (exit 0).
import { join } from "node:path";
import { loadThemeCatalog } from "../src/branding/theme-catalog.ts";
import { ThemeError } from "../src/branding/theme-file.ts";
import { repoRoot } from "../src/config.ts";

const dir = process.argv[2] ?? process.env.LEVEE_THEMES_DIR ?? join(repoRoot, "themes");
try {
  const catalog = loadThemeCatalog(dir, process.env.LEVEE_THEME?.trim() || "default");
  for (const [name, theme] of catalog.themes)
    console.log(`ok  ${join(dir, `${name}.json`)}  (${theme.name})`);
} catch (error) {
  if (!(error instanceof ThemeError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// Server-only: reads themes/<name>.json from the repo root and validates it against the theme schema.
// Pure module (fs + zod, no next/*), so node:test can exercise it from the repo root.
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseTheme, parseThemeName, type Theme, ThemeError } from "./theme-schema";

export const DEFAULT_THEME = "default";
export const DEFAULT_DARK_THEME = "midnight";

/**
 * The directory holding themes/: the nearest ancestor of `start` that has one. `next start` runs in web/
 * while the test runner runs in the repo root, so walking up covers both without hard-coded depths.
 */
export function findThemesDir(start: string = process.cwd()): string {
  // turbopackIgnore: themes are read at runtime from the checkout; don't trace the whole repo into the build.
  let dir = resolve(/* turbopackIgnore: true */ start);
  for (;;) {
    const candidate = join(dir, "themes");
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new ThemeError(`No themes/ directory found in ${start} or any parent directory`);
    dir = parent;
  }
}

/** The theme selected by the LEVEE_THEME environment variable (default "default"). */
export function selectedThemeName(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const name = env.LEVEE_THEME?.trim();
  return name ? name : DEFAULT_THEME;
}

/** Loads and validates themes/<name>.json; throws ThemeError with a readable message on any problem. */
export async function loadTheme(name: string, themesDir: string = findThemesDir()): Promise<Theme> {
  const safeName = parseThemeName(name);
  const file = join(themesDir, `${safeName}.json`);
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "file does not exist" : String(error);
    throw new ThemeError(`Cannot load theme "${safeName}" from ${file}: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ThemeError(`Theme file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseTheme(json, `"${safeName}" (${file})`);
}

/** The theme used in dark mode: LEVEE_DARK_THEME (default "midnight"). */
export function selectedDarkThemeName(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const name = env.LEVEE_DARK_THEME?.trim();
  return name ? name : DEFAULT_DARK_THEME;
}

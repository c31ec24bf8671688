// Every themes/*.json, read and validated once at start-up. A file that fails the schema is refused with
// its path: the API does not start (config error, exit 78), and `npm run themes:check` says the same.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTheme, parseThemeName, type Theme, ThemeError } from "./theme-file.ts";

export interface ThemeCatalog {
  readonly dir: string;
  readonly themes: ReadonlyMap<string, Theme>;
  /** LEVEE_THEME: the deployment's own look, and what unknown or private slugs get. */
  readonly defaultTheme: string;
}

/** Reads and validates every theme; throws ThemeError listing each bad file (path: problems). */
export function loadThemeCatalog(dir: string, defaultTheme: string): ThemeCatalog {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((file) => file.endsWith(".json"))
      .sort();
  } catch (error) {
    throw new ThemeError(`Cannot read the themes directory ${dir}: ${(error as Error).message}`);
  }
  const themes = new Map<string, Theme>();
  const problems: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    try {
      const name = parseThemeName(file.slice(0, -".json".length));
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(path, "utf8"));
      } catch (error) {
        throw new ThemeError(`${path}: not valid JSON (${(error as Error).message})`);
      }
      themes.set(name, parseTheme(json, path));
    } catch (error) {
      problems.push(error instanceof ThemeError ? error.message : `${path}: ${String(error)}`);
    }
  }
  if (problems.length > 0) throw new ThemeError(`Invalid theme file(s):\n  ${problems.join("\n  ")}`);
  if (!themes.has(defaultTheme))
    throw new ThemeError(
      `LEVEE_THEME=${defaultTheme}: no ${join(dir, `${defaultTheme}.json`)} (have: ${[...themes.keys()].join(", ")})`,
    );
  return { dir, themes, defaultTheme };
}

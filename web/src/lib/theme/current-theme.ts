// The theme for the current request, chosen by LEVEE_THEME (default "default") and read from
// themes/<name>.json at request time, so a theme change needs a restart but not a rebuild.
import { connection } from "next/server";
import { cache } from "react";
import { loadTheme, selectedDarkThemeName, selectedThemeName } from "./load-theme";
import type { Theme } from "./theme-schema";

/** Memoised per request: the layout, metadata and pages share one read of the theme file. */
export const getTheme = cache(async (): Promise<Theme> => {
  await connection();
  return loadTheme(selectedThemeName());
});

export const getDarkTheme = cache(async (): Promise<Theme> => {
  await connection();
  return loadTheme(selectedDarkThemeName());
});

// Pure mapping from a validated theme to the CSS custom properties that globals.css exposes to Tailwind
// (bg-primary, text-muted, font-mono, rounded-theme …). Keep the names in sync with the @theme block there.
import type { Theme } from "./theme-schema";

export type ThemeCssVariables = Readonly<Record<`--${string}`, string>>;

export function themeCssVariables(theme: Theme): ThemeCssVariables {
  const variables: Record<`--${string}`, string> = {};
  for (const [name, value] of Object.entries(theme.colors)) variables[`--color-${name}`] = value;
  variables["--font-sans"] = theme.fonts.sans;
  variables["--font-mono"] = theme.fonts.mono;
  variables["--radius"] = theme.radius;
  return variables;
}

/** Inline style for <html>: the variables plus color-scheme so native controls match dark themes. */
export function themeStyle(theme: Theme): Readonly<Record<string, string>> {
  return { ...themeCssVariables(theme), colorScheme: theme.scheme };
}

/** The same variables as a declaration list, e.g. for a <style> block: `--color-primary: #1d4ed8; …`. */
export function themeCssText(theme: Theme): string {
  return Object.entries(themeCssVariables(theme))
    .map(([name, value]) => `${name}: ${value};`)
    .concat(`color-scheme: ${theme.scheme};`)
    .join(" ");
}

/** The dark counterpart's variables, prefixed --dark- (globals.css swaps them in for dark mode). */
export function darkThemeStyle(theme: Theme): Readonly<Record<string, string>> {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(theme.colors)) variables[`--dark-color-${name}`] = value;
  return variables;
}

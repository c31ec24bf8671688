// Which look a workspace shows: its own choices first, then its MSP parent's, then the grandparent's …,
// then the deployment default (LEVEE_THEME). Each choice is inherited on its own, so a customer that only
// renames itself keeps the MSP's theme and logo. Pure: the service loads the chain, this decides.
import type { Palette, Theme } from "./theme-file.ts";

/** A workspace's own overrides; null means "inherit". */
export interface BrandingChoice {
  theme: string | null;
  accent: string | null;
  logo: string | null;
  productName: string | null;
}

/** Everything a page, status page or e-mail needs to look like the tenant. */
export interface Branding {
  theme: string;
  productName: string;
  logo: string;
  favicon: string;
  scheme: Theme["scheme"];
  light: Palette;
  dark: Palette;
  fontSans: string;
  fontMono: string;
  radius: string;
}

const firstSet = <K extends keyof BrandingChoice>(chain: readonly BrandingChoice[], key: K) =>
  chain.find((choice) => choice[key] !== null)?.[key] ?? null;

/**
 * `chain` is the workspace's own choice first, then each ancestor's (nearest first); an empty chain is the
 * deployment default. A theme name no longer on disk falls back to the default rather than failing a page.
 */
export function resolveBranding(
  chain: readonly BrandingChoice[],
  themes: ReadonlyMap<string, Theme>,
  defaultTheme: string,
): Branding {
  const wanted = firstSet(chain, "theme");
  const themeName = wanted && themes.has(wanted) ? wanted : defaultTheme;
  const theme = themes.get(themeName);
  if (!theme) throw new Error(`default theme ${defaultTheme} is not loaded`);
  const accent = firstSet(chain, "accent");
  const logo = firstSet(chain, "logo");
  return {
    theme: themeName,
    productName: firstSet(chain, "productName") ?? theme.name,
    logo: logo ?? theme.logo,
    // An overridden logo is the favicon too: the theme's favicon may be another brand's mark.
    favicon: logo ?? theme.favicon ?? theme.logo,
    scheme: theme.scheme,
    light: accent ? { ...theme.colors.light, accent } : theme.colors.light,
    dark: accent ? { ...theme.colors.dark, accent } : theme.colors.dark,
    fontSans: theme.fonts.sans,
    fontMono: theme.fonts.mono,
    radius: theme.radius,
  };
}

// The resolved look of a page, as the API answers it (Branding), and what the page does with it: CSS
// custom properties on <html> (globals.css maps them to Tailwind utilities), the product name and the
// favicon. Pure, so node:test checks it; the status page picks all of it up through the root layout.
import type { BrandingFieldsFragment } from "@/lib/graphql/generated/graphql";

export type Branding = Omit<BrandingFieldsFragment, "__typename">;
type Palette = Branding["light"];

const COLOURS = [
  "primary",
  "accent",
  "background",
  "surface",
  "text",
  "muted",
  "success",
  "warning",
  "danger",
] as const;

/**
 * What a page shows when the API cannot say whose it is (the API is down): neutral, naming no product,
 * so a white-labelled tenant's visitors never see another brand, not even during an outage.
 */
export const NEUTRAL_BRANDING: Branding = {
  theme: "neutral",
  productName: "",
  logo: "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxIDEiLz4=",
  favicon: "data:,",
  scheme: "SYSTEM",
  fontSans: "ui-sans-serif, system-ui, sans-serif",
  fontMono: "ui-monospace, monospace",
  radius: "0.375rem",
  light: {
    primary: "#1f2937",
    accent: "#475569",
    background: "#f8fafc",
    surface: "#ffffff",
    text: "#0f172a",
    muted: "#64748b",
    success: "#15803d",
    warning: "#b45309",
    danger: "#b91c1c",
  },
  dark: {
    primary: "#e2e8f0",
    accent: "#cbd5e1",
    background: "#0b1120",
    surface: "#111827",
    text: "#e2e8f0",
    muted: "#94a3b8",
    success: "#4ade80",
    warning: "#fbbf24",
    danger: "#f87171",
  },
};

/** Inline style for <html>: the light palette as --color-*, the dark one as --dark-color-*, fonts, radius. */
export function brandingStyle(branding: Branding): Record<string, string> {
  const style: Record<string, string> = {};
  const palette = (prefix: string, colours: Palette) => {
    for (const name of COLOURS) style[`${prefix}${name}`] = colours[name];
  };
  palette("--color-", branding.light);
  palette("--dark-color-", branding.dark);
  style["--font-sans"] = branding.fontSans;
  style["--font-mono"] = branding.fontMono;
  style["--radius"] = branding.radius;
  return style;
}

/** The viewer's choice wins; without one, a theme may insist on light or dark ("system": the OS decides). */
export function schemeClass(cookie: "system" | "light" | "dark", branding: Branding): string | undefined {
  if (cookie !== "system") return cookie;
  return branding.scheme === "SYSTEM" ? undefined : branding.scheme.toLowerCase();
}

/** Page titles: "Nodes · Harbor Shield", or just "Nodes" when no product name is known. */
export function titleTemplate(branding: Branding): { default: string; template: string } {
  return branding.productName
    ? { default: branding.productName, template: `%s · ${branding.productName}` }
    : { default: "Sign in", template: "%s" };
}

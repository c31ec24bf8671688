// The contract every white-label theme in themes/*.json satisfies (documented in themes/README.md): name,
// logo, favicon, fonts, radius and a light and a dark palette. Pure (zod only): the API loads the
// files at start-up (theme-catalog.ts), `npm run themes:check` and the tests run the same parse.
import { z } from "zod";

const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const CSS_LENGTH = /^(?:0|\d+(?:\.\d+)?(?:px|rem|em))$/;
// Characters that could end a CSS declaration or an HTML attribute when the value is injected.
const CSS_UNSAFE = /[;{}<>\\\n\r]/;

/** A theme's file name (without .json); restricted so it can never escape the themes directory. */
export const themeNameSchema = z
  .string()
  .max(64, "theme name must be at most 64 characters")
  .regex(/^[a-z0-9-]+$/, "theme name may only contain a-z, 0-9 and '-'");

export const hexColour = z.string().regex(HEX_COLOUR, "must be a hex colour like #1d4ed8 or #fff");

const fontStack = z
  .string()
  .trim()
  .min(1, "font stack must not be empty")
  .refine((value) => !CSS_UNSAFE.test(value), "font stack must not contain ; { } < > \\ or newlines");

/** A path served from web/public (no traversal, no protocol-relative URL) or an https:// URL. */
export function isImageReference(value: string): boolean {
  if (value.startsWith("https://")) return URL.canParse(value) && !/["'<>\s]/.test(value);
  return /^\/[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/.test(value) && !value.split("/").includes("..");
}

const image = (what: string) =>
  z
    .string()
    .refine(
      isImageReference,
      `${what} must be a path under /public (e.g. /levee-logo.svg) or an https:// URL`,
    );

export const paletteSchema = z.strictObject({
  primary: hexColour,
  accent: hexColour,
  background: hexColour,
  surface: hexColour,
  text: hexColour,
  muted: hexColour,
  success: hexColour,
  warning: hexColour,
  danger: hexColour,
});

export const themeSchema = z.strictObject({
  name: z.string().trim().min(1, "name must not be empty").max(60, "name must be at most 60 characters"),
  logo: image("logo"),
  /** Defaults to the logo. */
  favicon: image("favicon").optional(),
  /** The scheme shown until the viewer picks one: the system's preference, or always light / dark. */
  scheme: z.enum(["system", "light", "dark"], "scheme must be 'system', 'light' or 'dark'").default("system"),
  colors: z.strictObject({ light: paletteSchema, dark: paletteSchema }),
  fonts: z.strictObject({ sans: fontStack, mono: fontStack }),
  radius: z.string().regex(CSS_LENGTH, "radius must be 0 or a length in px, rem or em (e.g. 0.5rem)"),
});

export type Theme = z.infer<typeof themeSchema>;
export type Palette = z.infer<typeof paletteSchema>;

export class ThemeError extends Error {
  override name = "ThemeError";
}

/** One line per problem, e.g. `colors.light.primary: must be a hex colour … (got "blue")`. */
function describeIssues(error: z.ZodError, input: unknown): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join(".") || "(root)";
      let value: unknown = input;
      for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
      if (value === undefined && issue.code === "invalid_type") return `${path}: is required`;
      const got = typeof value === "string" ? ` (got ${JSON.stringify(value)})` : "";
      return `${path}: ${issue.message}${got}`;
    })
    .join("; ");
}

export function parseThemeName(name: unknown): string {
  const result = themeNameSchema.safeParse(name);
  if (!result.success)
    throw new ThemeError(`Invalid theme name ${JSON.stringify(name)}: ${result.error.issues[0]?.message}`);
  return result.data;
}

/** Validates parsed theme JSON; `source` (the file's path) starts the error message. */
export function parseTheme(input: unknown, source: string): Theme {
  const result = themeSchema.safeParse(input);
  if (!result.success) throw new ThemeError(`${source}: ${describeIssues(result.error, input)}`);
  return result.data;
}

// The contract every white-label theme in themes/*.json must satisfy (documented in themes/README.md).
// Pure module: no next/* imports, so node:test can load it directly.
import { z } from "zod";

const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const CSS_LENGTH = /^(?:0|\d+(?:\.\d+)?(?:px|rem|em))$/;
// Characters that could end a CSS declaration or an HTML attribute when the value is injected.
const CSS_UNSAFE = /[;{}<>\\\n\r]/;

export const THEME_NAME_PATTERN = /^[a-z0-9-]+$/;

/** A theme's file name (without .json); restricted so it can never escape the themes directory. */
export const themeNameSchema = z
  .string()
  .max(64, "theme name must be at most 64 characters")
  .regex(THEME_NAME_PATTERN, "theme name may only contain a-z, 0-9 and '-'");

const hexColour = z.string().regex(HEX_COLOUR, "must be a hex colour like #1d4ed8 or #fff");

const fontStack = z
  .string()
  .trim()
  .min(1, "font stack must not be empty")
  .refine((value) => !CSS_UNSAFE.test(value), "font stack must not contain ; { } < > \\ or newlines");

function isLogoReference(value: string): boolean {
  if (value.startsWith("https://")) return URL.canParse(value);
  // A path served from web/public, e.g. /levee-logo.svg or /brands/acme.png — no traversal, no protocol-relative URLs.
  return /^\/[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/.test(value) && !value.split("/").includes("..");
}

export const themeSchema = z.strictObject({
  name: z.string().trim().min(1, "name must not be empty").max(60, "name must be at most 60 characters"),
  logo: z
    .string()
    .refine(isLogoReference, "logo must be a path under /public (e.g. /levee-logo.svg) or an https:// URL"),
  scheme: z.enum(["light", "dark"], "scheme must be 'light' or 'dark'").default("light"),
  colors: z.strictObject({
    primary: hexColour,
    accent: hexColour,
    background: hexColour,
    surface: hexColour,
    text: hexColour,
    muted: hexColour,
    success: hexColour,
    warning: hexColour,
    danger: hexColour,
  }),
  fonts: z.strictObject({ sans: fontStack, mono: fontStack }),
  radius: z.string().regex(CSS_LENGTH, "radius must be 0 or a length in px, rem or em (e.g. 0.5rem)"),
});

export type Theme = z.infer<typeof themeSchema>;
export type ThemeColour = keyof Theme["colors"];

export class ThemeError extends Error {
  override name = "ThemeError";
}

/** Turns zod issues into one line per problem, e.g. `colors.primary: must be a hex colour … (got "blue")`. */
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

/** Validates a theme file name; throws ThemeError naming the offending value. */
export function parseThemeName(name: unknown): string {
  const result = themeNameSchema.safeParse(name);
  if (!result.success) {
    throw new ThemeError(`Invalid theme name ${JSON.stringify(name)}: ${result.error.issues[0]?.message}`);
  }
  return result.data;
}

/** Validates parsed theme JSON; `source` names the file in the error message. */
export function parseTheme(input: unknown, source: string): Theme {
  const result = themeSchema.safeParse(input);
  if (!result.success)
    throw new ThemeError(`Invalid theme ${source}: ${describeIssues(result.error, input)}`);
  return result.data;
}

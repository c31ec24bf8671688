// The viewer's light/dark choice, kept in a plain cookie so the server renders the right class on <html>
// (no flash, and no inline script, which a strict Content-Security-Policy would block).
export type Scheme = "system" | "light" | "dark";
export const SCHEME_COOKIE = "levee_scheme";

export function parseScheme(value: string | undefined): Scheme {
  return value === "light" || value === "dark" ? value : "system";
}

export function nextScheme(current: Scheme): Scheme {
  return current === "system" ? "light" : current === "light" ? "dark" : "system";
}

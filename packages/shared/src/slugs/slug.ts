// The one set of slug rules: a workspace's slug names its dashboard (/w/<slug>) and its public status page
// (/s/<slug>), so the API (creating workspaces, answering statusPage(slug)) and the web app (routing,
// checking a slug from the URL before anything is fetched) must agree on it to the character.

/** 1–48 lower-case ASCII letters, digits and inner hyphens. */
export const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/** Words the web app routes on or that read as official; a tenant cannot take them. */
const RESERVED = new Set(
  "admin api app auth dashboard graphql healthz invite levee login logout metrics new s settings signup status static w www".split(
    " ",
  ),
);

export const isReservedSlug = (slug: string) => RESERVED.has(slug);

export type StatusSlugProblem = "empty" | "too-long" | "idn" | "characters" | "reserved";

export const STATUS_SLUG_MESSAGE: Readonly<Record<StatusSlugProblem, string>> = {
  empty: "a status page slug must not be empty",
  "too-long": "a status page slug is at most 48 characters",
  idn: "internationalised (IDN/punycode) slugs are not used by status pages; use lower-case ASCII",
  characters: "a status page slug is lower-case letters, digits and inner hyphens",
  reserved: "this word is reserved and names no status page",
};

/**
 * The slug of a public status page as a visitor typed it, checked before any lookup, so a malformed one
 * costs no query and every refusal says why. A well-formed slug that names no public page is not an error
 * here: callers answer it exactly like a private page (null / 404).
 */
export function statusSlugProblem(slug: string): StatusSlugProblem | null {
  if (slug.length === 0) return "empty";
  if (slug.length > 48) return "too-long";
  // Non-ASCII (a look-alike "аcme" with a Cyrillic а) or its punycode form: never a workspace slug.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/[^\x00-\x7f]/.test(slug) || slug.startsWith("xn--")) return "idn";
  if (!slugPattern.test(slug)) return "characters";
  if (isReservedSlug(slug)) return "reserved";
  return null;
}

/** The same check of a route param as a router hands it over, still percent-encoded (decoding may fail). */
export function encodedStatusSlugProblem(raw: string): StatusSlugProblem | null {
  try {
    return statusSlugProblem(decodeURIComponent(raw));
  } catch {
    return "characters";
  }
}

// A status page slug from the URL, checked as the API checks it (api/src/status-pages/status-slug.ts)
// before anything is fetched: a slug that cannot name a page is answered at once, and says why.
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;
const RESERVED = new Set(
  "admin api app auth dashboard graphql healthz invite levee login logout metrics new s settings signup status static w www".split(
    " ",
  ),
);

export type StatusSlugProblem = "empty" | "too-long" | "idn" | "characters" | "reserved";

export const STATUS_SLUG_MESSAGE: Record<StatusSlugProblem, string> = {
  empty: "a status page slug must not be empty",
  "too-long": "a status page slug is at most 48 characters",
  idn: "internationalised (IDN/punycode) slugs are not used by status pages; use lower-case ASCII",
  characters: "a status page slug is lower-case letters, digits and inner hyphens",
  reserved: "this word is reserved and names no status page",
};

/** `raw` as Next hands over a route param (percent-decoding is done here, once, and may fail). */
export function statusSlugProblem(raw: string): StatusSlugProblem | null {
  let slug: string;
  try {
    slug = decodeURIComponent(raw);
  } catch {
    return "characters";
  }
  if (slug.length === 0) return "empty";
  if (slug.length > 48) return "too-long";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/[^\x00-\x7f]/.test(slug) || slug.startsWith("xn--")) return "idn";
  if (!SLUG.test(slug)) return "characters";
  if (RESERVED.has(slug)) return "reserved";
  return null;
}

// Workspace URL names, checked as the API checks them (1–48 lower-case letters, digits or inner hyphens),
// and a suggestion derived from the name the user types.
// The hyphen is escaped: browsers compile the `pattern` attribute with the v flag, where a bare `-` at the
// end of a class is a syntax error (and the field would go unchecked).
export const SLUG_PATTERN = "[a-z0-9](?:[a-z0-9\\-]{0,46}[a-z0-9])?";
const SLUG = new RegExp(`^${SLUG_PATTERN}$`);

export function isValidSlug(slug: string): boolean {
  return SLUG.test(slug);
}

export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
}

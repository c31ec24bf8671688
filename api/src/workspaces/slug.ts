import { ConflictError, ValidationError } from "../errors.ts";

/** Words the web app routes on or that read as official; a tenant cannot take them. */
const reserved = new Set(
  "admin api app auth dashboard graphql healthz invite levee login logout metrics new s settings signup status static w www".split(
    " ",
  ),
);

export const isReservedSlug = (slug: string) => reserved.has(slug);

export const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

export function assertValidSlug(slug: string, path = "input.slug"): void {
  if (!slugPattern.test(slug)) {
    throw ValidationError.field(path, "must be 1–48 lower-case letters, digits or inner hyphens");
  }
}

/**
 * Slugs are global (they name status-page URLs), so a taken one must be refused; the answer
 * is the same for a reserved word and for a slug any workspace holds, and never says whose.
 */
export async function assertSlugAvailable(slug: string, taken: (slug: string) => Promise<boolean>) {
  if (reserved.has(slug) || (await taken(slug)))
    throw new ConflictError("This slug is not available; choose another");
}

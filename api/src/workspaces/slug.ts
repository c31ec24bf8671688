import { isReservedSlug, slugPattern } from "@levee/shared/slug";
import { ConflictError, ValidationError } from "../errors.ts";

// The rules themselves live in @levee/shared/slug (the web app routes by them too).

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
  if (isReservedSlug(slug) || (await taken(slug)))
    throw new ConflictError("This slug is not available; choose another");
}

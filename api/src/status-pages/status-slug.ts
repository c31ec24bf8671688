// The slug of a public status page, as a visitor types it: checked before any lookup, so a malformed
// one costs no query and every refusal says why. A well-formed slug that names no public page is not
// an error here: the caller answers it exactly like a private page (null / 404).
import { isReservedSlug, slugPattern } from "../workspaces/slug.ts";

export type StatusSlugProblem = "empty" | "too-long" | "idn" | "characters" | "reserved";

const MESSAGES: Record<StatusSlugProblem, string> = {
  empty: "a status page slug must not be empty",
  "too-long": "a status page slug is at most 48 characters",
  idn: "internationalised (IDN/punycode) slugs are not used by status pages; use lower-case ASCII",
  characters: "a status page slug is lower-case letters, digits and inner hyphens",
  reserved: "this word is reserved and names no status page",
};

export function statusSlugProblem(raw: string): StatusSlugProblem | null {
  if (raw.length === 0) return "empty";
  if (raw.length > 48) return "too-long";
  // Non-ASCII (a look-alike "аcme" with a Cyrillic а) or its punycode form: never a workspace slug.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/[^\x00-\x7f]/.test(raw) || raw.startsWith("xn--")) return "idn";
  if (!slugPattern.test(raw)) return "characters";
  if (isReservedSlug(raw)) return "reserved";
  return null;
}

export const statusSlugMessage = (problem: StatusSlugProblem) => MESSAGES[problem];

/**
 * `text` to match literally inside a LIKE pattern. Prisma hands `contains`/`startsWith` values to
 * LIKE as they are: a "%" or "_" in them would match anything, a "\" would escape what follows.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

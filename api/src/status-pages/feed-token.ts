// A password-protected page's feed link: a secret in the query of its status.json and Atom feed
// (`?token=`), for feed readers and integrations, which cannot enter a password. 32 random bytes.
// The database keeps its sha256 (what a request is compared with, in constant time) and the token
// sealed with LEVEE_SECRET_KEY, so whoever may edit the page can read the link again in the
// dashboard; the seal's authenticated data is the page's workspace and a digest of the password's
// stored hash, as the visitors' proofs (page-access.ts), so a link sealed under an earlier password
// never opens, and the service replaces the link when the password changes and clears it when the
// password is removed (a page without one has a public feed). Neither column is the token itself.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { SecretBox } from "../secrets/secret-box.ts";
import { passwordDigest } from "./page-access.ts";

/** What a token looks like (32 bytes, base64url): anything else is refused before any compare. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const feedContext = (workspaceId: string, passwordHash: string) =>
  `status-page-feed:${workspaceId}:${passwordDigest(passwordHash)}`;

const digest = (token: string) => createHash("sha256").update(token).digest();

export interface FeedTokenRow {
  feedTokenHash: string;
  feedTokenSealed: string;
}

/** A new link's token and the two columns that keep it. */
export function newFeedToken(
  secrets: SecretBox,
  workspaceId: string,
  passwordHash: string,
): { token: string; row: FeedTokenRow } {
  const token = randomBytes(32).toString("base64url");
  return {
    token,
    row: {
      feedTokenHash: digest(token).toString("hex"),
      feedTokenSealed: secrets.seal(token, feedContext(workspaceId, passwordHash)),
    },
  };
}

/** The token presented opens the page's feed: same digest, compared in constant time. */
export function feedTokenOpens(feedTokenHash: string | null, token: string | null | undefined): boolean {
  if (!feedTokenHash || !token || !FEED_TOKEN_PATTERN.test(token)) return false;
  const stored = Buffer.from(feedTokenHash, "hex");
  const presented = digest(token);
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}

/** The page's current token, for its editors; null without one, or sealed under another password. */
export function readFeedToken(
  secrets: SecretBox,
  page: { workspaceId: string; accessPasswordHash: string | null; feedTokenSealed: string | null },
): string | null {
  if (!page.accessPasswordHash || !page.feedTokenSealed || !secrets.available) return null;
  try {
    return secrets.open(page.feedTokenSealed, feedContext(page.workspaceId, page.accessPasswordHash));
  } catch {
    return null;
  }
}

// A status page's access password. An enabled public page with one shows visitors a password form
// (statusPageLock) until they enter it (unlockStatusPage); the API then gives them a proof, sealed
// with LEVEE_SECRET_KEY (secret-box.ts) over the page's workspace and a digest of the password's
// stored hash: a new or cleared password (a new salt, a new hash) opens no earlier proof. The web app
// keeps the proof in an HttpOnly cookie and passes it back as the public fields' `access` argument.
import { createHash } from "node:crypto";
import { verifyPassword } from "../auth/credentials.ts";
import type { SecretBox } from "../secrets/secret-box.ts";

/** How long a proof is good for; the visitor enters the password again after it. */
export const ACCESS_TTL_MS = 30 * 86_400_000;
export const ACCESS_PASSWORD_MIN = 8;
export const ACCESS_PASSWORD_MAX = 256;

/** A short digest of the password's stored hash: what ties a proof or a feed link to this password. */
export const passwordDigest = (passwordHash: string) =>
  createHash("sha256").update(passwordHash).digest("base64url").slice(0, 22);

/** The sealed proof's authenticated data: the page and its current password's hash. */
function accessContext(workspaceId: string, passwordHash: string): string {
  return `status-page-access:${workspaceId}:${passwordDigest(passwordHash)}`;
}

export interface IssuedAccess {
  access: string;
  expiresAt: Date;
}

export function issueAccess(
  secrets: SecretBox,
  workspaceId: string,
  passwordHash: string,
  now = new Date(),
): IssuedAccess {
  const expiresAt = new Date(now.getTime() + ACCESS_TTL_MS);
  return {
    access: secrets.seal(String(expiresAt.getTime()), accessContext(workspaceId, passwordHash)),
    expiresAt,
  };
}

/** The proof opens for this page and its current password, and has not expired. */
export function accessGranted(
  secrets: SecretBox,
  workspaceId: string,
  passwordHash: string,
  access: string | null | undefined,
  now = new Date(),
): boolean {
  if (!access || access.length > 512 || !secrets.available) return false;
  try {
    const until = Number(secrets.open(access, accessContext(workspaceId, passwordHash)));
    return Number.isFinite(until) && until > now.getTime();
  } catch {
    return false;
  }
}

/** scrypt, then a constant-time compare of the digests (credentials.ts). */
export function accessPasswordMatches(password: string, passwordHash: string): Promise<boolean> {
  return verifyPassword(password, passwordHash);
}

/**
 * Whether a page's data may be shown to this visitor: a page without a password to anyone, a
 * protected one to a visitor whose proof opens.
 */
export function mayView(
  secrets: SecretBox,
  page: { workspaceId: string; accessPasswordHash: string | null },
  access: string | null | undefined,
  now = new Date(),
): boolean {
  return (
    page.accessPasswordHash === null ||
    accessGranted(secrets, page.workspaceId, page.accessPasswordHash, access, now)
  );
}

// A password-protected status page's visitor proof (api/src/status-pages/page-access.ts): the API seals
// it, the web app keeps it in an HttpOnly cookie scoped to the page (`/s/<slug>` on the deployment's
// hosts, the whole custom domain there) and passes it back as the public fields' `access` argument.
// The cookie's name is neutral: on a custom domain it must not name the product serving the page.

export const ACCESS_COOKIE = "status_access";
/** What the API's proofs look like (a sealed value: `lv1.<key id>.<iv>.<body>`, base64url). */
const ACCESS_VALUE = /^[A-Za-z0-9._-]{1,512}$/;

/** The proof in a Cookie header, or undefined (a malformed one is as good as none). */
export function accessFromCookieHeader(header: string | null | undefined): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== ACCESS_COOKIE) continue;
    const value = rest.join("=");
    if (ACCESS_VALUE.test(value)) return value;
  }
  return undefined;
}

/**
 * The Set-Cookie header for a proof: HttpOnly, SameSite=Lax, Secure when the visitor came over https,
 * the page's path (`base`: `/s/<slug>`, or "" on a custom domain: the whole host), until it expires.
 */
export function accessCookie(
  access: string,
  { base, secure, expiresAt }: { base: string; secure: boolean; expiresAt: Date },
): string {
  const parts = [
    `${ACCESS_COOKIE}=${access}`,
    `Path=${base || "/"}`,
    `Expires=${expiresAt.toUTCString()}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** Where to go after the form: a path of this page only (its base or under it), else the page itself. */
export function returnPath(next: string | null | undefined, base: string): string {
  const home = base || "/";
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return home;
  if (base === "") return /^\/(?:incidents\/[0-9a-f]{16})?$/.test(next) ? next : home;
  if (next === base) return next;
  return next.startsWith(`${base}/`) && /^\/incidents\/[0-9a-f]{16}$/.test(next.slice(base.length))
    ? next
    : home;
}

/** The form's outcome, carried back in the page's query (`?access=`). */
export type AccessProblem = "wrong" | "limited" | "unavailable";
export function accessProblemOf(value: string | string[] | undefined): AccessProblem | null {
  return value === "wrong" || value === "limited" || value === "unavailable" ? value : null;
}

// Pure routing decisions for the dashboard, used by src/proxy.ts and by server components: which paths need
// a session, and where a signed-out visitor goes (sign-in, then back to where they were).

export const SESSION_COOKIE = "levee_session";

/**
 * Paths that show a tenant's data or the user's account; everything else (sign-in, sign-up,
 * /graphql, assets) is public.
 */
export function needsSession(pathname: string): boolean {
  return (
    pathname === "/" ||
    pathname === "/w" ||
    pathname.startsWith("/w/") ||
    pathname === "/new" ||
    pathname === "/account"
  );
}

const PROBE_ORIGIN = "http://return-path.invalid";

/**
 * Only same-site paths are accepted as a return address, so a crafted link cannot send users
 * elsewhere. Judged as the browser will read it: URL parsing drops tabs and newlines and reads `\`
 * as `/`, so `/<tab>/evil.test` is `//evil.test`, another site. What comes back is the parsed path,
 * never the raw string.
 */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next?.startsWith("/")) return "/";
  // Control characters have no place in a path we made; refuse rather than guess.
  for (const char of next) if (char < " " || char === "\u007f") return "/";
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== PROBE_ORIGIN) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

export function signInPath(returnTo: string): string {
  const back = safeReturnPath(returnTo);
  return back === "/" ? "/login" : `/login?next=${encodeURIComponent(back)}`;
}

/**
 * The dashboard's home: `/` on the deployment's own hosts (it opens the viewer's first workspace), but
 * on a workspace's custom domain `/` is its public status page, so there it is that workspace's
 * dashboard. `customDomainSlug`: the workspace the request's host is a verified custom domain of.
 */
export function dashboardHomePath(customDomainSlug: string | null): string {
  return customDomainSlug ? `/w/${customDomainSlug}` : "/";
}

/** Where sign-in sends the user: the page asked for, else the dashboard's home on this host. */
export function afterSignInPath(next: string, customDomainSlug: string | null): string {
  return next === "/" ? dashboardHomePath(customDomainSlug) : next;
}

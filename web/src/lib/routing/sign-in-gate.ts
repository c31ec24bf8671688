// Pure routing decisions for the dashboard, used by src/proxy.ts and by server components: which paths need
// a session, and where a signed-out visitor goes (sign-in, then back to where they were).

export const SESSION_COOKIE = "levee_session";

/** Paths that show a tenant's data; everything else (sign-in, sign-up, /graphql, assets) is public. */
export function needsSession(pathname: string): boolean {
  return pathname === "/" || pathname === "/w" || pathname.startsWith("/w/") || pathname === "/new";
}

/** Only same-site paths are accepted as a return address, so a crafted link cannot send users elsewhere. */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}

export function signInPath(returnTo: string): string {
  const back = safeReturnPath(returnTo);
  return back === "/" ? "/login" : `/login?next=${encodeURIComponent(back)}`;
}

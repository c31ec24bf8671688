// Next 16 proxy, before every page:
// - a visitor without a session cookie asking for a dashboard page goes to sign-in with the page
//   as `next` (the API still checks every request itself);
// - a fresh CSP nonce per request, set on the request (Next reads it there and adds it to the
//   scripts it renders) and on the response;
// - the page's own path in `x-levee-path`, so a server component that finds the session expired
//   can send the user back to the same place.
import { type NextRequest, NextResponse } from "next/server";
import { needsSession, SESSION_COOKIE, signInPath } from "@/lib/routing/sign-in-gate";
import { contentSecurityPolicy } from "@/lib/security/headers";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const path = `${pathname}${search}`;
  if (needsSession(pathname) && !request.cookies.has(SESSION_COOKIE)) {
    return NextResponse.redirect(new URL(signInPath(path), request.url));
  }
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  headers.set("x-levee-path", path);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

// Pages only: not the /graphql proxy, evidence downloads, Next's static files or public assets.
export const config = {
  matcher: [{ source: "/((?!graphql|evidence/|_next/static|_next/image|favicon|levee-logo|.*\\.svg$).*)" }],
};

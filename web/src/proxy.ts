// Next 16 proxy: a visitor without a session cookie asking for a dashboard page goes to sign-in with the page
// as `next`. Every page also gets its own path in `x-levee-path`, so a server component that finds the
// session expired can send the user back to the same place. The API still checks every request itself.
import { type NextRequest, NextResponse } from "next/server";
import { needsSession, SESSION_COOKIE, signInPath } from "@/lib/routing/sign-in-gate";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const path = `${pathname}${search}`;
  if (needsSession(pathname) && !request.cookies.has(SESSION_COOKIE)) {
    return NextResponse.redirect(new URL(signInPath(path), request.url));
  }
  const headers = new Headers(request.headers);
  headers.set("x-levee-path", path);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!_next/|graphql|evidence/|favicon|levee-logo).*)"] };

// Next 16 proxy, before every page:
// - the tenant whose look the page wears (lib/branding/host-routing.ts): by the workspace or status slug
//   in the path on the deployment's own hosts, by a verified custom domain's workspace on any other host
//   (`/` there is the status page); other hosts get a neutral 404 that names nobody;
// - a visitor without a session cookie asking for a dashboard page goes to sign-in with the page
//   as `next` (the API still checks every request itself);
// - a fresh CSP nonce per request, set on the request (Next reads it there and adds it to the
//   scripts it renders) and on the response;
// - the page's own path in `x-levee-path`, so a server component that finds the session expired
//   can send the user back to the same place.
import { type NextRequest, NextResponse } from "next/server";
import { domainSlug } from "@/lib/branding/domain-routes";
import {
  BRAND_HEADER,
  encodeBrandKey,
  hostnameOf,
  ownHosts,
  routeRequest,
  visibleHost,
} from "@/lib/branding/host-routing";
import { needsSession, SESSION_COOKIE, signInPath } from "@/lib/routing/sign-in-gate";
import { contentSecurityPolicy } from "@/lib/security/headers";

const own = ownHosts();

function plain(status: number, text: string) {
  return new NextResponse(text, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const path = `${pathname}${search}`;
  // The host the visitor asked for: web/server.ts sets X-Forwarded-Host from Host or a trusted proxy's.
  const host = hostnameOf(visibleHost((name) => request.headers.get(name)));
  let slug: string | null = null;
  if (!own.has(host)) {
    try {
      slug = await domainSlug(host);
    } catch {
      return plain(503, "Service unavailable");
    }
  }
  const route = routeRequest({ host, pathname, own, domainSlug: slug });
  if (route.action === "not-found") return plain(404, "Not found");
  if (route.action === "next" && needsSession(pathname) && !request.cookies.has(SESSION_COOKIE)) {
    return NextResponse.redirect(new URL(signInPath(path), request.url));
  }
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  headers.set("x-levee-path", path);
  headers.set(BRAND_HEADER, encodeBrandKey(route.brand)); // never the client's own value
  const response =
    route.action === "rewrite"
      ? // The query goes along: the confirm and unsubscribe links carry their token in it.
        NextResponse.rewrite(new URL(`${route.path}${search}`, request.url), { request: { headers } })
      : NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

// Pages only: not the /graphql proxy, evidence downloads, uploaded logos (any host), alert callbacks, Next's static files or public assets.
export const config = {
  matcher: [
    {
      source:
        "/((?!graphql|evidence/|branding/logo/|hooks/alerts/|_next/static|_next/image|favicon|levee-logo|brands/|.*\\.svg$).*)",
    },
  ],
};

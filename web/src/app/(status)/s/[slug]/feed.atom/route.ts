// The status page's Atom feed: incidents of the last 7 days, their operator updates and maintenance
// notices. A password-protected page's feed answers only a visitor whose access cookie opens the page
// (a browser that entered the password) or a feed reader given its feed link (`?token=`,
// lib/status/feed-link.ts); anyone else gets 401 (429 for a token that opens nothing, past the unlock
// attempts' limit). Never cached by shared caches. The feed's own links never carry the token.

import { encodedStatusSlugProblem, STATUS_SLUG_MESSAGE } from "@levee/shared/slug";
import { hostnameOf, ownHosts, visibleHost } from "@/lib/branding/host-routing";
import { visitorAddress } from "@/lib/http/client-address";
import { atomFeed } from "@/lib/status/atom-feed";
import { feedTokenOf } from "@/lib/status/feed-link";
import { loadStatusPage } from "@/lib/status/load-status-page";
import { accessFromCookieHeader } from "@/lib/status/page-access";

export const dynamic = "force-dynamic";

const own = ownHosts();

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const problem = encodedStatusSlugProblem(slug);
  const text = (body: string, status: number) =>
    new Response(body, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  if (problem) return text(STATUS_SLUG_MESSAGE[problem], 400);
  const feedToken = feedTokenOf(request.url);
  const { page, lock, limited } = await loadStatusPage(
    slug,
    visitorAddress((name) => request.headers.get(name)),
    feedToken ? { feedToken } : accessFromCookieHeader(request.headers.get("cookie")),
  );
  if (limited) return text("too many attempts", 429);
  if (!page && lock) return text("password required", 401);
  if (!page) return text("not found", 404);
  // The page's address as the visitor reached it: `/` of a custom domain (any host not our own: the
  // proxy answers 404 on every other), else /s/<slug>.
  const host = visibleHost((name) => request.headers.get(name));
  const onCustomDomain = !own.has(hostnameOf(host));
  const base = new URL(request.url);
  if (onCustomDomain) base.host = host;
  const url = new URL(onCustomDomain ? "/" : `/s/${slug}`, base).toString().replace(/\/$/, "");
  return new Response(atomFeed(page, url), {
    headers: {
      "content-type": "application/atom+xml; charset=utf-8",
      "cache-control": page.passwordProtected ? "private, no-store" : "public, max-age=30",
    },
  });
}

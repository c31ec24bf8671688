// The status page as JSON: what the page polls every few seconds and what integrations read. Cacheable
// by any shared cache for 2 s (the same answer for everyone); private and unknown pages are one 404. A
// password-protected page answers only a visitor whose access cookie opens it (the page's own polling
// sends it) or a request with its feed link's `?token=` (lib/status/feed-link.ts), `Cache-Control:
// private, no-store`; anyone else gets 401 `{"error":"password required"}`, and a token that opens
// nothing, past the unlock attempts' limit, 429.

import { encodedStatusSlugProblem, STATUS_SLUG_MESSAGE } from "@levee/shared/slug";
import { visitorAddress } from "@/lib/http/client-address";
import { feedTokenOf } from "@/lib/status/feed-link";
import { loadStatusPage } from "@/lib/status/load-status-page";
import { accessFromCookieHeader } from "@/lib/status/page-access";

export const dynamic = "force-dynamic";

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const problem = encodedStatusSlugProblem(slug);
  if (problem) return json({ error: STATUS_SLUG_MESSAGE[problem] }, 400, { "cache-control": "no-store" });
  const feedToken = feedTokenOf(request.url);
  const { page, lock, limited } = await loadStatusPage(
    slug,
    visitorAddress((name) => request.headers.get(name)),
    feedToken ? { feedToken } : accessFromCookieHeader(request.headers.get("cookie")),
  );
  if (limited) return json({ error: "too many attempts" }, 429, { "cache-control": "no-store" });
  if (!page && lock) return json({ error: "password required" }, 401, { "cache-control": "no-store" });
  if (!page) return json({ error: "not found" }, 404, { "cache-control": "no-store" });
  if (page.passwordProtected) return json(page, 200, { "cache-control": "private, no-store" });
  return json(page, 200, { "cache-control": "public, max-age=2, stale-while-revalidate=10" });
}

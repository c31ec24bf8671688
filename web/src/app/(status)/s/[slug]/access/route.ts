// The password form of a protected status page posts here (`/s/<slug>/access`, `/access` on the page's
// custom domain): the password goes to the API (unlockStatusPage, rate-limited per visitor address and
// per page), and the proof it gives back is set as the page's HttpOnly access cookie. Then 303 back to
// the page (or the incident page the form was shown on); a refusal comes back as `?access=wrong|limited`.

import { encodedStatusSlugProblem } from "@levee/shared/slug";
import { hostnameOf, ownHosts, visibleHost } from "@/lib/branding/host-routing";
import { UnlockStatusPageMutation } from "@/lib/graphql/operations/status-page";
import { boundedBody } from "@/lib/graphql/proxy-request";
import { apiGraphqlUrl, postGraphQL } from "@/lib/graphql/request";
import { visitorAddress } from "@/lib/http/client-address";
import { accessCookie, returnPath } from "@/lib/status/page-access";

export const dynamic = "force-dynamic";

/** The form is a password (≤ 256 characters) and a path: anything much larger is not it, and not read. */
export const ACCESS_FORM_MAX_BYTES = 8 * 1024;

const own = ownHosts();

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (encodedStatusSlugProblem(slug)) return new Response("not found", { status: 404 });
  const header = (name: string) => request.headers.get(name);
  const host = visibleHost(header);
  const onCustomDomain = !own.has(hostnameOf(host));
  const base = onCustomDomain ? "" : `/s/${slug}`;
  // Anyone may post here: the body is read only up to the form's size, never buffered whole.
  const raw = await boundedBody(request, ACCESS_FORM_MAX_BYTES);
  if (raw instanceof Response)
    return new Response("request body too large", {
      status: 413,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  const form = await new Response(raw, {
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  })
    .formData()
    .catch(() => null);
  const password = form?.get("password");
  const next = returnPath(String(form?.get("next") ?? ""), base);
  // Relative to the address the visitor used (the custom domain's own, the address bar kept).
  const origin = new URL(request.url);
  if (onCustomDomain) origin.host = host;
  const back = (problem?: string) => {
    const to = new URL(next, origin);
    if (problem) to.searchParams.set("access", problem);
    return to;
  };
  const redirect = (to: URL, cookie?: string) =>
    new Response(null, {
      status: 303,
      headers: {
        location: `${to.pathname}${to.search}`,
        "cache-control": "no-store",
        ...(cookie ? { "set-cookie": cookie } : {}),
      },
    });
  if (typeof password !== "string" || password.length === 0) return redirect(back("wrong"));
  const result = await postGraphQL(
    apiGraphqlUrl(),
    UnlockStatusPageMutation,
    { input: { slug, password } },
    { cache: "no-store", timeoutMs: 10_000, forwardedFor: visitorAddress(header) },
  ).catch(() => null);
  if (!result) return redirect(back("unavailable"));
  const payload = result.data?.unlockStatusPage;
  const code =
    (payload && "code" in payload ? payload.code : undefined) ?? result.errors[0]?.extensions?.code;
  if (payload?.__typename === "UnlockStatusPagePayload") {
    const proto = header("x-forwarded-proto")?.split(",")[0]?.trim();
    const secure = proto === "https" || origin.protocol === "https:";
    const cookie = accessCookie(String(payload.access), {
      base,
      secure,
      expiresAt: new Date(String(payload.expiresAt)),
    });
    return redirect(back(), cookie);
  }
  if (code === "RATE_LIMITED") return redirect(back("limited"));
  if (code === "NOT_FOUND") return redirect(back());
  if (code === "VALIDATION_ERROR" || code === "BAD_USER_INPUT") return redirect(back("wrong"));
  return redirect(back("unavailable"));
}

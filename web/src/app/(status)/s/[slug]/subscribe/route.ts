// A password-protected page's "Subscribe to updates" form posts here (`/s/<slug>/subscribe`, `/subscribe`
// on the page's custom domain) instead of /graphql: the page's access cookie is scoped to the page's path
// and HttpOnly, so only a route under that path can read it and pass it to the API as `access`. The
// body is a GraphQL request of which only the e-mail address and the chosen nodes' names are read; the
// mutation is always the one below, for the slug of the path. The answer is the API's, as /graphql
// would give it (the API checks the names against the page).

import { encodedStatusSlugProblem } from "@levee/shared/slug";
import { SubscribeToStatusPageMutation } from "@/lib/graphql/operations/status-page";
import { boundedBody } from "@/lib/graphql/proxy-request";
import { apiGraphqlUrl, postGraphQL } from "@/lib/graphql/request";
import { visitorAddress } from "@/lib/http/client-address";
import { accessFromCookieHeader } from "@/lib/status/page-access";

export const dynamic = "force-dynamic";

/**
 * The request carries one e-mail address (≤ 320 characters) and up to 100 node names (≤ 80 characters
 * each, as the page shows them; up to 3 bytes a character in UTF-8, 24 KB for a page in Japanese):
 * anything much larger is not read.
 */
export const SUBSCRIBE_MAX_BYTES = 32 * 1024;
const MAX_NODES = 100;
const MAX_NODE_NAME = 80;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (encodedStatusSlugProblem(slug)) return json({ errors: [{ message: "not found" }] }, 404);
  // Anyone may post here: the body is read only up to its size, never buffered whole.
  const raw = await boundedBody(request, SUBSCRIBE_MAX_BYTES);
  if (raw instanceof Response) return raw;
  let body: { variables?: { input?: { email?: unknown; nodes?: unknown } } } | null = null;
  try {
    body = JSON.parse(new TextDecoder().decode(raw));
  } catch {}
  const email = body?.variables?.input?.email;
  const nodes = body?.variables?.input?.nodes ?? null;
  const namesOk =
    nodes === null ||
    (Array.isArray(nodes) &&
      nodes.length <= MAX_NODES &&
      nodes.every((n) => typeof n === "string" && n.length <= MAX_NODE_NAME));
  if (typeof email !== "string" || email.length > 320 || !namesOk)
    return json({ errors: [{ message: "expected { variables: { input: { email, nodes? } } }" }] }, 400);
  const result = await postGraphQL(
    apiGraphqlUrl(),
    SubscribeToStatusPageMutation,
    {
      input: {
        slug,
        email,
        ...(nodes === null ? {} : { nodes: nodes as string[] }),
        access: accessFromCookieHeader(request.headers.get("cookie")),
      },
    },
    {
      cache: "no-store",
      timeoutMs: 10_000,
      forwardedFor: visitorAddress((name) => request.headers.get(name)),
    },
  ).catch(() => null);
  if (!result) return json({ errors: [{ message: "API unreachable" }] }, 502);
  return json({ data: result.data, errors: result.errors.length > 0 ? result.errors : undefined });
}

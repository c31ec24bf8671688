// Acknowledgement callbacks from PagerDuty, Slack and OpsGenie on the web origin (a custom domain included),
// forwarded to ${LEVEE_API_URL}/hooks/alerts/<channel>/<provider> with the raw body; the API checks the
// signature and answers, and its answer goes back as it is.
import { callbackUpstreamUrl, forwardedCallbackHeaders } from "@/lib/alerts/callback-forward";
import { apiGraphqlUrl } from "@/lib/graphql/request";

export const dynamic = "force-dynamic";

export async function POST(
  request: Request,
  { params }: { params: Promise<{ channel: string; provider: string }> },
) {
  const { channel, provider } = await params;
  const apiBase = apiGraphqlUrl().replace(/\/graphql$/, "");
  const target = callbackUpstreamUrl(apiBase, channel, provider, new URL(request.url).search);
  if (!target) return new Response("Not found", { status: 404 });
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: "POST",
      headers: forwardedCallbackHeaders(request.headers),
      body: await request.arrayBuffer(),
      cache: "no-store",
      redirect: "manual",
    });
  } catch {
    return new Response("The API is unreachable", { status: 502 });
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      "content-type": upstream.headers.get("content-type") ?? "application/json",
      "cache-control": "no-store",
    },
  });
}

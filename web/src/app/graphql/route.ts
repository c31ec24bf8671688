// Same-origin GraphQL endpoint for the browser: forwards each request to ${LEVEE_API_URL}/graphql, read at
// request time (unlike a next.config.ts rewrite, which is fixed when `next build` runs). The API's Set-Cookie
// headers are passed back, so its HTTP-only levee_session cookie lives on the web origin.
import {
  apiUnreachableResponse,
  boundedBody,
  forwardedRequestHeaders,
  proxiedResponseHeaders,
  proxyBodyLimit,
  refusedRequest,
  upstreamGraphqlUrl,
} from "@/lib/graphql/proxy-request";

export const dynamic = "force-dynamic";

async function proxy(request: Request): Promise<Response> {
  const refused = refusedRequest(request);
  if (refused) return refused;
  const url = upstreamGraphqlUrl(request.url);
  // Read no further than the API would take (a logo upload is far below it): refused before buffering.
  const body = request.method === "GET" ? undefined : await boundedBody(request, proxyBodyLimit());
  if (body instanceof Response) return body;
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method: request.method,
      headers: forwardedRequestHeaders(request.headers),
      body,
      cache: "no-store",
      redirect: "manual",
    });
  } catch (error) {
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    console.error(`[graphql proxy] ${new URL(url).origin}: ${String(cause?.code ?? error)}`);
    return apiUnreachableResponse(url);
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: proxiedResponseHeaders(upstream.headers),
  });
}

export const GET = proxy;
export const POST = proxy;

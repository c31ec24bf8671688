// The pure half of the /graphql proxy (src/app/graphql/route.ts): where to send the request, which headers
// cross in each direction, and the GraphQL-shaped 502 for an unreachable API. No next/* so node:test runs it.
import { apiGraphqlUrl } from "./request";

/** Request headers passed on to the API; everything else (host, connection, …) stays on this hop. */
export const FORWARDED_REQUEST_HEADERS = [
  "content-type",
  "accept",
  "cookie",
  "authorization",
  "user-agent",
  "x-forwarded-for",
] as const;

/**
 * `${LEVEE_API_URL}/graphql` plus the incoming query string (GraphQL GET requests carry the operation
 * there), read from `env` on every call so the URL follows the runtime environment, not the build's.
 */
export function upstreamGraphqlUrl(
  incomingUrl: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return `${apiGraphqlUrl(env)}${new URL(incomingUrl).search}`;
}

export function forwardedRequestHeaders(incoming: Headers): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

/** content-type plus every Set-Cookie, kept separate so levee_session lands on the web origin intact. */
export function proxiedResponseHeaders(upstream: Headers): Headers {
  const headers = new Headers();
  const contentType = upstream.get("content-type");
  if (contentType !== null) headers.set("content-type", contentType);
  for (const cookie of upstream.getSetCookie()) headers.append("set-cookie", cookie);
  return headers;
}

export const API_UNREACHABLE_CODE = "API_UNREACHABLE";

/**
 * What the browser gets when the API does not answer: a 502 that still parses as a GraphQL response. It names
 * the endpoint without the query string, which may hold a whole GET operation.
 */
export function apiUnreachableResponse(upstreamUrl: string): Response {
  const { origin, pathname } = new URL(upstreamUrl);
  const message = `API unreachable at ${origin}${pathname}`;
  return Response.json(
    { errors: [{ message, extensions: { code: API_UNREACHABLE_CODE } }] },
    { status: 502 },
  );
}

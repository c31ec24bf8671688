// The pure half of the /graphql proxy (src/app/graphql/route.ts): where to send the request, which headers
// cross in each direction, and the GraphQL-shaped 502 for an unreachable API. No next/* so node:test runs it.
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_SET_BY_SERVER } from "../http/client-address";
import { apiGraphqlUrl } from "./request";

/** Request headers passed on to the API; everything else (host, connection, …) stays on this hop. */
export const FORWARDED_REQUEST_HEADERS = [
  "content-type",
  "accept",
  "cookie",
  "authorization",
  "user-agent",
  // A logo upload's CSRF header (graphql/request.ts UPLOAD_CSRF_HEADER): the API wants it beside a cookie.
  "x-levee-upload",
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

/**
 * The client's own X-Forwarded-For never crosses: it is whatever the client typed. The address passed
 * on is the one web/server.ts decided from the socket (and, from a proxy in WEB_TRUST_PROXY, its
 * entry) and wrote into CLIENT_ADDRESS_HEADER, replacing anything the client sent; it is believed only
 * when server.ts says it runs (a bare `next start` passes no address). The API believes the header
 * only from the addresses in its TRUST_PROXY.
 */
export function forwardedRequestHeaders(
  incoming: Headers,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) headers.set(name, value);
  }
  const client = incoming.get(CLIENT_ADDRESS_HEADER)?.trim();
  if (env[CLIENT_ADDRESS_SET_BY_SERVER] === "1" && client) headers.set("x-forwarded-for", client);
  return headers;
}

/**
 * CSRF guard of the proxy (the API sees no browser Origin behind it): POSTs only as JSON or
 * multipart, and from this web app's own origin or one in ALLOWED_ORIGINS. Null when allowed,
 * else the GraphQL-shaped refusal.
 */
export function refusedRequest(
  request: Request,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Response | null {
  const origin = request.headers.get("origin");
  const allowed = (env.ALLOWED_ORIGINS ?? "").split(",").map((o) => o.trim());
  const host =
    request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  let sameOrigin = false;
  try {
    sameOrigin = origin !== null && new URL(origin).host === host;
  } catch {}
  if (origin !== null && !sameOrigin && !allowed.includes(origin))
    return refusal(403, "FORBIDDEN_ORIGIN", "This origin may not call this API");
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (
    request.method === "POST" &&
    !["application/json", "application/graphql+json", "multipart/form-data"].includes(type)
  )
    return refusal(415, "UNSUPPORTED_MEDIA_TYPE", "Send GraphQL operations as application/json");
  return null;
}

/** The API's own body limit (MAX_BODY_BYTES, default 4 MiB): the proxy reads no more than it would. */
export function proxyBodyLimit(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const configured = Number(env.MAX_BODY_BYTES);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : 4 * 1024 * 1024;
}

/**
 * The request's body, read only as far as `max` bytes: a Content-Length above it is refused before a
 * byte is read, and a body that grows past it (chunked, or lying) is cancelled there. Without this the
 * proxy buffered any body whole before the API's own limit (http/upload-gate.ts) could refuse it.
 * A GraphQL-shaped 413 when too large.
 */
export async function boundedBody(request: Request, max: number): Promise<ArrayBuffer | Response> {
  const tooLarge = () =>
    refusal(413, "PAYLOAD_TOO_LARGE", `Request body is larger than the limit of ${max} bytes`);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > max) return tooLarge();
  if (!request.body) return new ArrayBuffer(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out.buffer;
}

function refusal(status: number, code: string, message: string): Response {
  return Response.json({ errors: [{ message, extensions: { code } }] }, { status });
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

// Providers' acknowledgement callbacks (PagerDuty, Slack, OpsGenie) reach the API through the web origin, so
// the URL given to a provider can be this deployment's (or a custom domain's) address
// (app/hooks/alerts/[channel]/[provider]/route.ts calls forwardCallback).

import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_SET_BY_SERVER } from "../http/client-address";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROVIDERS = new Set(["pagerduty", "slack", "opsgenie"]);

/**
 * The headers the API checks (the signatures, Slack's timestamp) and reads (type, agent), nothing else: the
 * body is forwarded byte for byte, since each signature covers the raw body.
 */
const FORWARDED = [
  "content-type",
  "user-agent",
  "x-pagerduty-signature",
  "x-slack-signature",
  "x-slack-request-timestamp",
];

/** `${apiBase}/hooks/alerts/<channel>/<provider>?<query>` (OpsGenie's token rides in the query), or null. */
export function callbackUpstreamUrl(
  apiBase: string,
  channel: string,
  provider: string,
  search: string,
): string | null {
  if (!UUID.test(channel) || !PROVIDERS.has(provider)) return null;
  return `${apiBase.replace(/\/+$/, "")}/hooks/alerts/${channel}/${provider}${search}`;
}

/** The API's limit on a callback's body (api/src/alerts/inbound/callback.route.ts). */
export const MAX_CALLBACK_BYTES = 256 * 1024;

/** The request's body, or null when it is (or says it is) over `limit` bytes: read no further. */
export async function boundedBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/**
 * The headers above, and X-Forwarded-For: the caller's address as web/server.ts decided it (the socket's
 * peer, or a proxy in WEB_TRUST_PROXY's entry), as the /graphql proxy passes it, so the API's audit entry
 * for an acknowledgement names the provider's address, not this server's. The caller's own
 * X-Forwarded-For never crosses, and the address is passed only when server.ts says it wrote it (a bare
 * `next start` passes none). The API believes it only from an address in its TRUST_PROXY.
 */
export function forwardedCallbackHeaders(
  headers: Headers,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Headers {
  const out = new Headers();
  for (const name of FORWARDED) {
    const value = headers.get(name);
    if (value !== null) out.set(name, value);
  }
  const client = headers.get(CLIENT_ADDRESS_HEADER)?.trim();
  if (env[CLIENT_ADDRESS_SET_BY_SERVER] === "1" && client) out.set("x-forwarded-for", client);
  return out;
}

/**
 * POSTs the callback to the API with its raw body (each signature covers it byte for byte) and hands back
 * the API's answer: the API checks the signature and decides; this only routes.
 */
export async function forwardCallback(
  request: Request,
  apiBase: string,
  channel: string,
  provider: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Response> {
  const target = callbackUpstreamUrl(apiBase, channel, provider, new URL(request.url).search);
  if (!target) return new Response("Not found", { status: 404 });
  // The route is open to anyone: a body is read up to the API's own limit and no further, so a
  // huge POST costs this process nothing beyond it.
  const body = await boundedBody(request, MAX_CALLBACK_BYTES);
  if (!body) return new Response("Payload too large", { status: 413 });
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: "POST",
      headers: forwardedCallbackHeaders(request.headers, env),
      body,
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

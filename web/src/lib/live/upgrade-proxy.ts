// WebSocket upgrades of /graphql on the web origin, piped to the API (Next's route handlers cannot upgrade).
// The browser's cookie travels with the handshake, so the API authenticates the socket with the HTTP-only
// session exactly as it does HTTP requests. Cross-site handshakes are refused: a page on another origin
// must not open a socket with the user's cookie (cross-site WebSocket hijacking).
import type { IncomingMessage } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Duplex } from "node:stream";

/**
 * Handshake headers passed to the API; everything else stays on this hop. Not the browser's Origin:
 * proxyUpgrade has checked it against the host the browser connected to, as the HTTP proxy checks
 * it (graphql/proxy-request.ts, which passes none either). The API would judge it against its own
 * host and ALLOWED_ORIGINS, which name the deployment's hosts, never a workspace's verified custom
 * domain: there the dashboard's socket was refused (401) and the page stayed "Reconnecting…".
 */
export const UPGRADE_HEADERS = [
  "cookie",
  "user-agent",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-protocol",
  "sec-websocket-extensions",
] as const;

export function upgradeRequestHeaders(
  incoming: IncomingMessage["headers"],
  clientAddress: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { connection: "Upgrade", upgrade: "websocket" };
  for (const name of UPGRADE_HEADERS) {
    const value = incoming[name];
    if (typeof value === "string") headers[name] = value;
  }
  // Only the address this server saw: a browser-supplied X-Forwarded-For is not passed on.
  if (clientAddress) headers["x-forwarded-for"] = clientAddress;
  return headers;
}

/**
 * Same-origin check: an Origin header, when present, must name the host the browser connected to:
 * `visitedHost`, the one web/server.ts decided for every request (a WEB_TRUST_PROXY proxy's
 * X-Forwarded-Host, else Host). A proxy that passes its upstream's Host and the visitor's in
 * X-Forwarded-Host (as the README allows) had every socket refused against the raw Host.
 */
export function isSameOrigin(headers: IncomingMessage["headers"], visitedHost = headers.host): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true; // not a browser; cookies are the caller's own
  try {
    return new URL(origin).host === visitedHost;
  } catch {
    return false;
  }
}

function reject(socket: Duplex, status: string) {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function proxyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  apiBaseUrl: string,
  seen: { clientAddress: string | undefined; visitedHost: string | undefined },
  onError: (message: string) => void = () => {},
) {
  const { clientAddress, visitedHost } = seen;
  if (!isSameOrigin(req.headers, visitedHost)) return reject(socket, "403 Forbidden");
  const target = new URL("/graphql", apiBaseUrl);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const upstream = send(target, {
    method: "GET",
    headers: upgradeRequestHeaders(req.headers, clientAddress),
  });
  socket.on("error", () => upstream.destroy());
  upstream.on("upgrade", (response, upstreamSocket, upstreamHead) => {
    const lines = [`HTTP/1.1 ${response.statusCode} ${response.statusMessage}`];
    for (let i = 0; i < response.rawHeaders.length; i += 2) {
      lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
    }
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) upstreamSocket.write(head);
    upstreamSocket.on("error", () => socket.destroy());
    socket.on("close", () => upstreamSocket.destroy());
    upstreamSocket.on("close", () => socket.destroy());
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
  });
  upstream.on("response", (response) => {
    reject(socket, `${response.statusCode} ${response.statusMessage}`);
    response.resume();
  });
  upstream.on("error", (error) => {
    onError(`graphql-ws upgrade to ${target.origin}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    reject(socket, "502 Bad Gateway");
  });
  upstream.end();
}

import type { IncomingMessage } from "node:http";
import type { ApiKeyCache } from "../auth/api-key-cache.ts";
import { authenticate } from "../auth/authenticate.ts";
import type { Principal } from "../auth/principal.ts";
import type { RequestInfo } from "../context.ts";
import type { Db } from "../db/database.ts";

interface HeaderSource {
  get(name: string): string | null;
}

/** Who is calling, from where, and the key their requests are rate-limited under. */
export async function resolveCaller(
  db: Db,
  headers: HeaderSource,
  req: IncomingMessage | undefined,
  trustProxy: boolean | readonly string[],
  keyCache?: ApiKeyCache,
): Promise<{ principal: Principal; info: RequestInfo; rateKey: string }> {
  const credentials = { authorization: headers.get("authorization"), cookie: headers.get("cookie") };
  const principal = await authenticate(db, credentials, new Date(), keyCache);
  const ip = clientAddress(headers, req, trustProxy);
  const info = { ip, userAgent: headers.get("user-agent") };
  return { principal, info, rateKey: rateKeyOf(principal, ip) };
}

export function rateKeyOf(principal: Principal, ip: string | null): string {
  switch (principal.kind) {
    case "user":
      return `session:${principal.sessionId}`;
    case "agent":
    case "integration":
      return `key:${principal.apiKeyId}`;
    default:
      return `ip:${ip ?? "unknown"}`;
  }
}

/**
 * The socket's peer, unless that peer is a proxy we trust (TRUST_PROXY): then the last
 * X-Forwarded-For entry, the one our proxy wrote. Earlier entries are whatever the client sent.
 */
export function clientAddress(
  headers: HeaderSource,
  req: IncomingMessage | undefined,
  trustProxy: boolean | readonly string[],
): string | null {
  const peer = normalise(req?.socket.remoteAddress ?? null);
  const trusted =
    trustProxy === true || (Array.isArray(trustProxy) && peer !== null && trustProxy.includes(peer));
  if (trusted) {
    const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return normalise(forwarded);
  }
  return peer;
}

/** IPv4 peers of a dual-stack socket arrive as ::ffff:a.b.c.d. */
function normalise(address: string | null): string | null {
  return address?.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

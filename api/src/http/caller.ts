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
  trustProxy: boolean,
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

/** The socket's peer; X-Forwarded-For only when TRUST_PROXY=true (a proxy we trust set it). */
function clientAddress(
  headers: HeaderSource,
  req: IncomingMessage | undefined,
  trustProxy: boolean,
): string | null {
  if (trustProxy) {
    const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return req?.socket.remoteAddress ?? null;
}

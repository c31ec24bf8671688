import type { IncomingMessage } from "node:http";
import type { ApiKeyCache } from "../auth/api-key-cache.ts";
import { authenticate, readCookie, SESSION_COOKIE } from "../auth/authenticate.ts";
import { hashToken, tokenKindOf } from "../auth/credentials.ts";
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
  keyCache: ApiKeyCache,
): Promise<{ principal: Principal; info: RequestInfo; rateKey: string }> {
  const credentials = { authorization: headers.get("authorization"), cookie: headers.get("cookie") };
  const principal = await authenticate(db, credentials, keyCache, new Date(), (token) =>
    tokenHash(req, token),
  );
  const ip = clientAddress(headers, req, trustProxy);
  const info = { ip, userAgent: headers.get("user-agent") };
  return { principal, info, rateKey: rateKeyOf(principal, ip) };
}

/**
 * The rate key `resolveCaller` would give this request, when it is known without the database:
 * anonymous callers (their address) and API keys already in the key cache. Sessions, and keys
 * not cached, answer undefined (only `resolveCaller` knows them). Used to refuse a caller that is
 * already rate-limited before its body is read; never to let anyone in.
 */
export function knownRateKey(
  headers: HeaderSource,
  req: IncomingMessage | undefined,
  trustProxy: boolean | readonly string[],
  keyCache?: ApiKeyCache,
  /**
   * "address": a credential not known without the database answers its address's key instead
   * of undefined — for charging work done before the caller is known (parsing a new document),
   * which a junk cookie or token must not make free.
   */
  unknown: "undefined" | "address" = "undefined",
): string | undefined {
  const byAddress = () => rateKeyOf({ kind: "anonymous" }, clientAddress(headers, req, trustProxy));
  const unverified = () => (unknown === "address" ? byAddress() : undefined);
  const authorization = headers.get("authorization");
  if (authorization) {
    const bearer = authorization.match(/^Bearer\s+(\S+)$/i)?.[1];
    const kind = bearer ? tokenKindOf(bearer) : undefined;
    if (!bearer || (kind !== "agent" && kind !== "integration")) return unverified();
    const principal = keyCache?.get(tokenHash(req, bearer));
    return principal ? rateKeyOf(principal, null) : unverified();
  }
  if (readCookie(headers.get("cookie"), SESSION_COOKIE) !== undefined) return unverified();
  return byAddress();
}

const hashes = new WeakMap<IncomingMessage, { token: string; hash: string }>();

/**
 * A request's token hashed once: the router's early refusal, the pricing's rate key and the
 * authentication each need it (three SHA-256 of the same token per agent report over HTTP).
 * Kept with the request object, so it goes with it.
 */
function tokenHash(req: IncomingMessage | undefined, token: string): string {
  const known = req && hashes.get(req);
  if (known?.token === token) return known.hash;
  const hash = hashToken(token);
  if (req) hashes.set(req, { token, hash });
  return hash;
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
 * The socket's peer, unless that peer is a proxy we trust (TRUST_PROXY): then X-Forwarded-For
 * read from the right, the end our proxies wrote. With a list of proxies, entries that are
 * themselves listed are hops of ours and skipped (browser → web app → HAProxy → API: HAProxy
 * appends the web app's address after the browser's), and the first other entry is the client;
 * entries left of it are whatever the client sent. `true` trusts the last entry.
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
    const hops = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => normalise(entry.trim()))
      .filter((entry): entry is string => Boolean(entry));
    if (trustProxy === true) return hops.at(-1) ?? peer;
    while (hops.length > 1 && trustProxy.includes(hops.at(-1) as string)) hops.pop();
    if (hops.length > 0) return hops.at(-1) as string;
  }
  return peer;
}

/** IPv4 peers of a dual-stack socket arrive as ::ffff:a.b.c.d. */
function normalise(address: string | null): string | null {
  return address?.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

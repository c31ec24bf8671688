import type { Db } from "../db/database.ts";
import { AuthenticationError } from "../errors.ts";
import type { ApiKeyCache } from "./api-key-cache.ts";
import type { ApiKeyRow } from "./api-key-lookup.ts";
import { hashToken, tokenKindOf } from "./credentials.ts";
import type { Principal } from "./principal.ts";

export const SESSION_COOKIE = "levee_session";
const TOUCH_EVERY_MS = 60_000;

export interface Credentials {
  authorization?: string | null;
  cookie?: string | null;
}

/**
 * Resolves the caller. A bad bearer token rejects the request outright (an integration
 * must notice); a stale cookie only leaves the caller anonymous with the reason kept, so
 * public operations (login) still work and protected ones say why they refuse.
 */
export async function authenticate(
  db: Db,
  credentials: Credentials,
  /** Verified keys, and the batched look-up of the others (the only way a key is read). */
  keyCache: ApiKeyCache,
  now = new Date(),
  /** The token's hash (http/caller.ts hashes it once per request for every step that needs it). */
  hash: (token: string) => string = hashToken,
): Promise<Principal> {
  const bearer = credentials.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (credentials.authorization && !bearer) {
    throw new AuthenticationError("Authorization header must be `Bearer <token>`");
  }
  if (bearer) {
    const principal = await fromToken(db, bearer, now, hash, keyCache);
    if (principal.kind === "anonymous") throw new AuthenticationError(principal.problem);
    return principal;
  }
  const cookie = readCookie(credentials.cookie, SESSION_COOKIE);
  if (!cookie) return { kind: "anonymous" };
  // The cookie carries a session and nothing else: an API key set as a cookie (by anyone able to
  // set cookies for the domain) would sign a browser in as that key's holder.
  if (tokenKindOf(cookie) !== "session")
    return { kind: "anonymous", problem: "The session cookie holds no session" };
  return fromSession(db, hash(cookie), now);
}

async function fromToken(
  db: Db,
  token: string,
  now: Date,
  hashOf: (token: string) => string,
  keyCache: ApiKeyCache,
): Promise<Principal> {
  const kind = tokenKindOf(token);
  if (kind === "session") return fromSession(db, hashOf(token), now);
  if (kind === "agent" || kind === "integration") {
    const hash = hashOf(token);
    const cached = keyCache.get(hash, now.getTime());
    if (cached) return cached;
    const generation = keyCache.generation;
    const principal = fromApiKey(await keyCache.lookup.load(hash), now);
    if (principal.kind !== "anonymous")
      keyCache.set(hash, principal.principal, principal.expiresAt, generation, now.getTime());
    return principal.kind === "anonymous" ? principal : principal.principal;
  }
  return { kind: "anonymous", problem: "Unknown credential: not a Levee session or API key" };
}

async function fromSession(db: Db, tokenHash: string, now: Date): Promise<Principal> {
  const session = await db.session.findUnique({
    where: { tokenHash },
    include: { user: true },
  });
  if (!session || session.revokedAt)
    return { kind: "anonymous", problem: "Session is not valid; sign in again" };
  if (session.expiresAt <= now) return { kind: "anonymous", problem: "Session expired; sign in again" };
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  const { user } = session;
  return {
    kind: "user",
    userId: user.id,
    sessionId: session.id,
    email: user.email,
    name: user.name,
    expiresAt: session.expiresAt,
  };
}

function fromApiKey(
  key: ApiKeyRow | null,
  now: Date,
): Extract<Principal, { kind: "anonymous" }> | { kind: "key"; principal: Principal; expiresAt: Date | null } {
  if (!key) return { kind: "anonymous", problem: "Unknown API key" };
  if (key.revokedAt) return { kind: "anonymous", problem: `API key ${key.prefix} has been revoked` };
  if (key.expiresAt && key.expiresAt <= now)
    return { kind: "anonymous", problem: `API key ${key.prefix} has expired` };
  const label = `${key.name} (${key.prefix})`;
  if (key.kind === "AGENT") {
    if (!key.nodeId) return { kind: "anonymous", problem: `API key ${key.prefix} no longer has a node` };
    const principal = {
      kind: "agent" as const,
      apiKeyId: key.id,
      workspaceId: key.workspaceId,
      nodeId: key.nodeId,
      label,
      expiresAt: key.expiresAt,
    };
    return { kind: "key", principal, expiresAt: key.expiresAt };
  }
  const principal = {
    kind: "integration" as const,
    apiKeyId: key.id,
    workspaceId: key.workspaceId,
    scopes: key.scopes,
    label,
    expiresAt: key.expiresAt,
  };
  return { kind: "key", principal, expiresAt: key.expiresAt };
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [key, ...value] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join("="));
    } catch {
      return undefined; // malformed (bad %-escape): the same as no cookie, not a server error
    }
  }
  return undefined;
}

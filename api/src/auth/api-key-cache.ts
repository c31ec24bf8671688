import type { CoreServices } from "../core-services.ts";
import type { ApiKeyLookup } from "./api-key-lookup.ts";
import type { Principal } from "./principal.ts";

/** Revocation clears every instance at once (below); the TTL only bounds a missed announcement. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;

interface Entry {
  principal: Principal;
  until: number;
}

/**
 * Recently verified API keys (by hash), so an agent posting every second is not looked up in
 * the database every second (at 10,000 agents a 5 s TTL was 2,000 key look-ups a second). Entries live 60 s at most; revoking a key, re-enrolling or
 * deleting a node or workspace clears the cache on every instance at once (credentialsChanged),
 * so a revoked key stops working immediately, not after the TTL.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by clear(): a lookup that started before a revocation must not re-add its result. */
  generation = 0;

  /** Reads the keys this cache misses, in batches: authenticate's only way to a key's row. */
  constructor(readonly lookup: ApiKeyLookup) {}

  get(hash: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until > now) return entry.principal;
    this.entries.delete(hash);
    return undefined;
  }

  set(
    hash: string,
    principal: Principal,
    expiresAt: Date | null,
    generation: number,
    now = Date.now(),
  ): void {
    if (generation !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const until = Math.min(now + TTL_MS, expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
    this.entries.set(hash, { principal, until });
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

/** Call after a key was revoked or unbound: this instance forgets at once, the others via pub/sub. */
export function announceCredentialsChanged(
  services: { keyCache: ApiKeyCache } & Pick<CoreServices, "pubsub">,
  reason: string,
) {
  services.keyCache.clear();
  services.pubsub.publish("credentialsChanged", { reason });
}

/**
 * Call after a user's session ended (sign-out, a password change ending the others) or a
 * membership of theirs was removed or re-roled: the user's graphql-ws sockets whose session ended
 * are closed, and their streams that may no longer see their workspace end, on every instance at
 * once (auth/live-access.ts). Without it a quiet stream went on until its next event. Naming the
 * user, it leaves the API key caches and public answers alone, and costs nothing to other users'
 * streams but a comparison.
 */
export function announceUserCredentialsChanged(
  services: Pick<CoreServices, "pubsub">,
  reason: string,
  userId: string,
) {
  services.pubsub.publish("credentialsChanged", { reason, userId });
}

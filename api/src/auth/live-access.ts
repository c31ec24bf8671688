import type { GraphQLContext } from "../context.ts";
import type { Topics } from "../topics.ts";
import { Access } from "./access.ts";
import type { Permission } from "./permissions.ts";
import type { Principal } from "./principal.ts";

const RECHECK_MS = 5_000;

/** Is the credential behind a principal still good (session not ended, key not revoked)? */
export async function credentialStillValid(
  db: GraphQLContext["db"],
  principal: Principal,
  now = new Date(),
): Promise<boolean> {
  switch (principal.kind) {
    case "user": {
      const session = await db.session.findUnique({
        where: { id: principal.sessionId },
        select: { revokedAt: true, expiresAt: true },
      });
      return Boolean(session && !session.revokedAt && session.expiresAt > now);
    }
    case "integration":
    case "agent": {
      const key = await db.apiKey.findUnique({
        where: { id: principal.apiKeyId },
        select: { revokedAt: true, expiresAt: true },
      });
      return apiKeyValid(key, now);
    }
    default:
      return false;
  }
}

/** An API key row (or its absence: deleted) still lets its holder in. */
export function apiKeyValid(
  key: { revokedAt: Date | null; expiresAt: Date | null } | null,
  now = new Date(),
): boolean {
  return Boolean(key && !key.revokedAt && (!key.expiresAt || key.expiresAt > now));
}

/**
 * Passes a subscription's events on only while the subscriber may still see them: the
 * credential is re-checked and the role re-read (at most every 5 s), and the stream ends
 * quietly once either is gone — a removed member or a revoked key stops receiving.
 */
export async function* whileAllowed<T>(
  ctx: GraphQLContext,
  source: AsyncIterable<T>,
  workspaceId: string,
  permission: Permission,
): AsyncGenerator<T> {
  let checkedAt = Date.now();
  for await (const event of source) {
    if (Date.now() - checkedAt >= RECHECK_MS) {
      const allowed =
        (await credentialStillValid(ctx.db, ctx.principal)) &&
        (await new Access(ctx.db, ctx.principal).can(workspaceId, permission));
      if (!allowed) return;
      checkedAt = Date.now();
    }
    yield event;
  }
}

/** Topics whose events are keyed by one id (every topic is: a workspace's, or a node's). */
type KeyedTopic = Extract<keyof Topics, string>;

/**
 * The one subscription guard: the caller must hold `permission` in the workspace to start
 * (`what` names the object a refusal reports as not found), and receives events only while
 * still allowed (whileAllowed). Every subscription field goes through here.
 */
export async function subscribeInWorkspace<K extends KeyedTopic>(
  ctx: GraphQLContext,
  topic: K,
  key: Topics[K][0],
  workspaceId: string,
  permission: Permission,
  what?: string,
): Promise<AsyncGenerator<Topics[K][1]>> {
  await ctx.access.require(workspaceId, permission, what);
  // Every topic is keyed, but yoga's conditional argument type does not resolve for a generic K.
  const subscribe = ctx.pubsub.subscribe.bind(ctx.pubsub) as unknown as (
    topic: K,
    key: Topics[K][0],
  ) => AsyncIterable<Topics[K][1]>;
  return whileAllowed(ctx, subscribe(topic, key), workspaceId, permission);
}
